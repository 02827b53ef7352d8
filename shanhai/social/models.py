"""Social assistance (社会帮扶, SPEC item 12): donations in cash or in kind, charity funds with their
sub-funds, receipts and disbursements, named scholarships and care centres."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import Side
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import LedgerRecord, check_year_of_date, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class DonationForm(models.TextChoices):
    CASH = "cash", _("现金")
    IN_KIND = "in_kind", _("物资")


class Donation(LedgerRecord):
    """A gift from the east to the west. In kind it is valued in yuan, or marked unvalued (no amount);
    a cash gift whose amount the source does not give is marked 金额不详 (counted, never summed). A
    gift of several donors names the first as 捐赠方 and the others as 联合捐赠方."""

    east_region_field = "donor_region"
    west_region_field = "recipient_region"
    keeper_side = Side.EAST  # the donor records what it gave

    donor_name = models.CharField(_("捐赠方"), max_length=120)
    donor_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="donations_given", verbose_name=_("捐赠单位")
    )
    donor_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("捐赠方区划"))
    co_donors = models.CharField(
        _("联合捐赠方"), max_length=300, blank=True, help_text=_("多方共同捐赠时，捐赠方以外的各方，用“、”分隔。"),
    )
    recipient_name = models.CharField(_("受赠方"), max_length=120)
    recipient_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="donations_received", verbose_name=_("受赠单位")
    )
    recipient_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("受赠方区划"))
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="donations", verbose_name=_("所属结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"), null=True, blank=True)
    form = models.CharField(_("形式"), max_length=8, choices=DonationForm.choices, default=DonationForm.CASH)
    amount = MoneyField(_("金额"), null=True, blank=True, help_text=_("物资可折价；未折价的物资留空"))
    amount_unknown = models.BooleanField(
        _("金额不详"), default=False, help_text=_("来源未载金额的现金捐赠：计入笔数，不计入金额。"),
    )
    items = models.CharField(_("物资"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    item_count = models.PositiveIntegerField(_("笔数"), null=True, blank=True, help_text=_("汇总记录代表的捐赠笔数（已知时）"))

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-year", "-date", "reference"]
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="donation_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.donors_text} → {self.recipient_name} {self.amount_text}"

    @property
    def donors(self) -> list[str]:
        from shanhai.core.importing import split_list

        return [self.donor_name, *split_list(self.co_donors or "")]

    @property
    def donors_text(self) -> str:
        return "、".join(self.donors)

    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return str(_("金额不详") if self.amount_unknown else _("未折价"))
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        errors = {}
        if self.form == DonationForm.CASH and self.amount is None and not self.amount_unknown:
            errors["amount"] = _("现金捐赠须填金额；来源未载金额的，标为“金额不详”。")
        if self.amount_unknown and self.amount is not None:
            errors["amount_unknown"] = _("已填金额的捐赠不能标为金额不详。")
        if self.form == DonationForm.IN_KIND and not self.items:
            errors["items"] = _("物资捐赠须写明物资。")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金额不能为负。")
        check_year_of_date(errors, self.year, self.date)
        if errors:
            raise ValidationError(errors)
        if self.donor_org_id and not self.donor_region_id:
            self.donor_region_id = self.donor_org.region_id
        if self.recipient_org_id and not self.recipient_region_id:
            self.recipient_region_id = self.recipient_org.region_id


# ---------------------------------------------------------------- charity funds ("1+5")


class CharityFund(LedgerRecord):
    """A charity fund the pair set up (慈善基金), or a sub-fund under one.

    Seed 000's 昆·碧爱基金 is "1+5": one parent fund with five sub-funds (助学、助医、助残、助困、助业).
    A sub-fund left without founders, regions or pairing takes its parent's. Its balance is derived
    from receipts and disbursements (``selectors.fund_balance``), never stored.
    """

    east_region_field = "east_region"
    west_region_field = "west_region"

    name = models.CharField(_("基金名称"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_funds", verbose_name=_("上级基金"),
        help_text=_("子基金填所属母基金"),
    )
    purpose = models.CharField(_("宗旨/资助方向"), max_length=200, blank=True)
    east_founder = models.CharField(_("东部发起方"), max_length=120, blank=True)
    east_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("东部发起方区划"),
        help_text=_("子基金可留空，随母基金"),
    )
    west_founder = models.CharField(_("西部发起方"), max_length=120, blank=True)
    west_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("西部发起方区划"),
        help_text=_("子基金可留空，随母基金"),
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="charity_funds", verbose_name=_("所属结对")
    )
    established_year = models.PositiveSmallIntegerField(_("成立年度"), null=True, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("慈善基金")
        verbose_name_plural = _("慈善基金")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        node, seen = self.parent, set()
        while node is not None:
            if (self.pk is not None and node.pk == self.pk) or node.pk in seen:
                errors["parent"] = _("上级基金不能是自身或其子基金。")
                break
            seen.add(node.pk)
            node = node.parent
        if self.parent is not None:
            for name in ("east_founder", "west_founder"):
                if not getattr(self, name):
                    setattr(self, name, getattr(self.parent, name))
            for name in ("east_region_id", "west_region_id", "pairing_id"):
                if getattr(self, name) is None:
                    setattr(self, name, getattr(self.parent, name))
        if self.east_region_id is None:
            errors["east_region"] = _("请填东部发起方区划（子基金可随母基金）。")
        if self.west_region_id is None:
            errors["west_region"] = _("请填西部发起方区划（子基金可随母基金）。")
        check_year_of_date(errors, self.established_year, self.established_on, "established_year")
        if self.established_on and not self.established_year:
            self.established_year = self.established_on.year
        if errors:
            raise ValidationError(errors)


class FundFlow(LedgerRecord):
    """Money into or out of a fund (subclasses add ``fund``). It lies where its fund lies: either
    founder's office reads and writes it."""

    east_region_field = "fund__east_region"
    west_region_field = "fund__west_region"

    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"), null=True, blank=True)
    amount = MoneyField(_("金额"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["-year", "-date", "reference"]


    @property
    def amount_text(self) -> str:
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额应大于零。")
        check_year_of_date(errors, self.year, self.date)
        if errors:
            raise ValidationError(errors)


class CharityReceipt(FundFlow):
    """Money raised into a fund: one gift, or (aggregate) what the fund reports having raised."""


    fund = models.ForeignKey(CharityFund, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("基金"))
    donor_name = models.CharField(_("来源（捐赠方）"), max_length=120)
    donor_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="charity_receipts",
        verbose_name=_("捐赠单位"),
    )
    item_count = models.PositiveIntegerField(_("笔数"), null=True, blank=True, help_text=_("汇总记录代表的捐赠笔数（已知时）"))

    class Meta(FundFlow.Meta):
        verbose_name = _("基金收入")
        verbose_name_plural = _("基金收入")
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="charityreceipt_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.fund} ← {self.donor_name} {self.amount_text}"


class CharityDisbursement(FundFlow):
    """Money paid out of a fund to a recipient (a person group, household group, school, village …)."""


    fund = models.ForeignKey(CharityFund, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("基金"))
    recipient_name = models.CharField(_("支出对象"), max_length=120)
    recipient_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("支出对象区划")
    )
    persons = models.PositiveIntegerField(_("受助人数"), null=True, blank=True)
    households = models.PositiveIntegerField(_("受助户数"), null=True, blank=True)

    class Meta(FundFlow.Meta):
        verbose_name = _("基金支出")
        verbose_name_plural = _("基金支出")
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="charitydisb_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.fund} → {self.recipient_name} {self.amount_text}"


