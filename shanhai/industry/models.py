"""Industry cooperation (产业合作, SPEC item 11): co-built parks with their credit lines, enterprises
brought west, and the projects and agreements signed at investment meetings."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import code_prefix
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import Basis, LedgerRecord, check_year_of_date, qualified
from shanhai.core.units import convert
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class AreaField(models.DecimalField):
    """An area as offices write it (6.18 平方公里): read back without padding zeros (6.18, not 6.1800)."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        value = Decimal(value)
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def month_text(year: int | None, month: int | None) -> str:
    if not year:
        return ""
    return f"{year}年{month}月" if month else f"{year}年"


def month_errors(year, month, field_year: str, field_month: str) -> dict:
    errors = {}
    if month is not None and not 1 <= month <= 12:
        errors[field_month] = _("月份应为 1–12。")
    elif month and not year:
        errors[field_year] = _("填了月份，请同时填年度。")
    return errors


# ---------------------------------------------------------------- co-built parks


class Park(LedgerRecord):
    """A park the two sides build together (共建园区): parties, start area, development company.

    Its credit lines are ``ParkCreditLine`` rows and the enterprises it brought in ``WestEnterprise``
    rows (named ones itemised, the unnamed remainder as one aggregate row), so every total is derived.
    """

    east_region_field = "east_region"
    west_region_field = "west_region"

    name = models.CharField(_("园区名称"), max_length=120)
    east_party = models.CharField(_("东部共建方"), max_length=120)
    east_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("东部共建单位")
    )
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("东部区划"))
    west_party = models.CharField(_("西部共建方"), max_length=120)
    west_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("西部共建单位")
    )
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("西部区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="parks", verbose_name=_("所属结对")
    )
    agreement = models.CharField(_("共建协议"), max_length=300, blank=True)
    focus = models.CharField(_("主导产业"), max_length=200, blank=True)
    started_year = models.PositiveSmallIntegerField(_("启动年度"), null=True, blank=True)
    started_month = models.PositiveSmallIntegerField(_("启动月份"), null=True, blank=True)
    start_area = AreaField(
        _("先行启动区面积（平方公里）"), max_digits=12, decimal_places=4, null=True, blank=True,
        help_text=_("单位：平方公里；页面同时以亩显示"),
    )
    company_name = models.CharField(_("开发公司"), max_length=120, blank=True)
    company_capital = MoneyField(_("开发公司注册资本"), null=True, blank=True)

    class Meta:
        verbose_name = _("共建园区")
        verbose_name_plural = _("共建园区")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    @property
    def start_area_mu(self) -> Decimal | None:
        """The start area in 亩, converted exactly (1 亩 = 2000/3 m²): 6.18 平方公里 → 9,270 亩."""
        return None if self.start_area is None else convert(self.start_area, "平方公里", "亩", places=2)

    @property
    def start_area_text(self) -> str:
        if self.start_area is None:
            return ""
        mu = self.start_area_mu
        mu_text = f"{mu:,.0f}" if mu == mu.to_integral_value() else f"{mu:,}"
        return f"{self.start_area} 平方公里（{mu_text} 亩）"

    @property
    def started_text(self) -> str:
        return month_text(self.started_year, self.started_month)

    @property
    def company_capital_text(self) -> str:
        return format_money(self.company_capital) if self.company_capital is not None else ""

    def clean(self):
        if self.east_org_id and not self.east_region_id:
            self.east_region_id = self.east_org.region_id
        if self.west_org_id and not self.west_region_id:
            self.west_region_id = self.west_org.region_id
        errors = month_errors(self.started_year, self.started_month, "started_year", "started_month")
        if self.east_region_id is None:
            errors["east_region"] = _("请填东部区划（或选已登记的东部共建单位）。")
        if self.west_region_id is None:
            errors["west_region"] = _("请填西部区划（或选已登记的西部共建单位）。")
        if self.start_area is not None and self.start_area <= 0:
            errors["start_area"] = _("面积应大于零。")
        if self.company_capital is not None and self.company_capital < 0:
            errors["company_capital"] = _("金额不能为负。")
        if errors:
            raise ValidationError(errors)


class ParkRecord(LedgerRecord):
    """A row under a park (subclasses add ``park``): it lies where the park lies."""

    east_region_field = "park__east_region"
    west_region_field = "park__west_region"

    class Meta:
        abstract = True



