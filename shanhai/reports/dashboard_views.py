"""Dashboard and scorecard pages: thin callers of ``dashboards`` and ``scorecard``. The charts'
ECharts options are built here from the selectors' series (STYLE habit 12); the page only renders them."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from shanhai.assessment.models import MONEY_UNIT
from shanhai.core.views import home_panel, object_panel
from shanhai.pairings.models import ASSESSED_KINDS
from shanhai.pairings.selectors import pairing_network, pairings_for
from shanhai.pairings.views import network_chart

from .dashboards import (
    Dashboard,
    dashboard_years,
    default_year,
    nation_dashboard,
    pairing_dashboard,
    top_pairings,
)
from .scorecard import COUNTY, pair_scorecard, scorecard, scorecard_title, scorecard_workbook

WAN = Decimal(10000)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_year(request, *, user, pairings, years: list[int]) -> int | None:
    """``?year=`` when it has an indicator set; else the latest year with records for the pairs."""
    text = request.GET.get("year", "")
    if text.isdigit() and int(text) in years:
        return int(text)
    return default_year(user=user, pairings=pairings, years=years)


def visible_pairing(user, pk) -> object:
    pairing = pairings_for(user=user).filter(pk=pk).first()
    if pairing is None:
        raise Http404(_("结对不存在或不在您的权限范围内。"))
    return pairing


# ---------------------------------------------------------------- charts (options from the selectors' series)


def _number(value: Decimal | None) -> str | None:
    """A chart value as a decimal string (ECharts reads numeric strings; no float holds the figure)."""
    return None if value is None else f"{value.normalize():f}"


def completion_chart(dashboard: Dashboard) -> dict:
    """Bars: completion (%) of every indicator that has a target, grouped by dimension."""
    rows = [r for r in dashboard.results if r.completion is not None]
    return {
        "grid": {"left": 48, "right": 16, "top": 28, "bottom": 96},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [r.indicator.name for r in rows],
                  "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "min": 0, "axisLabel": {"formatter": "{value}%"}},
        "series": [{
            "type": "bar", "name": _("完成率"), "barMaxWidth": 36,
            "data": [{"value": _number(r.completion),
                      "itemStyle": {"color": "#1d7a43" if r.completion >= 100 else "#c98a1b"}} for r in rows],
            "label": {"show": True, "position": "top", "formatter": "{c}%"},
            "markLine": {"silent": True, "symbol": "none", "label": {"show": False}, "data": [{"yAxis": 100}],
                         "lineStyle": {"color": "#b8251c"}},
        }],
    }


def dimension_chart(dashboard: Dashboard) -> dict:
    """Bars: each dimension's score against its weight."""
    dims = dashboard.dimensions
    return {
        "grid": {"left": 48, "right": 16, "top": 36, "bottom": 36},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 4},
        "xAxis": {"type": "category", "data": [d.dimension.name for d in dims]},
        "yAxis": {"type": "value", "min": 0},
        "series": [
            {"type": "bar", "name": _("权重（分）"), "data": [_number(d.weight) for d in dims], "itemStyle": {"color": "#c9d4e0"}},
            {"type": "bar", "name": _("得分"), "data": [_number(d.score) for d in dims], "itemStyle": {"color": "#1f4c7a"},
             "label": {"show": True, "position": "top"}},
        ],
    }


def trend_chart(dashboard: Dashboard) -> dict:
    """Lines: the money indicators year by year over the set's years up to the selected year, in 万元."""
    years = dashboard.trend_years
    series = []
    for trend in dashboard.trends:
        by_year = {y: f for y, f in trend.points}
        series.append({
            "type": "line", "name": trend.indicator.name, "smooth": False, "symbolSize": 7,
            "data": [_number(by_year[y].value / WAN) if y in by_year and by_year[y].value is not None else None
                     for y in years],
        })
    return {
        "grid": {"left": 64, "right": 16, "top": 56, "bottom": 28},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 4, "type": "scroll"},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value", "name": _("万元"), "axisLabel": {"formatter": "{value}"}},
        "series": series,
    }


def _charts(user, dashboard: Dashboard) -> dict:
    network = pairing_network(user=user, root=dashboard.pairing)
    return {
        "completion": completion_chart(dashboard),
        "dimensions": dimension_chart(dashboard),
        "trend": trend_chart(dashboard),
        "network": network_chart(network),
        "network_size": len(network["nodes"]),
    }


def _sections(dashboard: Dashboard, undated: dict[str, int] | None = None) -> list[dict]:
    """Each dimension with its indicators; on the nation page each row also carries the top pairs'.
    ``undated``: records without a year by ledger list URL, shown beside the figures read from that ledger."""
    side_by_side = dashboard.pairing is None
    return [
        {"group": d, "rows": [
            {"result": r, "parts": [row.result(r.indicator.key) for row in dashboard.children] if side_by_side else [],
             "undated": _undated_for(r, undated or {})}
            for r in d.results
        ]}
        for d in dashboard.dimensions
    ]