# ---------------------------------------------------------------- scholarships


class Scholarship(LedgerRecord):
    """A named scholarship scheme (奖助学金) an eastern donor set up for western students.

    Offices know its capital and what it did as counts (students supported, summer camps held);
    such counts make the record an aggregate one.
    """

    east_region_field = "donor_region"
    west_region_field = "region"
    keeper_side = Side.EAST  # the donor's

    name = models.CharField(_("名称"), max_length=120)
    donor_name = models.CharField(_("出资方"), max_length=120)
    donor_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="scholarships", verbose_name=_("出资单位")
    )
    donor_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("出资方区划"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("资助地区"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="scholarships", verbose_name=_("所属结对")
    )
    established_year = models.PositiveSmallIntegerField(_("设立年度"), null=True, blank=True)
    capital = MoneyField(_("出资额"), null=True, blank=True)
    funds_what = models.CharField(_("资助内容"), max_length=300, blank=True)
    students_supported = models.PositiveIntegerField(_("资助学生人数"), null=True, blank=True)
    camp_students = models.PositiveIntegerField(_("夏令营学生人数"), null=True, blank=True)
    camp_years = models.PositiveSmallIntegerField(_("夏令营举办年数"), null=True, blank=True, help_text=_("“连续两年”填 2"))
    camp_place = models.CharField(_("夏令营地点"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("奖助学金")
        verbose_name_plural = _("奖助学金")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    @property
    def capital_text(self) -> str:
        return qualified(format_money(self.capital), self.qualifier) if self.capital is not None else "—"

    @property
    def camps_text(self) -> str:
        if not self.camp_students:
            return ""
        years = _("连续 %(n)s 年") % {"n": self.camp_years} if self.camp_years else ""
        place = _("赴%(p)s") % {"p": self.camp_place} if self.camp_place else ""
        return _("%(n)s 名学生%(place)s夏令营%(years)s") % {
            "n": self.camp_students, "place": place, "years": f"（{years}）" if years else "",
        }

    def clean(self):
        if self.donor_org_id and not self.donor_region_id:
            self.donor_region_id = self.donor_org.region_id
        errors = {}
        if self.donor_region_id is None:
            errors["donor_region"] = _("请填出资方区划（或选已登记的出资单位）。")
        if self.capital is not None and self.capital < 0:
            errors["capital"] = _("金额不能为负。")
        if self.camp_years and not self.camp_students:
            errors["camp_students"] = _("填了夏令营年数，请同时填学生人数。")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- care centres


class CareCentre(LedgerRecord):
    """A care centre built with eastern help (综合关爱中心, e.g. seed 001's 昆碧幸福里).

    Built and opened dates are kept at the precision the source gives: the year and month it was
    built, the day it opened. Elders served are counts as of ``served_year``.
    """

    east_region_field = "funder_region"
    west_region_field = "region"
    keeper_side = Side.WEST  # a facility in the west, run by the west

    name = models.CharField(_("名称"), max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    funder_name = models.CharField(_("出资方"), max_length=120)
    funder_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("出资方区划"))
    funding_kind = models.CharField(_("资金性质"), max_length=60, blank=True, help_text=_("如 东西部协作资金、社会捐赠"))
    initiator = models.CharField(_("发起人"), max_length=120, blank=True)
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="care_centres", verbose_name=_("所属结对")
    )
    premises = models.CharField(_("场所"), max_length=120, blank=True, help_text=_("如 由废弃村小改建"))
    cost = MoneyField(_("建设投入"), null=True, blank=True)
    built_year = models.PositiveSmallIntegerField(_("修建年度"), null=True, blank=True)
    built_month = models.PositiveSmallIntegerField(_("修建月份"), null=True, blank=True)
    opened_on = models.DateField(_("启用日期"), null=True, blank=True)
    functions = models.CharField(_("功能"), max_length=300, blank=True)
    serves = models.CharField(_("服务对象"), max_length=300, blank=True)
    dining_elders = models.PositiveIntegerField(_("到中心就餐老人"), null=True, blank=True)
    home_delivery_elders = models.PositiveIntegerField(_("送餐到家老人"), null=True, blank=True)
    served_year = models.PositiveSmallIntegerField(_("服务人数所属年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("关爱中心")
        verbose_name_plural = _("关爱中心")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    @property
    def cost_text(self) -> str:
        return qualified(format_money(self.cost), self.qualifier) if self.cost is not None else "—"

    @property
    def built_text(self) -> str:
        if not self.built_year:
            return ""
        return f"{self.built_year}年{self.built_month}月" if self.built_month else f"{self.built_year}年"

    @property
    def elders_served(self) -> int | None:
        parts = [n for n in (self.dining_elders, self.home_delivery_elders) if n is not None]
        return sum(parts) if parts else None

    def clean(self):
        errors = {}
        if self.cost is not None and self.cost < 0:
            errors["cost"] = _("金额不能为负。")
        if self.built_month is not None and not 1 <= self.built_month <= 12:
            errors["built_month"] = _("月份应为 1–12。")
        if self.built_month and not self.built_year:
            errors["built_year"] = _("填了月份，请同时填年度。")
        if self.opened_on and self.built_year and (self.opened_on.year, self.opened_on.month) < (
            self.built_year, self.built_month or 1
        ):
            errors["opened_on"] = _("启用日期早于修建时间。")
        if (self.dining_elders or self.home_delivery_elders) and not self.served_year:
            errors["served_year"] = _("请填服务人数所属年度。")
        if errors:
            raise ValidationError(errors)
