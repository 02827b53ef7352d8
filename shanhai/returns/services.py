"""Writes for returns: create (prefilled), refresh, set a figure, submit, send back, approve, reopen.

Each is atomic, takes the acting user, asks ``selectors.return_refusal`` (the table of who may do
what, ADR 013) whether that user may take the step, and writes both the return's own trail (``ReturnEvent``) and the audit trail (who, when,
before, after) in the same transaction. Work logs are a ledger, through the core record services.
"""

from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanhai.assessment.selectors import indicators_for
from shanhai.core.audit import AuditAction, audit_record, snapshot
from shanhai.core.scope import Action, scope_require
from shanhai.core.services import WriteConflict, audited_save, record_create, record_delete, record_update
from shanhai.pairings.models import Pairing

from .models import Return, ReturnAction, ReturnEvent, ReturnFigure, ReturnState, WorkLog
from .selectors import REPORTING_KINDS, Can, prefill_figure, return_create_refusal, return_refusal


class ReturnPeriodTaken(WriteConflict):
    """The pairing already has a return for the period, perhaps made a moment ago by another office:
    a conflict (409 in the API), not a mistake in what was typed; a page shows it on the form."""


# ---------------------------------------------------------------- helpers


def _save(*, actor, obj, before: dict | None) -> None:
    """Validate, save and audit a row whose step ``return_can`` has already allowed."""
    obj.full_clean()
    obj.save()
    after = snapshot(obj)
    if before != after:
        audit_record(
            actor=actor, action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            obj=obj, before=before, after=after,
        )


def _event(*, ret: Return, action: str, actor, comment: str = "") -> ReturnEvent:
    return ReturnEvent.objects.create(ret=ret, action=action, actor=actor, state_after=ret.state, comment=comment)


def _locked(ret: Return) -> Return:
    return Return.objects.select_for_update().select_related("pairing").get(pk=ret.pk)


def _check(ret: Return, actor, action: str) -> None:
    """Refuse a step the table does not allow: out of scope, without the role, or reviewing what one
    filled in this round, PermissionDenied; in the wrong state, ValidationError."""
    refusal = return_refusal(actor, ret, action)
    if refusal is None:
        return
    if refusal.kind == "state":
        raise ValidationError(refusal.message)
    raise PermissionDenied(refusal.message)


def _prefill(*, actor, ret: Return) -> int:
    """(Re)write each indicator's prefilled figure; typed figures and notes stay. Returns rows changed."""
    changed = 0
    held = {f.indicator_id: f for f in ret.figures.select_related("indicator")}
    for indicator in indicators_for(year=ret.year):
        found = prefill_figure(user=actor, indicator=indicator, pairing=ret.pairing, year=ret.year)
        fig = held.get(indicator.pk)
        before = snapshot(fig) if fig is not None else None
        fig = fig or ReturnFigure(ret=ret, indicator=indicator)
        fig.prefilled, fig.prefilled_qualifier = found.value, found.qualifier
        fig.basis, fig.link = found.basis, found.link
        if before is None or snapshot(fig) != before:
            _save(actor=actor, obj=fig, before=before)
            changed += 1
    return changed


# ---------------------------------------------------------------- returns


def return_create(*, actor, pairing, period_kind: str, year: int, period_no: int) -> Return:
    """A new return in draft, every indicator of the year's set prefilled from the ledgers."""
    with transaction.atomic():
        refusal = return_create_refusal(actor, pairing)
        if refusal is not None:
            scope_require(actor, pairing, Action.CHANGE)  # says which regions are out of scope
            raise PermissionDenied(refusal.message)
        if pairing.kind_id not in REPORTING_KINDS:
            raise ValidationError({"pairing": _("定期报表按省际、市际、县县结对填报；“%(p)s”是%(kind)s，其数据计入上级县县结对。") % {
                "p": pairing, "kind": pairing.kind.name,
            }})
        if not indicators_for(year=year):
            raise ValidationError({"year": _("%(year)s 年没有适用的指标体系，不能建立报表。") % {"year": year}})
        # Offices creating one period at once queue here (FOR NO KEY UPDATE leaves rows that point to
        # the pairing free to be written), so each but the first finds the period taken below.
        Pairing.objects.select_for_update(no_key=True).filter(pk=pairing.pk).first()
        if Return.objects.filter(pairing=pairing, period_kind=period_kind, year=year, period_no=period_no).exists():
            raise ReturnPeriodTaken(_("该结对已有这一期的报表。"))
        now = timezone.now()
        ret = Return(
            pairing=pairing, period_kind=period_kind, year=year, period_no=period_no, state=ReturnState.DRAFT,
            created_by=actor, created_at=now, prefilled_at=now,
        )
        audited_save(actor=actor, obj=ret)
        _prefill(actor=actor, ret=ret)
        _event(ret=ret, action=ReturnAction.CREATE, actor=actor, comment=_("按台账预填"))
        return ret


