"""Periodic returns (定期报表: 填报 → 审核 → 汇总) and work logs (帮扶日志) of a pairing.

A return holds one figure per indicator of its year's set, prefilled from the ledgers. Because
most ledgers record a year, not a month, a return's figures are year-to-date (本年累计至报告期):
the year's figure as the ledgers stood when it was prefilled. Offices type a figure only where the
indicator allows it (``Indicator.reported``). The level above reviews; an approved return keeps the
figures it was approved with, whatever the ledgers say later. Who may move a return where is
decided once, in ``selectors.RETURN_RULES`` (ADR 013).

Work-log attachments are files under ``SHANHAI_UPLOAD_DIR`` (default var/uploads), served only by
a scoped view to those who read the pairing.
"""

import datetime
import decimal
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanhai.assessment.models import Indicator
from shanhai.core.models import Versioned
from shanhai.core.scope import ScopedQuerySet
from shanhai.core.uploads import ATTACHMENT_VALIDATORS, UPLOADS
from shanhai.pairings.models import Pairing, PairingAttached


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("月报")
    QUARTERLY = "quarterly", _("季报")
    YEARLY = "yearly", _("年报")


# How many periods of each kind a year holds, and the month each one ends in.
PERIODS_IN_YEAR = {PeriodKind.MONTHLY: 12, PeriodKind.QUARTERLY: 4, PeriodKind.YEARLY: 1}
MONTHS_IN_PERIOD = {PeriodKind.MONTHLY: 1, PeriodKind.QUARTERLY: 3, PeriodKind.YEARLY: 12}


def period_label(kind: str, year: int, number: int) -> str:
    if kind == PeriodKind.MONTHLY:
        return f"{year}年{number}月"
    if kind == PeriodKind.QUARTERLY:
        return f"{year}年第{number}季度"
    return f"{year}年度"


def period_end_month(kind: str, number: int) -> int:
    return MONTHS_IN_PERIOD[kind] * number


class ReturnState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")



class Return(PairingAttached):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="returns", verbose_name=_("结对"))
    period_kind = models.CharField(_("报表类型"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    period_no = models.PositiveSmallIntegerField(_("期次"), help_text=_("月报 1–12，季报 1–4，年报 1。"))
    state = models.CharField(_("状态"), max_length=10, choices=ReturnState.choices, default=ReturnState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), null=True, blank=True)
    prefilled_at = models.DateTimeField(_("预填时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("报送人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("定期报表")
        verbose_name_plural = _("定期报表")
        ordering = ["pairing__sort_key", "-year", "period_kind", "-period_no", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "period_kind", "year", "period_no"], name="unique_return_per_pairing_period"
            ),
        ]

    def __str__(self):
        return f"{self.pairing.reference} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.year, self.period_no)

    @property
    def period_end(self) -> datetime.date:
        month = period_end_month(self.period_kind, self.period_no)
        if month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, month + 1, 1) - datetime.timedelta(days=1)

    def clean(self):
        top = PERIODS_IN_YEAR.get(self.period_kind)
        if top is not None and not 1 <= (self.period_no or 0) <= top:
            raise ValidationError({"period_no": _("%(kind)s的期次应为 1–%(top)s。") % {
                "kind": PeriodKind(self.period_kind).label, "top": top,
            }})
        if self.year is not None and not 1949 <= self.year <= 2100:
            raise ValidationError({"year": _("请给出四位年度，如 2020。")})


class ReturnFigure(Versioned):
    """One indicator's figure in a return: prefilled from the ledgers, typed where allowed, frozen when approved."""

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="figures", verbose_name=_("报表"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("指标"))
    prefilled = models.DecimalField(_("台账预填数"), max_digits=18, decimal_places=2, null=True, blank=True)
    prefilled_qualifier = models.CharField(_("预填数限定"), max_length=10, blank=True)
    basis = models.CharField(_("预填依据"), max_length=300, blank=True)
    link = models.CharField(_("台账链接"), max_length=300, blank=True)
    reported = models.DecimalField(_("填报数"), max_digits=18, decimal_places=2, null=True, blank=True)
    approved = models.DecimalField(_("审核数"), max_digits=18, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报表数据")
        verbose_name_plural = _("报表数据")
        ordering = ["ret_id", "indicator__dimension__order", "indicator__order", "indicator__key"]
        constraints = [models.UniqueConstraint(fields=["ret", "indicator"], name="unique_figure_per_return")]

    def __str__(self):
        return f"{self.ret} · {self.indicator.name}"

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = "view") -> Q:
        if not prefix:
            return Q()
        return Q(ret__in=Return.objects.filter(Return.scope_q(prefix=prefix, side=side, action=action)).values("pk"))

    def scope_points(self) -> list[tuple[str, str]]:
        return self.ret.scope_points() if self.ret_id else []

    def own_points(self) -> list[tuple[str, str]]:
        return []  # it lies where its return lies, which it does not set

    @property
    def value(self) -> decimal.Decimal | None:
        """What the return says: the office's figure where it gave one, else the ledgers'."""
        return self.reported if self.reported is not None else self.prefilled

    def clean(self):
        if self.reported is not None and self.indicator_id and not self.indicator.reported:
            raise ValidationError({"reported": _("指标“%(name)s”由台账计算，不能手工填报。") % {"name": self.indicator.name}})


class ReturnAction(models.TextChoices):
    CREATE = "create", _("创建")
    EDIT = "edit", _("修改")
    SUBMIT = "submit", _("报送")
    SEND_BACK = "return", _("退回")
    APPROVE = "approve", _("审核通过")
    REOPEN = "reopen", _("重新打开")


class ReturnEvent(models.Model):
    """The return's own trail (beside the audit trail): who moved it, when, and why."""

    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events", verbose_name=_("报表"))
    action = models.CharField(_("操作"), max_length=10, choices=ReturnAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    state_after = models.CharField(_("操作后状态"), max_length=10, choices=ReturnState.choices)
    comment = models.TextField(_("意见/理由"), blank=True)

    class Meta:
        verbose_name = _("报表流转记录")
        verbose_name_plural = _("报表流转记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.ret} · {self.get_action_display()}"


# ---------------------------------------------------------------- work logs




class WorkLog(PairingAttached):
    """A work log (帮扶日志): what was done on a day under a pairing, by whom, with an attachment."""

    reference = models.CharField(
        _("台账编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="work_logs", verbose_name=_("结对"))
    date = models.DateField(_("日期"))
    author = models.CharField(_("记录人"), max_length=60)
    title = models.CharField(_("标题"), max_length=120, blank=True)
    text = models.TextField(_("内容"))
    attachment = models.FileField(
        _("附件"), upload_to="worklogs/", storage=UPLOADS, blank=True, max_length=200, validators=ATTACHMENT_VALIDATORS
    )
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道。"))

    class Meta:
        verbose_name = _("帮扶日志")
        verbose_name_plural = _("帮扶日志")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title or f"{self.pairing.reference} {self.date:%Y-%m-%d}"

    @property
    def attachment_name(self) -> str:
        return os.path.basename(self.attachment.name) if self.attachment else ""
