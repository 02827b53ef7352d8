"""Consumption assistance (消费帮扶, SPEC item 10): sales of western products to the east, the
channels that sell them (a showcase centre and the outlets it opened) and distribution contracts.

A sale's quantity is kept as written (1,620 斤) and its mass in exact integer grams beside it, so
tonnes add up exactly on SQLite and PostgreSQL alike (core.units; 1,620 斤 = 0.81 吨). Where offices
know only totals ("4,002.12 吨, 25,760.58 万元 since 2020") a sale is an aggregate; a figure the source
does not give (or prints illegibly) stays empty — unknown, never zero.
"""

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import Basis, LedgerRecord, check_year_of_date, qualified
from shanhai.core.units import UNIT_CHOICES, UNITS, UnitError, convert, convert_exact
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class ChannelKind(ReferenceKind):
    """Sales channels (data): 展示中心, 旗舰店, 专柜, 电商, 单位采购, 展会, 供应链基地 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("销售渠道类别")
        verbose_name_plural = _("销售渠道类别")


class SalesChannel(LedgerRecord):
    """A place or platform selling western products in the east: a showcase centre, and under it
    (``parent``) the outlets it opened — itemised one by one, or one aggregate row with their count.

    A supply-chain base may carry its operator's expectation (预计年转换 8,000 吨, 间接带动 5,000 人):
    expectations sit in their own fields and are never added to sales.
    """

    east_region_field = "east_region"
    west_region_field = "west_region"
    keeper_side = Side.EAST  # showcase centres and counters in the east
    main_figure = "count"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("名称"), max_length=160)
    kind = models.ForeignKey(ChannelKind, on_delete=models.PROTECT, verbose_name=_("渠道类别"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="outlets", verbose_name=_("由哪个渠道带动"),
        help_text=_("展示中心带动开设的旗舰店、专柜等，填展示中心的台账编号"),
    )
    count = models.PositiveIntegerField(_("个数"), default=1, help_text=_("汇总记录代表的网点个数"))
    operator_name = models.CharField(_("运营方"), max_length=160, blank=True)
    operator_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("运营单位")
    )
    place = models.CharField(_("地点"), max_length=120, blank=True)
    east_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("东部区划"),
        help_text=_("网点所在或面向的东部地区；下级网点可随上级"),
    )
    west_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("西部区划"),
        help_text=_("所售产品的产地；下级网点可随上级"),
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="sales_channels", verbose_name=_("所属结对")
    )
    opened_year = models.PositiveSmallIntegerField(_("开设年度"), null=True, blank=True)
    opened_on = models.DateField(_("开设日期"), null=True, blank=True)
    expected_tonnes_per_year = models.DecimalField(
        _("预计年销售/转换量（吨）"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("运营方的预计，不是实绩；不计入销售"),
    )
    expected_people = models.PositiveIntegerField(_("预计带动人数"), null=True, blank=True, help_text=_("预计，不是实绩"))

    class Meta:
        verbose_name = _("销售渠道")
        verbose_name_plural = _("销售渠道")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    @property
    def count_text(self) -> str:
        return qualified(f"{self.count} 个", self.qualifier)

    def clean(self):
        errors = {}
        node, seen = self.parent, set()
        while node is not None:
            if (self.pk is not None and node.pk == self.pk) or node.pk in seen:
                errors["parent"] = _("上级渠道不能是自身或其下级。")
                break
            seen.add(node.pk)
            node = node.parent
        if self.parent is not None:
            for name in ("east_region_id", "west_region_id", "pairing_id"):
                if getattr(self, name) is None:
                    setattr(self, name, getattr(self.parent, name))
        if self.operator_org_id and not self.operator_name:
            self.operator_name = self.operator_org.name
        if self.opened_on and not self.opened_year:
            self.opened_year = self.opened_on.year
        if self.east_region_id is None:
            errors["east_region"] = _("请填东部区划（下级网点可随上级）。")
        if self.west_region_id is None:
            errors["west_region"] = _("请填西部区划（下级网点可随上级）。")
        if self.basis == Basis.ITEMISED and self.count != 1:
            errors["count"] = _("逐个登记的渠道个数为 1；多个请登记为汇总。")
        if self.count is not None and self.count < 1:
            errors["count"] = _("个数至少为 1。")
        check_year_of_date(errors, self.opened_year, self.opened_on, "opened_year")
        if errors:
            raise ValidationError(errors)


GRAMS_PER = {unit: size * 1000 for unit, (dim, size) in UNITS.items() if dim == "mass"}  # kg-based → grams


class Sale(LedgerRecord):
    """Western products sold to the east: one sale, a purchase, or a reported total (汇总)."""

    east_region_field = "buyer_region"
    west_region_field = "producer_region"
    keeper_side = Side.EAST  # purchases are the east's to record (SPEC)

    product = models.CharField(_("产品"), max_length=160)
    producer_name = models.CharField(_("生产方"), max_length=160, help_text=_("合作社、企业、村；来源只说产地时写产地"))
    producer_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("生产单位")
    )
    producer_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("产地区划"))
    buyer_name = models.CharField(_("购买/销售方"), max_length=160)
    buyer_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("购买单位")
    )
    buyer_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("销往区划"),
        help_text=_("“苏州等东部城市”等不止一地时可空，以所属结对定范围"),
    )
    channel_kind = models.ForeignKey(
        ChannelKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("渠道类别")
    )
    channel = models.ForeignKey(
        SalesChannel, on_delete=models.PROTECT, null=True, blank=True, related_name="sales", verbose_name=_("销售渠道"),
        help_text=_("经已登记的展示中心、网点等销售的，填其台账编号"),
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="sales", verbose_name=_("所属结对")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"), null=True, blank=True)
    period = models.CharField(_("期间"), max_length=60, blank=True, help_text=_("累计数的起止，如 2017年以来"))
    quantity = models.DecimalField(_("数量"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=8, choices=UNIT_CHOICES, blank=True)
    # Exact mass in grams, set from quantity and unit on every save (clean): SQL adds integers exactly.
    mass_grams = models.BigIntegerField(_("重量（克）"), null=True, blank=True, editable=False)
    amount = MoneyField(_("金额"), null=True, blank=True, help_text=_("来源未载留空，不填 0"))
    poor_people_driven = models.PositiveIntegerField(
        _("带动贫困人口"), null=True, blank=True, help_text=_("来源未载或无法辨认留空（未知），不填 0")
    )

    class Meta:
        verbose_name = _("消费帮扶销售")
        verbose_name_plural = _("消费帮扶销售")
        ordering = ["-year", "-date", "reference"]
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="sale_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.product} {self.quantity_text} {self.amount_text}".strip()

    @property
    def quantity_text(self) -> str:
        if self.quantity is None:
            return ""
        return qualified(f"{self.quantity.normalize():,f} {self.unit}", self.qualifier)

    @property
    def tonnes(self) -> Decimal | None:
        """The quantity in tonnes, exactly (None when it is not a mass)."""
        if self.mass_grams is None:
            return None
        return convert(Fraction(self.mass_grams, 1000), "公斤", "吨", places=6)

    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return str(_("金额不详"))
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        if self.producer_org_id and not self.producer_name:
            self.producer_name = self.producer_org.name
        if self.buyer_org_id and not self.buyer_name:
            self.buyer_name = self.buyer_org.name
        if self.buyer_org_id and not self.buyer_region_id:
            self.buyer_region_id = self.buyer_org.region_id
        if self.channel_id and not self.channel_kind_id:
            self.channel_kind_id = self.channel.kind_id
        errors = {}
        if (self.quantity is None) != (not self.unit):
            errors["unit"] = _("数量与单位须同时填写。")
        elif self.quantity is not None:
            if self.quantity < 0:
                errors["quantity"] = _("数量不能为负。")
            self.mass_grams = None
            if self.unit in GRAMS_PER:
                try:
                    grams = convert_exact(self.quantity, self.unit, "克")
                except UnitError as exc:
                    errors["unit"] = str(exc)
                else:
                    if grams.denominator != 1:
                        errors["quantity"] = _("重量精确到克。")
                    else:
                        self.mass_grams = int(grams)
        else:
            self.mass_grams = None
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金额不能为负。")
        if self.amount is None and self.quantity is None and self.basis == Basis.ITEMISED:
            errors["amount"] = _("逐笔登记的销售须填金额或数量。")
        check_year_of_date(errors, self.year, self.date)
        if errors:
            raise ValidationError(errors)


class DistributionContract(LedgerRecord):
    """A distribution agreement (经销合作) a western seller signed with eastern firms, e.g. at an expo."""

    east_region_field = "buyer_region"
    west_region_field = "seller_region"
    keeper_side = Side.EAST  # the buyer signs

    seller_name = models.CharField(_("销售方"), max_length=160)
    seller_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("销售单位")
    )
    seller_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("销售方区划"))
    buyer_names = models.CharField(_("经销企业"), max_length=300, blank=True, help_text=_("来源只给家数时留空"))
    buyer_count = models.PositiveIntegerField(_("经销企业家数"))
    buyer_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("经销企业区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="distribution_contracts", verbose_name=_("所属结对")
    )
    product = models.CharField(_("产品"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("签约日期"), null=True, blank=True, help_text=_("只知活动起止时留空"))
    event = models.CharField(_("签约场合"), max_length=200, blank=True)
    event_start = models.DateField(_("活动开始"), null=True, blank=True)
    event_end = models.DateField(_("活动结束"), null=True, blank=True)
    amount = MoneyField(_("合同金额"), null=True, blank=True, help_text=_("来源未载留空"))

    class Meta:
        verbose_name = _("经销合作签约")
        verbose_name_plural = _("经销合作签约")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="distcontract_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.seller_name} ↔ {self.buyer_count} 家企业"

    def clean(self):
        if self.seller_org_id and not self.seller_name:
            self.seller_name = self.seller_org.name
        if self.seller_org_id and not self.seller_region_id:
            self.seller_region_id = self.seller_org.region_id
        errors = {}
        if self.seller_region_id is None:
            errors["seller_region"] = _("请填销售方区划（或选已登记的单位）。")
        if self.buyer_count is not None and self.buyer_count < 1:
            errors["buyer_count"] = _("经销企业至少 1 家。")
        check_year_of_date(errors, self.year, self.date)
        if self.event_start and self.event_end and self.event_end < self.event_start:
            errors["event_end"] = _("结束早于开始。")
        if self.date and self.event_start and self.event_end and not self.event_start <= self.date <= self.event_end:
            errors["date"] = _("签约日期不在活动起止之间。")
        if errors:
            raise ValidationError(errors)
