"""Pages of the returns: list, new, detail (figures, actions, trail), Excel export, roll-up; the work
logs' attachments; panels on a pairing's and a work log's page. Thin: services write, selectors read."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shanhai.assessment.figures import value_text
from shanhai.core.exporting import ExportColumn, export_response
from shanhai.core.records import qualified
from shanhai.core.tables import Column
from shanhai.core.uploads import attachment_response
from shanhai.core.views import (
    ScopedListView,
    can_change,
    home_panel,
    may_write_somewhere,
    object_history,
    object_panel,
    validation_errors_to_form,
)
from shanhai.pairings.models import Pairing

from . import services
from .filters import ReturnFilterSet
from .forms import AttachmentForm, CommentForm, FigureForm, ReturnCreateForm
from .ledgers import WORK_LOGS
from .models import PERIODS_IN_YEAR, PeriodKind, Return, ReturnState, period_label
from .selectors import (
    REPORTING_KINDS,
    Can,
    return_actions,
    return_can_create,
    return_can_review,
    return_figure_rows,
    return_review_refusal,
    return_rollup,
    returns_actions,
    returns_for,
    returns_to_act_on,
    work_logs_for,
)

ACTION_LABELS = {
    Can.EDIT: gettext_lazy("填报"), Can.SUBMIT: gettext_lazy("报送"), Can.SEND_BACK: gettext_lazy("退回"),
    Can.APPROVE: gettext_lazy("审核"), Can.REOPEN: gettext_lazy("重新打开"),
}
STATE_TAGS = {
    ReturnState.DRAFT: "", ReturnState.SUBMITTED: "tag-warn", ReturnState.RETURNED: "tag-warn",
    ReturnState.APPROVED: "tag-ok",
}


def return_url(ret) -> str:
    return reverse("returns:return_detail", args=[ret.pk])


def rollup_url(pairing_pk, kind, year, number) -> str:
    """The roll-up page of a pairing (``None``: the nation) for a period."""
    if pairing_pk is None:
        return reverse("returns:rollup_nation", args=[kind, year, number])
    return reverse("returns:rollup", args=[pairing_pk, kind, year, number])


def _actions_text(actions: set[str]) -> str:
    return "、".join(str(ACTION_LABELS[a]) for a in (Can.EDIT, Can.SUBMIT, Can.APPROVE, Can.SEND_BACK, Can.REOPEN)
                    if a in actions)


class ReturnListView(ScopedListView):
    template_name = "returns/return_list.html"
    filterset_class = ReturnFilterSet
    title = gettext_lazy("定期报表")
    export_name = gettext_lazy("定期报表")

    def annotate_rows(self, objects):
        allowed = returns_actions(self.request.user, objects)
        for ret in objects:
            ret.todo_text = _actions_text(allowed[ret.pk])
        return objects

    def get_columns(self):
        return [
            Column(_("结对"), lambda r: r.pairing.reference, link=lambda r: return_url(r), nowrap=True),
            Column(_("结对名称"), lambda r: r.pairing.display_name()),
            Column(_("报告期"), lambda r: r.period_label, link=lambda r: return_url(r), nowrap=True),
            Column(_("类型"), lambda r: r.get_period_kind_display(), nowrap=True),
            Column(_("状态"), lambda r: r.get_state_display(), nowrap=True),
            Column(_("报送人"), lambda r: r.submitted_by.first_name if r.submitted_by else "", nowrap=True),
            Column(_("报送时间"), lambda r: r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else "", nowrap=True),
            Column(_("审核人"), lambda r: r.reviewed_by.first_name if r.reviewed_by else "", nowrap=True),
            Column(_("您可办理"), lambda r: r.todo_text),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["create_url"] = reverse("returns:return_create")
        return ctx


@login_required
def return_create(request):
    if not may_write_somewhere(request.user):
        raise PermissionDenied(_("您的角色只读，不能新增记录。"))
    initial = {"pairing": request.GET.get("pairing", ""), "year": request.GET.get("year", "")}
    form = ReturnCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ret = services.return_create(
                actor=request.user, pairing=data["pairing"], period_kind=data["period_kind"], year=data["year"],
                period_no=data["period_no"],
            )
        except ValidationError as exc:
            validation_errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error("pairing", str(exc))
        else:
            messages.success(request, _("已建立报表：%(ret)s（已按台账预填）") % {"ret": ret})
            return redirect(return_url(ret))
    return render(request, "core/form.html", {
        "form": form, "title": _("新建定期报表"), "cancel_url": reverse("returns:return_list"),
    })


def _visible_return(request, pk) -> Return:
    return get_object_or_404(returns_for(user=request.user), pk=pk)


@login_required
def return_detail(request, pk):
    ret = _visible_return(request, pk)
    actions = return_actions(request.user, ret)
    rows = return_figure_rows(user=request.user, ret=ret)
    user = request.user
    parent = Pairing.objects.visible_to(user).filter(pk=ret.pairing.parent_id, kind_id__in=REPORTING_KINDS).first()
    has_children = Pairing.objects.visible_to(user).filter(parent=ret.pairing, kind_id__in=REPORTING_KINDS).exists()
    return render(request, "returns/return_detail.html", {
        "ret": ret, "rows": rows, "actions": actions, "can_edit": Can.EDIT in actions,
        # a reviewer who filled it this round is told why there is no review button (four eyes)
        "review_refusal": return_review_refusal(user, ret) if ret.state == ReturnState.SUBMITTED else "",
        "state_tag": STATE_TAGS.get(ret.state, ""),
        "events": ret.events.select_related("actor"),
        "history": object_history(user, ret),
        "approved": ret.state == ReturnState.APPROVED,
        "parent_rollup_url": rollup_url(parent.pk, ret.period_kind, ret.year, ret.period_no) if parent else "",
        "own_rollup_url": rollup_url(ret.pairing.pk, ret.period_kind, ret.year, ret.period_no) if has_children else "",
        "comment_form": CommentForm(),
    })


# What each action's button posts to, and the service it calls.
def _run(action, *, actor, ret, comment):
    if action == "submit":
        return services.return_submit(actor=actor, ret=ret, comment=comment)
    if action == "send-back":
        return services.return_send_back(actor=actor, ret=ret, comment=comment)
    if action == "approve":
        return services.return_approve(actor=actor, ret=ret, comment=comment)
    if action == "reopen":
        return services.return_reopen(actor=actor, ret=ret, reason=comment)
    if action == "refresh":
        return services.return_refresh(actor=actor, ret=ret)
    raise Http404


ACTION_DONE = {
    "submit": gettext_lazy("已报送"), "send-back": gettext_lazy("已退回"), "approve": gettext_lazy("已审核通过"),
    "reopen": gettext_lazy("已重新打开"), "refresh": gettext_lazy("已按台账重新预填"),
}


@login_required
@require_POST
def return_action(request, pk, action):
    ret = _visible_return(request, pk)
    if action not in ACTION_DONE:
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        _run(action, actor=request.user, ret=ret, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{ACTION_DONE[action]}：{ret}")
    return redirect(return_url(ret))


@login_required
@require_POST
def figure_set(request, pk, figure_pk):
    ret = _visible_return(request, pk)
    figure = get_object_or_404(ret.figures.select_related("indicator"), pk=figure_pk)
    form = FigureForm(request.POST)
    form.is_valid()
    try:
        services.return_figure_set(
            actor=request.user, figure=figure, value=form.cleaned_data.get("value", ""),
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已保存：%(name)s") % {"name": figure.indicator.name})
    return redirect(return_url(ret) + f"#figure-{figure.pk}")


@login_required
def return_export(request, pk):
    """The return as Excel (or CSV): the same figures the page shows."""
    ret = _visible_return(request, pk)
    rows = return_figure_rows(user=request.user, ret=ret)
    approved = ret.state == ReturnState.APPROVED
    columns = [
        ExportColumn(_("考核维度"), lambda r: r.indicator.dimension.name),
        ExportColumn(_("指标"), lambda r: r.indicator.name),
        ExportColumn(_("计量单位"), lambda r: r.indicator.unit),
        ExportColumn(_("台账预填数"), lambda r: r.figure.prefilled),
        ExportColumn(_("预填依据"), lambda r: r.figure.basis),
        ExportColumn(_("填报数"), lambda r: r.figure.reported),
        ExportColumn(_("报表数"), lambda r: r.figure.value),
        ExportColumn(_("审核数"), lambda r: r.figure.approved),
        *([ExportColumn(_("当前台账数"), lambda r: r.current.value if r.current else None),
           ExportColumn(_("变动（当前−审核）"), lambda r: r.drift)] if approved else []),
        ExportColumn(_("说明"), lambda r: r.figure.note),
    ]
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv", "csv-gbk"):
        fmt = "xlsx"
    name = f"{ret.pairing.reference}_{ret.period_label}_{ret.get_state_display()}"
    return export_response(columns=columns, rows=rows, filename=name, fmt=fmt)


def _cell(value, unit, qualifier="") -> str:
    return "—" if value is None else qualified(value_text(value, unit), qualifier)


@login_required
def rollup(request, period_kind, year, period_no, pairing_pk=None):
    """A pairing's roll-up for a period, or the nation's (its province pairs) without a pairing."""
    user = request.user
    pairing = None
    if pairing_pk is not None:
        pairing = get_object_or_404(Pairing.objects.visible_to(user), pk=pairing_pk)
    if period_kind not in PERIODS_IN_YEAR or not 1 <= period_no <= PERIODS_IN_YEAR[period_kind]:
        raise Http404
    found = return_rollup(user=user, pairing=pairing, period_kind=period_kind, year=year, period_no=period_no)
    own = None
    if pairing is not None:
        own = returns_for(user=user, pairing=pairing, year=year, period_kind=period_kind).filter(period_no=period_no).first()
    here = pairing.pk if pairing else None
    periods = [
        {"label": period_label(k, year, n), "url": rollup_url(here, k, year, n), "current": (k, n) == (period_kind, period_no)}
        for k in (PeriodKind.YEARLY, PeriodKind.QUARTERLY) for n in range(1, PERIODS_IN_YEAR[k] + 1)
    ]
    children = [
        {"c": c, "url": return_url(c.ret) if c.ret else "", "rollup_url": rollup_url(c.pairing.pk, period_kind, year, period_no)}
        for c in found.children
    ]
    counted = [c for c in found.children if c.counted]
    table = [
        {"line": line, "cells": [
            _cell(c.values.get(line.indicator.key), line.indicator.unit, c.qualifiers.get(line.indicator.key, ""))
            for c in counted
        ]}
        for line in found.lines
    ]
    # the level above, where the user sees it (a county office does not see its city pair)
    parent = None
    if pairing is not None and pairing.parent_id:
        parent = Pairing.objects.visible_to(user).filter(pk=pairing.parent_id).first()
    parent_url = ""
    if parent is not None:
        parent_url = rollup_url(parent.pk, period_kind, year, period_no)
    elif pairing is not None and pairing.parent_id is None:
        parent_url = rollup_url(None, period_kind, year, period_no)
    return render(request, "returns/rollup.html", {
        "pairing": pairing, "name": pairing.display_name() if pairing else _("全国"),
        "rollup": found, "children": children, "own": own, "counted": counted, "table": table,
        "own_url": return_url(own) if own else "", "label": period_label(period_kind, year, period_no),
        "periods": periods, "parent_name": parent.display_name() if parent else _("全国"), "parent_url": parent_url,
    })


# ---------------------------------------------------------------- work-log attachments


@login_required
def work_log_attachment(request, pk):
    """GET: the attachment, to those who read the pairing. POST: attach or replace it."""
    log = get_object_or_404(work_logs_for(user=request.user), pk=pk)
    back = WORK_LOGS.url("detail", log.pk)
    if request.method != "POST":
        return attachment_response(log.attachment)
    form = AttachmentForm(request.POST, request.FILES)
    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = nxt
    if form.is_valid():
        try:
            services.work_log_attach(actor=request.user, log=log, attachment=form.cleaned_data["attachment"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已上传附件：%(obj)s") % {"obj": log})
            return redirect(back)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, _("附件未上传：%(reason)s") % {"reason": message})
    return redirect(back)


# ---------------------------------------------------------------- panels

PANEL_RETURNS = 8


@object_panel("pairings.pairing", order=40)
def pairing_returns_panel(request, pairing):
    if pairing.kind_id not in REPORTING_KINDS:
        return None
    user = request.user
    recent = list(returns_for(user=user, pairing=pairing).order_by("-year", "period_kind", "-period_no")[:PANEL_RETURNS])
    allowed = returns_actions(user, recent)
    has_children = Pairing.objects.visible_to(user).filter(parent=pairing, kind_id__in=REPORTING_KINDS).exists()
    years = sorted({r.year for r in recent}, reverse=True)
    logs = list(work_logs_for(user=user, pairing=pairing)[:5])
    return render_to_string("returns/_pairing_returns.html", {
        "pairing": pairing,
        "rows": [{"r": r, "url": return_url(r), "tag": STATE_TAGS.get(r.state, ""), "todo": _actions_text(allowed[r.pk])}
                 for r in recent],
        "list_url": reverse("returns:return_list") + f"?pairing={pairing.reference}",
        "create_url": reverse("returns:return_create") + f"?pairing={pairing.reference}"
        if return_can_create(user, pairing) else "",
        "rollups": [{"year": y, "url": rollup_url(pairing.pk, PeriodKind.YEARLY, y, 1)} for y in years]
        if has_children else [],
        "reviewer": has_children and return_can_review(user, pairing),
        "logs": [{"log": log, "url": WORK_LOGS.url("detail", log.pk)} for log in logs],
        "logs_url": WORK_LOGS.url("list") + f"?pairing={pairing.reference}",
        "log_create_url": WORK_LOGS.url("create") if can_change(user, pairing) else "",
    }, request)


@home_panel(order=30)
def returns_home_panel(request):
    """定期报表待办: returns the user should fill and submit, or review."""
    waiting = returns_to_act_on(user=request.user)
    if not waiting:
        return None
    return render_to_string("returns/_home.html", {
        "rows": [{"r": r, "url": return_url(r), "tag": STATE_TAGS.get(r.state, ""),
                  "todo": "、".join(str(ACTION_LABELS[a]) for a in (Can.SUBMIT, Can.APPROVE, Can.SEND_BACK) if a in acts)}
                 for r, acts in waiting],
        "list_url": reverse("returns:return_list"),
    }, request)


@object_panel("returns.worklog", order=10)
def work_log_attachment_panel(request, log):
    return render_to_string("returns/_work_log_attachment.html", {
        "log": log,
        "url": reverse("returns:work_log_attachment", args=[log.pk]),
        "can_upload": can_change(request.user, log),
        "form": AttachmentForm(),
        "next": request.get_full_path(),
    }, request)
