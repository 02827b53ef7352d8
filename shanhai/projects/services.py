"""Writes to the project ledgers: each atomic, scope-checked and audited, with ``actor`` passed in."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shanhai.core.audit import AuditAction, audit_record, snapshot
from shanhai.core.models import Role, Side
from shanhai.core.scope import Action, scope_for, scope_require
from shanhai.core.services import audited_save, record_create, record_delete, record_update
from shanhai.funds.models import Fund

from .models import (
    HOUSEHOLD_CLASSES,
    STATUS_ORDER,
    AssetIncome,
    BenefitLink,
    Distribution,
    DistributionLine,
    FundAllocation,
    Payment,
    Project,
    ProjectAsset,
    ProjectOutput,
    ProjectStatus,
    ProjectStatusChange,
)

# ---------------------------------------------------------------- projects and their status


def _registration(actor):
    """The first row of a project's status history: the status it was registered with. Its date
    is left empty: registering a running project says what it is now, not since when."""

    def write(project):
        if project.status and not project.status_changes.exists():
            ProjectStatusChange.objects.create(
                project=project, from_status="", to_status=project.status, date=None, actor=actor, note=_("登记时状态")
            )

    return write


def project_create(*, actor, **fields):
    """Register a project at the status it has now."""
    return audited_save(actor=actor, obj=Project(**fields), after_save=_registration(actor))


def project_update(*, actor, obj, **fields):
    """Edit a project's particulars. Its status moves only through ``project_status_move``; a
    project registered without one (an aggregate) may be given one, which registers it."""
    if "status" in fields and obj.status and fields["status"] != obj.status:
        raise ValidationError({"status": _("状态不能在此修改：请登记“项目状态变更”，逐级推进。")})
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj, after_save=_registration(actor))


project_delete = record_delete


def may_reopen(user, project) -> bool:
    """A national or provincial office whose region holds the project (or a superuser)."""
    if user.is_superuser:
        return True
    return any(
        project.place_id.startswith(ra.region_code) for ra in user.role_assignments.all() if ra.role == Role.NATIONAL
    )


def project_status_move(*, actor, project, to, date, note=""):
    """Move a project one step along 储备 → 立项 → 实施 → 完工 → 验收, and record who and when.

    The western side implements projects, so the mover must be able to write there (the western
    office, a work team or operator in the place's subtree, or a national office); an eastern
    office may edit the project it funds but not move it. A step may not be skipped. Moving back
    (reopening, e.g. an acceptance that failed) is for a national or provincial office only, and
    needs a reason; it may go back any number of steps, and is recorded like any other move.
    """
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        scope_require(actor, project, Action.CHANGE)
        if not scope_for(actor, Action.CHANGE).covers(project.place_id, Side.WEST):
            raise PermissionDenied(_("项目状态由项目所在地一方（西部）推进；您的授权不覆盖 %(place)s。") % {"place": project.place_id})
        if not project.status:
            raise ValidationError({"to_status": _("该项目未登记状态（汇总记录），没有状态流转。")})
        if to not in STATUS_ORDER:
            raise ValidationError({"to_status": _("未知状态：%(s)s") % {"s": to}})
        if date is None:
            raise ValidationError({"date": _("须填状态变更日期。")})
        last = project.status_changes.exclude(date=None).order_by("-date").first()
        if last is not None and date < last.date:
            raise ValidationError({"date": _("日期不能早于上一次状态变更（%(d)s）。") % {"d": last.date.isoformat()}})
        here, there = STATUS_ORDER.index(project.status), STATUS_ORDER.index(to)
        labels = dict(ProjectStatus.choices)
        if there == here:
            raise ValidationError({"to_status": _("项目已是“%(s)s”状态。") % {"s": labels[to]}})
        if there > here + 1:
            raise ValidationError({"to_status": _("不能跳过环节：“%(now)s”之后应为“%(next)s”。") % {
                "now": labels[project.status], "next": labels[STATUS_ORDER[here + 1]]}})
        if there < here:
            if not may_reopen(actor, project):
                raise PermissionDenied(_("退回项目状态须由国家或省级协作办办理。"))
            if not note.strip():
                raise ValidationError({"note": _("退回项目状态须写明原因。")})
        change = ProjectStatusChange(project=project, from_status=project.status, to_status=to, date=date, actor=actor, note=note)
        change.full_clean()
        change.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=change, before=None, after=snapshot(change))
        project.status = to
        audited_save(actor=actor, obj=project)
        return change


def status_change_create(*, actor, project, to_status, date=None, note=""):
    """The status-change ledger's form and API: a move, through ``project_status_move``."""
    return project_status_move(actor=actor, project=project, to=to_status, date=date, note=note or "")


# ---------------------------------------------------------------- outputs, funding, benefit links

output_create = partial(record_create, model=ProjectOutput)
output_update = record_update
output_delete = record_delete


def _lock(model, obj):
    """Hold ``obj``'s row until the transaction ends, so two writers cannot both take the last fen."""
    if obj is not None:
        model.objects.select_for_update().filter(pk=obj.pk).first()


def allocation_create(*, actor, **fields):
    with transaction.atomic():
        _lock(Fund, fields.get("fund"))
        return record_create(actor=actor, model=FundAllocation, **fields)


def allocation_update(*, actor, obj, **fields):
    with transaction.atomic():
        _lock(Fund, fields.get("fund", obj.fund))
        return record_update(actor=actor, obj=obj, **fields)


allocation_delete = record_delete

benefit_link_create = partial(record_create, model=BenefitLink)
benefit_link_update = record_update
benefit_link_delete = record_delete


# ---------------------------------------------------------------- distributions


def largest_remainder(total: int, weights: Sequence) -> list[int]:
    """Split ``total`` fen in proportion to ``weights``; the parts add up to ``total`` exactly.

    Hamilton's (largest-remainder) method: every part is first its exact share rounded down; the
    fen left over go one each to the parts with the largest remainders, the earlier part first
    where remainders tie. So no part is a fen or more away from its exact share, and none is lost
    or invented. Exact arithmetic throughout (fractions), whatever the size of the total.
    """
    shares = [Fraction(w) for w in weights]
    whole = sum(shares)
    if total < 0 or not shares or whole <= 0 or any(s < 0 for s in shares):
        raise ValueError("largest_remainder needs a non-negative total and non-negative weights with a positive sum")
    exact = [total * s / whole for s in shares]
    parts = [e.numerator // e.denominator for e in exact]
    left = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class LineSpec:
    recipient_class: str
    household_no: int | None
    weight: Decimal | None
    amount: int


def distribution_split(*, profit: int, shares: Sequence[tuple[str, Decimal]], household_count: int = 0,
                       weights: Sequence[Decimal] | None = None) -> list[LineSpec]:
    """A profit split first across the rule's classes by their percentages, then the household
    class's part across households 1…N, equally or by ``weights`` (shares or 亩), both to the fen
    by ``largest_remainder``. Lines come in the rule's order, households by number."""
    lines = []
    for (recipient_class, _percent), part in zip(shares, largest_remainder(profit, [percent for _class, percent in shares]), strict=True):
        if recipient_class in HOUSEHOLD_CLASSES:
            household_weights = list(weights) if weights else [1] * household_count
            amounts = largest_remainder(part, household_weights)
            for number, (weight, amount) in enumerate(zip(household_weights, amounts, strict=True), start=1):
                lines.append(LineSpec(recipient_class, number, Decimal(weight) if weights else None, amount))
        else:
            lines.append(LineSpec(recipient_class, None, None, part))
    return lines


def _write_lines(distribution):
    distribution.lines.all().delete()
    specs = distribution_split(
        profit=distribution.profit,
        shares=[(s.recipient_class, s.percent) for s in distribution.rule.share_list()],
        household_count=distribution.household_count or 0,
        weights=distribution.weight_list() or None,
    )
    DistributionLine.objects.bulk_create([
        DistributionLine(distribution=distribution, number=n, recipient_class=s.recipient_class,
                         household_no=s.household_no, weight=s.weight, amount=s.amount)
        for n, s in enumerate(specs, start=1)
    ])


# What the lines are derived from: changing any of them recomputes the lines.
SPLIT_INPUTS = ("profit", "rule", "household_count", "weights")


def distribution_create(*, actor, **fields):
    """Split a year's profit by its rule, down to each household, and store the lines."""
    return audited_save(actor=actor, obj=Distribution(**fields), after_save=_write_lines)


def distribution_update(*, actor, obj, **fields):
    changed = any(name in fields and fields[name] != getattr(obj, name) for name in SPLIT_INPUTS)
    if changed and Payment.objects.filter(line__distribution=obj).exists():
        raise ValidationError(_("已有支付记录，不能修改分配依据；请先撤销有关支付。"))
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj, after_save=_write_lines if changed else None)


def distribution_delete(*, actor, obj):
    record_delete(actor=actor, obj=obj, refuse_if=lambda d: (
        _("已有支付记录，不能删除；请先撤销有关支付。") if Payment.objects.filter(line__distribution=d).exists() else None
    ))


def payment_create(*, actor, **fields):
    with transaction.atomic():
        _lock(DistributionLine, fields.get("line"))
        return record_create(actor=actor, model=Payment, **fields)


def payment_update(*, actor, obj, **fields):
    with transaction.atomic():
        _lock(DistributionLine, fields.get("line", obj.line))
        return record_update(actor=actor, obj=obj, **fields)


payment_delete = record_delete


# ---------------------------------------------------------------- assets

asset_create = partial(record_create, model=ProjectAsset)
asset_update = record_update
asset_delete = record_delete

asset_income_create = partial(record_create, model=AssetIncome)
asset_income_update = record_update
asset_income_delete = record_delete
