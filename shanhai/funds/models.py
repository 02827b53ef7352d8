"""Money (资金, SPEC item 5): every inflow with its kind, source, recipient, pairing and year.

An amount is exact (integer fen). Where offices know only a total ("1.2 亿元 over 57 projects"),
the line is an aggregate and says how many projects it covers; where even the amount is unknown
(an enterprise fund pool backing 10 projects) it stays empty rather than guessed.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import Basis, LedgerRecord, check_year_of_date, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class FundKind(ReferenceKind):
    """Kinds of money (data): 财政援助资金, 乡镇结对资金, 企业捐赠资金, 贷款, 授信额度 …

    A kind that means a total (各类帮扶资金（合计）) is never added to the lines it may contain: see
    ``funds.selectors.funds_total``."""

    is_total = models.BooleanField(
        _("合计类"), default=False,
        help_text=_("该类记录是各类资金的合计（如“共争取各类帮扶资金1.2亿元”）：与同一结对同期的其他资金不相加。"),
    )

    class Meta(ReferenceKind.Meta):
        verbose_name = _("资金类别")
        verbose_name_plural = _("资金类别")


class Fund(LedgerRecord):
    """One line of money from the east (source) to the west (recipient)."""

    east_region_field = "source_region"
    west_region_field = "recipient_region"
    keeper_side = Side.EAST  # what the east gives

    kind = models.ForeignKey(FundKind, on_delete=models.PROTECT, verbose_name=_("资金类别"))
    title = models.CharField(_("资金名称"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    source_name = models.CharField(_("来源方"), max_length=120)
    source_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="funds_given", verbose_name=_("来源单位")
    )
    source_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("来源方区划"))
    recipient_name = models.CharField(_("使用方"), max_length=120)
    recipient_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="funds_received", verbose_name=_("使用单位")
    )
    recipient_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("使用方区划"))
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="funds", verbose_name=_("所属结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"), null=True, blank=True)
    amount = MoneyField(_("金额"), null=True, blank=True, help_text=_("金额不详的汇总记录（如资金池）留空，不要估填"))
    project_count = models.PositiveIntegerField(_("涉及项目数"), null=True, blank=True, help_text=_("如 1.2亿元涉及项目57个"))
    poor_households = models.PositiveIntegerField(_("受益建档立卡贫困户"), null=True, blank=True)
    poor_persons = models.PositiveIntegerField(_("受益建档立卡贫困人口"), null=True, blank=True)

    class Meta:
        verbose_name = _("资金")
        verbose_name_plural = _("资金")
        ordering = ["-year", "-date", "reference"]
        indexes = [
            models.Index(fields=["-year", "-date", "reference"], name="fund_order"),
            # The few lines spanning years, found without reading the selection (funds_total's totals).
            models.Index(fields=["pairing", "year"], name="fund_spans", condition=models.Q(year_from__isnull=False)),
            # The few lines without an amount, counted beside every funds figure (funds_unvalued).
            models.Index(fields=["pairing", "year"], name="fund_unvalued", condition=models.Q(amount__isnull=True)),
        ]

    def __str__(self):
        return f"{self.title} {self.amount_text}"

    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return str(_("金额不详"))
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        errors = {}
        if self.amount is None and self.basis == Basis.ITEMISED:
            errors["amount"] = _("逐笔登记的资金须填金额；只知去向不知金额的，登记方式选“汇总”。")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金额不能为负。")
        check_year_of_date(errors, self.year, self.date)
        if self.pk is not None and self.amount is not None:
            # Allocations live in the projects app; the reverse accessor keeps this app free of it.
            allocated = self.allocations.aggregate(total=Sum("amount"))["total"] or 0
            if allocated > self.amount:
                errors["amount"] = _("已安排到项目 %(a)s，金额不能少于此数。") % {"a": format_money(allocated)}
        if errors:
            raise ValidationError(errors)
        if self.source_org_id and not self.source_region_id:
            self.source_region_id = self.source_org.region_id
        if self.recipient_org_id and not self.recipient_region_id:
            self.recipient_region_id = self.recipient_org.region_id
