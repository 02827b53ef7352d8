"""Derived labour figures as panels: a region's labour cooperation, and whether an employment
record counts as stable in each year it touches (by the rule for that year)."""

from django.template.loader import render_to_string

from shanhai.core.views import object_panel

from .ledgers import EMPLOYMENT_OUTCOMES
from .selectors import (
    employment_by_destination,
    employment_reported_stable,
    employment_total,
    jobs_offered_total,
    labour_stations_for,
    order_classes_for,
    stability_rule_for,
    transports_total,
)


def _head(label, h) -> dict:
    return {
        "label": label, "workers": str(h.workers) if h.workers.records else "—",
        "itemised": h.workers.itemised, "aggregate": h.workers.aggregate,
        "poor": str(h.poor_workers) if h.poor_workers.records else "—", "poor_unknown": h.poor_unknown,
    }


@object_panel("regions.region", order=60)
def region_labour(request, region):
    """Labour records touching a region's subtree (either side). (The pairing page renders no
    panels yet; per-pairing figures are in ``api.LabourFiguresViewSet``.)"""
    user, where = request.user, {"region_prefix": region.prefix}
    employed = employment_total(user=user, **where)
    jobs = jobs_offered_total(user=user, **where)
    transported = transports_total(user=user, **where)
    stations = list(labour_stations_for(user=user, **where))
    classes = list(order_classes_for(user=user, **where))
    if not (employed.workers.records or jobs.records or transported.workers.records or stations or classes):
        return None
    rows = [_head(kind.name, h) for kind, h in employment_by_destination(user=user, **where)]
    return render_to_string("labour/_region_labour.html", {
        "jobs": jobs, "stations": stations, "classes": classes,
        "transported": _head("组织输送", transported), "rows": rows, "employed": _head("合计", employed),
        "reported_stable": _head("来源称稳定就业", employment_reported_stable(user=user, **where)),
        "employment_url": EMPLOYMENT_OUTCOMES.url("list") + f"?region={region.prefix}",
    }, request)


@object_panel("labour.employmentoutcome", order=10)
def outcome_stability(request, outcome):
    years = []
    if outcome.start and outcome.months_kept:
        last = (outcome.start.year * 12 + outcome.start.month - 2 + outcome.months_kept) // 12
        for year in range(outcome.start.year, last + 1):
            rule = stability_rule_for(year)
            if rule is None:
                years.append({"year": year, "rule": None})
                continue
            held = rule.months_counted(start=outcome.start, months_kept=outcome.months_kept, year=year)
            years.append({"year": year, "rule": rule, "held": held, "stable": held >= rule.min_months})
    return render_to_string("labour/_stability.html", {"outcome": outcome, "years": years}, request)
