"""Pages for reconciliation (数据核对) and briefings (工作简报): thin callers of reconciliation.py and
briefing.py; the page, the API, the Excel export and the downloads read the same selectors."""

import zipfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shanhai.core.exporting import ExportColumn, export_response
from shanhai.core.views import object_panel, requested_year, year_choices
from shanhai.core.years import year_or_none
from shanhai.pairings.models import Pairing

from .briefing import briefing_build, briefing_docx, briefing_issue, briefing_markdown, sentence_html
from .reconciliation import (
    Status,
    likely_duplicate_pairs,
    possible_overlaps,
    reconciliation_counts,
    reconciliation_pairing,
    reconciliation_rows,
    totals_with_parts,
)

EXPORT_FORMATS = ("xlsx", "csv", "csv-gbk")


def _optional_year(request) -> int | None:
    return year_or_none(request.GET.get("year", ""))


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
        "totals_with_parts": totals_with_parts(user=request.user, pairing=pairing, year=year),
        "likely_duplicates": likely_duplicate_pairs(user=request.user, pairing=pairing, year=year),
        "possible_overlaps": possible_overlaps(user=request.user, pairing=pairing, year=year),
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


ISSUE_FIELDS = ("issue", "office", "date", "report_to", "send_to")


def _issue(request):
    """第X期, the issuing office, the date and 报/送 from the query string or the posted form (the
    defaults when empty)."""
    data = request.POST if request.method == "POST" else request.GET
    given = {name: data.get(name, "") for name in ISSUE_FIELDS}
    try:
        return briefing_issue(number=given.pop("issue"), **given)
    except ValueError as e:
        raise BadRequest(str(e)) from None


def _filename(briefing) -> str:
    return f"{briefing.pairing.reference}-工作简报-{briefing.year}"


@login_required
def briefing_page(request, pk: int):
    briefing = _briefing(request, pk)
    return render(request, "reports/briefing.html", {
        "briefing": briefing,
        "issue": _issue(request),
        "pairing": briefing.pairing,
        "year": briefing.year,
        "years": year_choices(briefing.year),
        "opening": [sentence_html(s) for s in briefing.opening],
        "sections": [(s.heading, [sentence_html(t) for t in s.sentences]) for s in briefing.sections],
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def briefing_markdown_download(request, pk: int):
    briefing = _briefing(request, pk)
    response = HttpResponse(briefing_markdown(briefing, _issue(request)).encode("utf-8"), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(_filename(briefing))}.md"
    return response


TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def _own_template(request):
    """An office's own Word template posted with the download (used once, not kept), or None."""
    upload = request.FILES.get("template") if request.method == "POST" else None
    if upload is None:
        return None
    if upload.size > TEMPLATE_MAX_BYTES or not zipfile.is_zipfile(upload):
        raise BadRequest(_("模板须为不大于 5 MB 的 Word 文件（.docx）。"))
    upload.seek(0)
    return upload


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def briefing_docx_download(request, pk: int):
    """The briefing as Word: the default template, the one SHANHAI_BRIEFING_TEMPLATE names, or one
    the office posts with the request (kept for this download only)."""
    briefing = _briefing(request, pk)
    issue, template = _issue(request), _own_template(request)
    try:
        content = briefing_docx(briefing, issue, template=template)
    except Exception as e:  # an office's template that docxtpl cannot fill
        if template is None:
            raise
        raise BadRequest(_("模板无法使用：%(e)s") % {"e": str(e)[:200]}) from None
    response = HttpResponse(
        content,
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