class ParkCreditLine(ParkRecord):
    """A credit line for a park's development (授信/贷款额度), e.g. the development bank's 20 亿元."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="credit_lines", verbose_name=_("园区"))
    provider_name = models.CharField(_("提供方"), max_length=120)
    provider_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("提供单位")
    )
    amount = MoneyField(_("额度"))
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    agreement = models.CharField(_("协议"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("园区授信")
        verbose_name_plural = _("园区授信")
        ordering = ["park", "reference"]
        indexes = [models.Index(fields=["park", "reference"], name="parkcredit_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.provider_name} {self.amount_text}"

    @property
    def amount_text(self) -> str:
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额应大于零。")
        check_year_of_date(errors, self.year, self.date)
        if self.date and not self.year:
            self.year = self.date.year
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- enterprises brought west


class WestEnterprise(LedgerRecord):
    """An enterprise (or industry-transfer project) brought west (东部产业转移/引进企业).

    Named ones are itemised; where a source gives only a count ("近10个", four of them named), one
    aggregate row holds the unnamed remainder in ``count`` (ADR 003), so named + remainder is the total.
    """

    east_region_field = "introducer_region"
    west_region_field = "region"
    main_figure = "count"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("企业（项目）名称"), max_length=120)
    other_names = models.CharField(_("其他写法"), max_length=200, blank=True, help_text=_("来源中的其他写法，便于检索"))
    org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("已登记单位")
    )
    count = models.PositiveIntegerField(_("企业（项目）数"), default=1, help_text=_("逐笔登记为 1；汇总记录填未逐一登记的个数"))
    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, null=True, blank=True, related_name="enterprises", verbose_name=_("入驻园区")
    )
    introducer_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("引进方区划"), help_text=_("东部引进（帮扶）方")
    )
    origin = models.CharField(_("来源地"), max_length=120, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("落地区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="west_enterprises", verbose_name=_("所属结对")
    )
    year = models.PositiveSmallIntegerField(_("引进年度"), null=True, blank=True)
    sector = models.CharField(_("行业"), max_length=120, blank=True)
    pledged_investment = MoneyField(_("协议投资"), null=True, blank=True)
    actual_investment = MoneyField(_("实际到位投资"), null=True, blank=True)
    jobs = models.PositiveIntegerField(_("带动就业人数"), null=True, blank=True)
    poor_employed = models.PositiveIntegerField(_("其中贫困人口"), null=True, blank=True)

    class Meta:
        verbose_name = _("引进企业")
        verbose_name_plural = _("引进企业")
        ordering = ["park", "basis", "reference"]
        indexes = [models.Index(fields=["park", "basis", "reference"], name="westent_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def count_text(self) -> str:
        return qualified(f"{self.count:,}", self.qualifier)

    def clean(self):
        errors = {}
        if self.basis == Basis.ITEMISED and self.count != 1:
            errors["count"] = _("逐笔登记的一条记录为 1 个企业（项目）；只知总数的请登记为汇总。")
        if self.count is not None and self.count < 1:
            errors["count"] = _("个数至少为 1。")
        if self.jobs is not None and self.poor_employed is not None and self.poor_employed > self.jobs:
            errors["poor_employed"] = _("贫困人口不能多于带动就业人数。")
        for name in ("pledged_investment", "actual_investment"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                errors[name] = _("金额不能为负。")
        if self.park is not None and self.region_id and not self.region_id.startswith(code_prefix(self.park.west_region_id)):
            errors["region"] = _("落地区划应在园区所在区划（%(r)s）内。") % {"r": self.park.west_region}
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- investment-meeting signings


class SigningType(models.TextChoices):
    INDUSTRY = "industry", _("产业合作")
    CONSUMPTION = "consumption", _("消费帮扶")
    LABOUR = "labour", _("劳务协作")
    ASPIRATION = "aspiration", _("扶志扶智")
    OTHER = "other", _("其他")


class AmountKind(models.TextChoices):
    INVESTMENT = "investment", _("投资额")
    PURCHASE = "purchase", _("采购额")


class SigningEvent(LedgerRecord):
    """An investment meeting or visit at which the two sides signed projects and agreements (签约)."""

    east_region_field = "east_region"
    west_region_field = "west_region"

    name = models.CharField(_("签约活动"), max_length=200)
    occasion = models.CharField(_("场合"), max_length=300, blank=True, help_text=_("如 代表团考察、联席会议、推介会"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="signing_events", verbose_name=_("所属结对")
    )
    east_party = models.CharField(_("东部一方"), max_length=120)
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("东部区划"))
    west_party = models.CharField(_("西部一方"), max_length=120)
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("西部区划"))

    class Meta:
        verbose_name = _("签约活动")
        verbose_name_plural = _("签约活动")
        ordering = ["-start_date", "reference"]
        indexes = [models.Index(fields=["-start_date", "reference"], name="signing_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def dates_text(self) -> str:
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date:%Y-%m-%d} 至 {self.end_date:%Y-%m-%d}"
        return f"{self.start_date:%Y-%m-%d}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class SigningLine(LedgerRecord):
    """What one event signed of one type: projects and their amount, agreements (seed 003: 产业合作类
    19 个 23 亿元; 消费扶贫类 7 个 采购额 4 亿元; 劳务协作类协议 3 个; 扶志扶智类协议 2 个)."""

    east_region_field = "event__east_region"
    west_region_field = "event__west_region"

    event = models.ForeignKey(SigningEvent, on_delete=models.PROTECT, related_name="lines", verbose_name=_("签约活动"))
    line_type = models.CharField(_("类别"), max_length=12, choices=SigningType.choices)
    projects = models.PositiveIntegerField(_("签约项目数"), null=True, blank=True)
    amount = MoneyField(_("金额"), null=True, blank=True)
    amount_kind = models.CharField(_("金额口径"), max_length=10, choices=AmountKind.choices, blank=True)
    agreements = models.PositiveIntegerField(_("签订协议数"), null=True, blank=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("签约明细")
        verbose_name_plural = _("签约明细")
        ordering = ["event", "line_type", "reference"]
        indexes = [models.Index(fields=["event", "line_type", "reference"], name="signingline_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.event} · {self.get_line_type_display()}"


    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return ""
        kind = self.get_amount_kind_display() if self.amount_kind else ""
        return f"{kind} {qualified(format_money(self.amount), self.qualifier)}".strip()

    def clean(self):
        errors = {}
        if self.projects is None and self.amount is None and self.agreements is None:
            errors["projects"] = _("签约项目数、金额、协议数至少填一项。")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金额不能为负。")
        if self.amount is not None and not self.amount_kind:
            errors["amount_kind"] = _("填了金额，请注明口径（投资额或采购额）。")
        if errors:
            raise ValidationError(errors)