def _undated_for(result, undated: dict[str, int]) -> int:
    link = result.actual.link or result.cumulative.link
    path = link.split("?", 1)[0]
    return undated.get(path, 0) if path else 0


def _apart(user, pairing, year: int) -> dict:
    """What the year's figures leave out, shown apart: spans covering the year, expected figures,
    and records without a year (by their ledger's list page, as the figures link to it)."""
    from shanhai.core.ledger import ledgers_all

    from .figures_apart import expected_apart, spans_covering, undated_counts

    urls = {ledger.slug: ledger.url("list") for ledger in ledgers_all()}
    return {
        "spans": spans_covering(user=user, pairing=pairing, year=year),
        "expected": expected_apart(user=user, pairing=pairing, year=year),
        "undated": {urls[slug]: n for slug, n in undated_counts(user=user, pairing=pairing).items() if slug in urls},
    }


def _ancestors(user, pairing) -> list:
    visible = set(pairings_for(user=user).values_list("pk", flat=True))
    chain, node, seen = [], pairing.parent, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        if node.pk in visible:
            chain.append(node)
        node = node.parent
    return list(reversed(chain))


# ---------------------------------------------------------------- dashboards


@login_required
def dashboard_page(request, pk):
    user = request.user
    pairing = visible_pairing(user, pk)
    years = dashboard_years()
    year = chosen_year(request, user=user, pairings=[pairing], years=years)
    if year is None:
        raise Http404(_("尚无指标体系。"))
    dashboard = pairing_dashboard(user=user, pairing=pairing, year=year)
    apart = _apart(user, pairing, year)
    return render(request, "reports/dashboard.html", {
        "dashboard": dashboard, "pairing": pairing, "year": year, "years": years,
        "sections": _sections(dashboard, apart["undated"]), "charts": _charts(user, dashboard),
        "spans": apart["spans"], "expected": apart["expected"],
        "ancestors": _ancestors(user, pairing),
        "has_scorecard": pairing.kind_id in ASSESSED_KINDS,
    })


@login_required
def nation_dashboard_page(request):
    user = request.user
    years = dashboard_years()
    year = chosen_year(request, user=user, pairings=top_pairings(user=user), years=years)
    if year is None:
        raise Http404(_("尚无指标体系。"))
    dashboard = nation_dashboard(user=user, year=year)
    return render(request, "reports/dashboard_nation.html", {
        "dashboard": dashboard, "year": year, "years": years,
        "sections": _sections(dashboard), "charts": _charts(user, dashboard),
    })


# ---------------------------------------------------------------- scorecards


@login_required
def scorecard_page(request, pk):
    user = request.user
    pairing = visible_pairing(user, pk)
    years = dashboard_years()
    year = chosen_year(request, user=user, pairings=[pairing], years=years)
    if year is None:
        raise Http404(_("尚无指标体系。"))
    if pairing.kind_id == COUNTY:
        card = pair_scorecard(user=user, pairing=pairing, year=year)
        return render(request, "reports/scorecard_pair.html", {
            "card": card, "pairing": pairing, "year": year, "years": years, "row": card.row,
            "sections": [{"group": d, "rows": [{"result": r, "parts": []} for r in d.results]} for d in card.row.dimensions],
        })
    card = scorecard(user=user, parent=pairing, year=year)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(scorecard_workbook(card), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(scorecard_title(card))}.xlsx"
        return response
    return render(request, "reports/scorecard.html", {
        "card": card, "pairing": pairing, "year": year, "years": years, "title": scorecard_title(card),
        "ancestors": _ancestors(user, pairing),
        "details": [
            {"dimension": dimension, "indicators": [
                {"indicator": ind, "cells": [row.result(ind.key) for row in card.rows],
                 "summary": card.summary.result(ind.key), "money": ind.unit == MONEY_UNIT}
                for ind in inds
            ]}
            for dimension, inds in card.groups
        ],
    })


# ---------------------------------------------------------------- links on other pages


@object_panel("pairings.pairing", order=40)
def pairing_dashboard_panel(request, pairing):
    """On a pairing's page: its dashboard and scorecard (nothing computed here, links only)."""
    return render_to_string("reports/_dash_pairing_panel.html", {
        "pairing": pairing,
        "assessed": pairing.kind_id in ASSESSED_KINDS,
        "dashboard_url": reverse("reports:dashboard", args=[pairing.pk]),
        "scorecard_url": reverse("reports:scorecard", args=[pairing.pk]),
    }, request)


@home_panel(order=25)
def dashboards_home_panel(request):
    """The nation's dashboard and the dashboards of the top pairs the user sees."""
    return render_to_string("reports/_dash_home.html", {"pairings": top_pairings(user=request.user)[:20]}, request)