def return_refresh(*, actor, ret: Return) -> Return:
    """Prefill a draft or returned return again from the ledgers as they stand now."""
    with transaction.atomic():
        ret = _locked(ret)
        _check(ret, actor, Can.EDIT)
        before = snapshot(ret)
        changed = _prefill(actor=actor, ret=ret)
        ret.prefilled_at = timezone.now()
        _save(actor=actor, obj=ret, before=before)
        _event(ret=ret, action=ReturnAction.EDIT, actor=actor,
               comment=_("按台账重新预填（%(n)s 项有变化）") % {"n": changed})
        return ret


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        found = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValidationError({"reported": _("填报数应为数字：%(v)s") % {"v": value}}) from exc
    if not found.is_finite():
        raise ValidationError({"reported": _("填报数应为数字：%(v)s") % {"v": value}})
    return found


def return_figure_set(*, actor, figure: ReturnFigure, value, note: str | None = None) -> ReturnFigure:
    """Type (or clear, with None) the figure of an indicator that allows reporting by hand."""
    with transaction.atomic():
        ret = _locked(figure.ret)
        figure = ReturnFigure.objects.select_for_update().select_related("indicator").get(pk=figure.pk)
        _check(ret, actor, Can.EDIT)
        value = _decimal(value)
        if not figure.indicator.reported and value is not None:
            raise ValidationError({"reported": _("指标“%(name)s”由台账计算，不能手工填报；请在台账中登记。") % {
                "name": figure.indicator.name,
            }})
        before = snapshot(figure)
        figure.ret = ret
        figure.reported = value
        if note is not None:
            figure.note = note
        if snapshot(figure) == before:
            return figure
        _save(actor=actor, obj=figure, before=before)
        text = "—" if value is None else f"{value.normalize():f}"
        _event(ret=ret, action=ReturnAction.EDIT, actor=actor,
               comment=_("%(name)s：%(v)s") % {"name": figure.indicator.name, "v": text}
               + (f"（{figure.note}）" if figure.note else ""))
        return figure


def return_submit(*, actor, ret: Return, comment: str = "") -> Return:
    with transaction.atomic():
        ret = _locked(ret)
        _check(ret, actor, Can.SUBMIT)
        before = snapshot(ret)
        ret.state, ret.submitted_by, ret.submitted_at = ReturnState.SUBMITTED, actor, timezone.now()
        ret.reviewed_by = ret.reviewed_at = None
        _save(actor=actor, obj=ret, before=before)
        _event(ret=ret, action=ReturnAction.SUBMIT, actor=actor, comment=comment)
        return ret


def return_send_back(*, actor, ret: Return, comment: str) -> Return:
    """Return it to the filling office (退回) with the reviewer's comments (required)."""
    with transaction.atomic():
        ret = _locked(ret)
        _check(ret, actor, Can.SEND_BACK)
        if not (comment or "").strip():
            raise ValidationError({"comment": _("退回须写明意见。")})
        before = snapshot(ret)
        ret.state, ret.reviewed_by, ret.reviewed_at = ReturnState.RETURNED, actor, timezone.now()
        _save(actor=actor, obj=ret, before=before)
        _event(ret=ret, action=ReturnAction.SEND_BACK, actor=actor, comment=comment.strip())
        return ret


def return_approve(*, actor, ret: Return, comment: str = "") -> Return:
    """Approve: each figure's value is frozen as the approved value; the return is locked."""
    with transaction.atomic():
        ret = _locked(ret)
        _check(ret, actor, Can.APPROVE)
        for fig in ret.figures.select_related("indicator").select_for_update():
            before = snapshot(fig)
            fig.approved = fig.value
            if snapshot(fig) != before:
                _save(actor=actor, obj=fig, before=before)
        before = snapshot(ret)
        ret.state, ret.reviewed_by, ret.reviewed_at = ReturnState.APPROVED, actor, timezone.now()
        _save(actor=actor, obj=ret, before=before)
        _event(ret=ret, action=ReturnAction.APPROVE, actor=actor, comment=(comment or "").strip())
        return ret


def return_reopen(*, actor, ret: Return, reason: str) -> Return:
    """Reopen an approved return (重新打开) with a reason: back to draft, its approved values cleared
    (the audit trail keeps them), so it no longer counts in roll-ups until approved again."""
    with transaction.atomic():
        ret = _locked(ret)
        _check(ret, actor, Can.REOPEN)
        if not (reason or "").strip():
            raise ValidationError({"reason": _("重新打开须写明理由。")})
        for fig in ret.figures.select_for_update():
            before = snapshot(fig)
            fig.approved = None
            if snapshot(fig) != before:
                _save(actor=actor, obj=fig, before=before)
        before = snapshot(ret)
        ret.state, ret.reviewed_by, ret.reviewed_at = ReturnState.DRAFT, None, None
        ret.submitted_by = ret.submitted_at = None
        _save(actor=actor, obj=ret, before=before)
        _event(ret=ret, action=ReturnAction.REOPEN, actor=actor, comment=reason.strip())
        return ret


# ---------------------------------------------------------------- work logs

work_log_create = partial(record_create, model=WorkLog)
work_log_update = record_update
work_log_delete = record_delete


def work_log_attach(*, actor, log: WorkLog, attachment) -> WorkLog:
    """Attach (or replace) a work log's file; the file is written only if the save goes through."""
    log.attachment = attachment
    return audited_save(actor=actor, obj=log)
