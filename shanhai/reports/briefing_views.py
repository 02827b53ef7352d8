"""Pages for reconciliation (数据核对) and briefings (工作简报): thin callers of reconciliation.py and
briefing.py; the page, the API, the Excel export and the downloads read the same selectors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from shanhai.core.exporting import ExportColumn, export_response
from shanhai.core.views import object_panel, requested_year, year_choices
from shanhai.pairings.models import Pairing

from .briefing import briefing_build, briefing_docx, briefing_markdown, sentence_html
from .reconciliation import Status, reconciliation_counts, reconciliation_pairing, reconciliation_rows

EXPORT_FORMATS = ("xlsx", "csv", "csv-gbk")


def _optional_year(request) -> int | None:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and 1949 <= int(text) <= 2100:
        return int(text)
    return None


RECONCILIATION_COLUMNS = [
    ExportColumn("结对编号", lambda r: r.pairing.reference),
    ExportColumn("结对", lambda r: str(r.pairing)),
    ExportColumn("年度", lambda r: r.year),
    ExportColumn("指标", lambda r: r.indicator.name),
    ExportColumn("核对类别", lambda r: r.source_label),
    ExportColumn("报告数（汇总）", lambda r: r.stated.display),
    ExportColumn("台账（逐笔）", lambda r: r.counted.display),
    ExportColumn("差额", lambda r: r.difference_display),
    ExportColumn("状态", lambda r: r.status_text),
    ExportColumn("说明", lambda r: r.summary),
    ExportColumn("编号", lambda r: r.reference),
    ExportColumn("来源", lambda r: r.statement),
]


@login_required
def reconciliation_page(request):
    reference = request.GET.get("pairing", "").strip()
    pairing = None
    if reference:
        pairing = reconciliation_pairing(user=request.user, reference=reference)
        if pairing is None:
            raise Http404(_("结对编号不存在或不在您的权限范围内"))
    year = _optional_year(request)
    rows = reconciliation_rows(user=request.user, pairing=pairing, year=year)
    fmt = request.GET.get("export", "")
    if fmt in EXPORT_FORMATS:
        name = f"数据核对-{pairing.reference if pairing else '全部'}-{year or '全部年度'}"
        return export_response(columns=RECONCILIATION_COLUMNS, rows=rows, filename=name, fmt=fmt)
    counts = reconciliation_counts(rows)
    return render(request, "reports/reconciliation.html", {
        "pairing": pairing,
        "reference": reference,
        "year": year,
        "years": year_choices(timezone.localdate().year),
        "rows": rows,
        "counts": [(Status.LABELS[k], n, k) for k, n in counts.items()],
        "query": request.GET.urlencode(),
    })


# ---------------------------------------------------------------- briefing


def _visible_pairing(request, pk: int) -> Pairing:
    pairing = Pairing.objects.visible_to(request.user).filter(pk=pk).select_related("kind").first()
    if pairing is None:
        raise Http404
    return pairing


def _briefing(request, pk: int):
    pairing = _visible_pairing(request, pk)
    year = requested_year(request)
    return briefing_build(user=request.user, pairing=pairing, year=year)


def _filename(briefing) -> str:
    return f"{briefing.pairing.reference}-工作简报-{briefing.year}"


@login_required
def briefing_page(request, pk: int):
    briefing = _briefing(request, pk)
    return render(request, "reports/briefing.html", {
        "briefing": briefing,
        "pairing": briefing.pairing,
        "year": briefing.year,
        "years": year_choices(briefing.year),
        "opening": [sentence_html(s) for s in briefing.opening],
        "sections": [(s.heading, [sentence_html(t) for t in s.sentences]) for s in briefing.sections],
    })


@login_required
def briefing_markdown_download(request, pk: int):
    briefing = _briefing(request, pk)
    response = HttpResponse(briefing_markdown(briefing).encode("utf-8"), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(_filename(briefing))}.md"
    return response


@login_required
def briefing_docx_download(request, pk: int):
    briefing = _briefing(request, pk)
    response = HttpResponse(
        briefing_docx(briefing),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(_filename(briefing))}.docx"
    return response


@object_panel("pairings.pairing", order=90)
def pairing_briefing_panel(request, pairing):
    """Links from a pairing's page to its briefings (by year) and its reconciliation."""
    first = pairing.start_date.year if pairing.start_date else 2016
    years = [y for y in year_choices(timezone.localdate().year) if y >= first]
    return render_to_string("reports/briefing_panel.html", {"pairing": pairing, "years": years}, request=request)
