"""Projects (帮扶项目, SPEC item 6), benefit linkage (利益联结, item 7) and project assets (item 18).

A project lies in the west (its place) and is helped from the east (its helper region); the rows
that hang off a project — status changes, outputs, funding allocations, benefit links,
distributions and their lines and payments, assets and their income — lie where their project
lies, on both sides, and are scoped through it.

Where offices know only counts, a project record is an aggregate ("8 projects reaching 937
households / 2,088 persons"). An aggregate may sit inside a larger one (``part_of``: "其中"),
so the enterprise pool's 10 projects and the 8 of them with benefit links add up to 10, not 18.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import Basis, LedgerRecord, Qualifier, SidedRecord, qualified
from shanhai.core.units import UNIT_CHOICES
from shanhai.funds.models import Fund
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

# ---------------------------------------------------------------- projects


class ProjectCategory(ReferenceKind):
    """Project categories (data, SPEC item 6): 产业发展, 农村基础设施, 劳务协作, 教育, 医疗 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")


class ProjectStatus(models.TextChoices):
    """储备 → 立项 → 实施 → 完工 → 验收, in this order."""

    RESERVE = "reserve", _("储备")
    APPROVED = "approved", _("立项")
    UNDERWAY = "underway", _("实施")
    COMPLETED = "completed", _("完工")
    ACCEPTED = "accepted", _("验收")


STATUS_ORDER = [s.value for s in ProjectStatus]


class Project(LedgerRecord):
    east_region_field = "helper_region"
    west_region_field = "place"
    keeper_side = Side.WEST  # the western county's project library: it implements
    main_figure = "project_count"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("项目名称"), max_length=200)
    category = models.ForeignKey(ProjectCategory, on_delete=models.PROTECT, verbose_name=_("项目类别"))
    place = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("实施地点"))
    helper_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("帮扶方区划"))
    helper_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="projects_helped", verbose_name=_("帮扶单位")
    )
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("所属结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ProjectStatus.choices, blank=True,
        help_text=_("登记时的状态；此后只能通过“项目状态变更”逐级推进。汇总记录可不填。"),
    )
    operating_model = models.CharField(_("经营模式"), max_length=200, blank=True, help_text=_("如 公司+合作社+农户"))
    project_count = models.PositiveIntegerField(_("项目个数"), null=True, blank=True, help_text=_("汇总记录代表的项目个数"))
    part_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts", verbose_name=_("所属汇总项目"),
        help_text=_("本条是某汇总记录中的一部分（“其中”）：合计项目数时不再重复计入。"),
    )
    towns = models.PositiveIntegerField(_("受益乡镇"), null=True, blank=True)
    villages = models.PositiveIntegerField(_("受益村"), null=True, blank=True)
    households = models.PositiveIntegerField(_("受益户"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("受益人口"), null=True, blank=True)
    poor_households = models.PositiveIntegerField(_("其中建档立卡贫困户"), null=True, blank=True)
    poor_persons = models.PositiveIntegerField(_("其中建档立卡贫困人口"), null=True, blank=True)

    class Meta:
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="project_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def count_text(self) -> str:
        if self.basis == Basis.AGGREGATE and self.project_count:
            return _("%(n)s 个（汇总）") % {"n": self.project_count}
        return _("1 个")

    def clean(self):
        errors = {}
        if self.basis == Basis.ITEMISED:
            if self.project_count not in (None, 1):
                errors["project_count"] = _("逐项登记的项目只代表 1 个项目；多个项目请登记为汇总。")
            if not self.status:
                errors["status"] = _("逐项登记的项目须填状态。")
        for many, few in (("households", "poor_households"), ("persons", "poor_persons")):
            big, small = getattr(self, many), getattr(self, few)
            if big is not None and small is not None and small > big:
                errors[few] = _("贫困户（人口）不能多于受益户（人口）。")
        if self.part_of_id is not None:
            node, seen = self.part_of, set()
            while node is not None:
                if node.pk == self.pk or node.pk in seen:
                    errors["part_of"] = _("所属汇总项目不能是自身或其下级。")
                    break
                seen.add(node.pk)
                node = node.part_of
            if self.part_of.basis != Basis.AGGREGATE:
                errors["part_of"] = _("只能归入汇总记录。")
        if errors:
            raise ValidationError(errors)
        if self.helper_org_id and not self.helper_region_id:
            self.helper_region_id = self.helper_org.region_id


class ProjectStatusChange(SidedRecord):
    """One move of a project's status, with who made it and when; the first row is its registration."""

    east_region_field = "project__helper_region"
    west_region_field = "project__place"
    keeper_side = Side.WEST  # with its project

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("项目"))
    from_status = models.CharField(_("原状态"), max_length=10, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ProjectStatus.choices)
    date = models.DateField(_("日期"), null=True, blank=True, help_text=_("状态变更的日期；登记已有项目时未知可空"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目状态变更")
        verbose_name_plural = _("项目状态变更")
        ordering = ["project_id", "recorded_at", "id"]

    def __str__(self):
        before = self.get_from_status_display() if self.from_status else _("登记")
        return f"{self.project}：{before} → {self.get_to_status_display()}"


class ProjectOutput(SidedRecord):
    """What a project produced: 亩 planted, 株 of seedlings, 公里 of road (units: core.units)."""

    east_region_field = "project__helper_region"
    west_region_field = "project__place"
    keeper_side = Side.WEST  # with its project

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="outputs", verbose_name=_("项目"))
    what = models.CharField(_("产出内容"), max_length=100, help_text=_("如 蓝莓种植、土地流转、道路硬化"))
    quantity = models.DecimalField(_("数量"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=8, choices=UNIT_CHOICES)
    qualifiers = models.JSONField(
        _("数额限定"), default=dict, blank=True, help_text=_("数量的限定，如“300余亩”：{\"quantity\": \"over\"}"),
    )
    source = models.CharField(_("来源"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("项目产出")
        verbose_name_plural = _("项目产出")
        ordering = ["project_id", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "what"], name="unique_output_per_project")]

    def __str__(self):
        return f"{self.project} · {self.what} {self.quantity_text}"

    @property
    def qualifier(self) -> str:
        """The quantity's qualifier ("300余亩" → over), where the report gives one."""
        return (self.qualifiers or {}).get("quantity", "")

    @property
    def quantity_text(self) -> str:
        return qualified(f"{self.quantity.normalize():f} {self.unit}", self.qualifier)

    def clean(self):
        if self.quantity is not None and self.quantity < 0:
            raise ValidationError({"quantity": _("数量不能为负。")})
        bad = {k: v for k, v in (self.qualifiers or {}).items() if v not in Qualifier.values}
        if bad:
            raise ValidationError({"qualifiers": _("未知的数额限定：%(bad)s") % {"bad": "、".join(f"{k}={v}" for k, v in bad.items())}})


class FundAllocation(SidedRecord):
    """A fund line paying for a project: one project, several lines; one line, several projects.

    The allocations of a line never exceed it. The amount may be unknown (a pool known only by
    the projects it backs): the link is still worth recording.
    """

    east_region_field = "fund__source_region"
    west_region_field = "project__place"
    keeper_side = Side.EAST  # the giver places its own money on a project

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("资金"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("项目"))
    amount = MoneyField(_("安排金额"), null=True, blank=True, help_text=_("金额不详留空"))
    source = models.CharField(_("来源"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("资金安排")
        verbose_name_plural = _("资金安排")
        ordering = ["fund_id", "project_id"]
        constraints = [models.UniqueConstraint(fields=["fund", "project"], name="unique_allocation")]

    def __str__(self):
        return f"{self.fund.title} → {self.project}：{format_money(self.amount) if self.amount is not None else _('金额不详')}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("安排金额须大于零。")})
        if not self.fund_id or self.amount is None or self.fund.amount is None:
            return
        others = FundAllocation.objects.filter(fund_id=self.fund_id).exclude(pk=self.pk).aggregate(t=Sum("amount"))["t"] or 0
        if others + self.amount > self.fund.amount:
            raise ValidationError({"amount": _("超出资金余额：该笔资金 %(fund)s，已安排 %(others)s，尚余 %(left)s。") % {
                "fund": format_money(self.fund.amount), "others": format_money(others),
                "left": format_money(self.fund.amount - others),
            }})


# ---------------------------------------------------------------- benefit linkage


class BenefitMode(models.TextChoices):
    RENT = "rent", _("流转租金")
    WAGES = "wages", _("务工薪金")
    DIVIDEND = "dividend", _("分红股金")


class RecipientClass(models.TextChoices):
    POOR_HOUSEHOLDS = "poor_households", _("建档立卡贫困户")
    MEMBER_HOUSEHOLDS = "member_households", _("入股农户")
    VILLAGE_COLLECTIVE = "village_collective", _("村集体经济")
    REINVESTMENT = "reinvestment", _("再投入")
    COOPERATIVE = "cooperative", _("合作社")
    OTHER = "other", _("其他")


# Classes whose part is split further, household by household.
HOUSEHOLD_CLASSES = {RecipientClass.POOR_HOUSEHOLDS, RecipientClass.MEMBER_HOUSEHOLDS}


class HouseholdMethod(models.TextChoices):
    EQUAL = "equal", _("按户均分")
    BY_SHARE = "by_share", _("按股份")
    BY_LAND = "by_land", _("按土地面积")


class DistributionRule(models.Model):
    """A distribution rule (data, STYLE habit 8): the seeds' 622 and its variants."""

    code = models.SlugField(_("代码"), max_length=30, primary_key=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    household_method = models.CharField(_("户间分配方式"), max_length=10, choices=HouseholdMethod.choices, default=HouseholdMethod.EQUAL)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("分配规则")
        verbose_name_plural = _("分配规则")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def share_list(self) -> list["DistributionShare"]:
        return list(self.shares.all())

    def household_share(self) -> "DistributionShare | None":
        return next((s for s in self.share_list() if s.recipient_class in HOUSEHOLD_CLASSES), None)

    def check_shares(self) -> None:
        """Percentages add up to exactly 100, and at most one class is split among households."""
        shares = self.share_list()
        total = sum((s.percent for s in shares), Decimal(0))
        if total != 100:
            raise ValidationError(_("分配规则「%(rule)s」各项比例之和为 %(total)s%%，应为 100%%。") % {"rule": self, "total": total})
        if sum(s.recipient_class in HOUSEHOLD_CLASSES for s in shares) > 1:
            raise ValidationError(_("一条分配规则只能有一项分到户。"))


class DistributionShare(models.Model):
    rule = models.ForeignKey(DistributionRule, on_delete=models.CASCADE, related_name="shares", verbose_name=_("分配规则"))
    recipient_class = models.CharField(_("分配对象"), max_length=20, choices=RecipientClass.choices)
    percent = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("分配比例")
        verbose_name_plural = _("分配比例")
        ordering = ["rule_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "recipient_class"], name="unique_share_class"),
            models.CheckConstraint(condition=models.Q(percent__gt=0, percent__lte=100), name="share_percent_range"),
        ]

    def __str__(self):
        return f"{self.get_recipient_class_display()} {self.percent.normalize():f}%"


class BenefitLink(SidedRecord):
    """One way a project pays households (rent, wages, dividends), with the households it reaches.

    Counted for now (basis 汇总); linked to registry households once the registry exists.
    """

    east_region_field = "project__helper_region"
    west_region_field = "project__place"
    keeper_side = Side.WEST  # with its project
    main_figure = "households"  # the number the row's 数额限定 speaks of

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="benefit_links", verbose_name=_("项目"))
    mode = models.CharField(_("联结方式"), max_length=10, choices=BenefitMode.choices)
    households = models.PositiveIntegerField(_("联结户数"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("联结人数"), null=True, blank=True)
    poor_households = models.PositiveIntegerField(_("其中建档立卡贫困户"), null=True, blank=True)
    poor_persons = models.PositiveIntegerField(_("其中建档立卡贫困人口"), null=True, blank=True)
    basis = models.CharField(_("登记方式"), max_length=10, choices=Basis.choices, default=Basis.AGGREGATE)
    qualifier = models.CharField(_("数额限定"), max_length=10, choices=Qualifier.choices, blank=True, default="",
                                 help_text=_("“20多户”填 以上"))
    rule = models.ForeignKey(
        DistributionRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("分红规则"),
        help_text=_("分红股金按哪条规则分配"),
    )
    source = models.CharField(_("来源"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("利益联结")
        verbose_name_plural = _("利益联结")
        ordering = ["project_id", "mode"]
        constraints = [models.UniqueConstraint(fields=["project", "mode"], name="unique_benefit_mode")]

    def __str__(self):
        return f"{self.project} · {self.get_mode_display()}"

    @property
    def households_text(self) -> str:
        if self.households is None:
            return "—"
        return qualified(f"{self.households} 户", self.qualifier)

    def clean(self):
        if self.rule_id and self.mode != BenefitMode.DIVIDEND:
            raise ValidationError({"rule": _("只有分红股金按分配规则分配。")})
        for many, few in (("households", "poor_households"), ("persons", "poor_persons")):
            big, small = getattr(self, many), getattr(self, few)
            if big is not None and small is not None and small > big:
                raise ValidationError({few: _("贫困户（人口）不能多于联结户（人口）。")})


def parse_weights(text: str) -> list[Decimal]:
    """'1, 2.5，3' → [1, 2.5, 3]: each household's shares or 亩, in household order."""
    parts = [p.strip() for p in text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")]
    try:
        return [Decimal(p) for p in parts if p]
    except InvalidOperation as exc:
        raise ValidationError({"weights": _("份额应为数字，用逗号分隔。")}) from exc


class Distribution(SidedRecord):
    """A year's profit of a project split by a rule, down to each household, to the fen.

    The lines are derived from the inputs here (profit, rule, households, weights) by
    ``services.distribution_split`` and stored so payments can point at them.
    """

    east_region_field = "project__helper_region"
    west_region_field = "project__place"
    keeper_side = Side.WEST  # with its project

    reference = models.CharField(_("分配编号"), max_length=40, unique=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    profit = MoneyField(_("可分配收益"))
    rule = models.ForeignKey(DistributionRule, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("分配规则"))
    household_count = models.PositiveIntegerField(_("分配户数"), null=True, blank=True, help_text=_("联结的户数；各户按 1…N 编号"))
    weights = models.TextField(
        _("各户份额"), blank=True,
        help_text=_("按股份或土地分配时，按户序填各户股数或亩数，逗号分隔；按户均分时留空"),
    )
    source = models.CharField(_("来源"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("收益分配")
        verbose_name_plural = _("收益分配")
        ordering = ["-year", "reference"]

    def __str__(self):
        return f"{self.reference} {self.project} {self.year}年"

    def weight_list(self) -> list[Decimal]:
        return parse_weights(self.weights) if self.weights.strip() else []

    def clean(self):
        errors = {}
        if self.profit is not None and self.profit < 0:
            errors["profit"] = _("可分配收益不能为负。")
        if self.rule_id:
            try:
                self.rule.check_shares()
            except ValidationError as exc:
                errors["rule"] = exc.messages
            household = self.rule.household_share()
            method = self.rule.household_method
            if household is None:
                if self.household_count:
                    errors["household_count"] = _("该规则不分到户，分配户数留空。")
            elif not self.household_count:
                errors["household_count"] = _("该规则分到户，须填分配户数。")
            else:
                try:
                    weights = self.weight_list()
                except ValidationError as exc:
                    errors.update(exc.message_dict)
                    weights = None
                if weights is None:
                    pass
                elif method == HouseholdMethod.EQUAL and weights:
                    errors["weights"] = _("按户均分，各户份额留空。")
                elif method != HouseholdMethod.EQUAL:
                    if len(weights) != self.household_count:
                        errors["weights"] = _("须按户序填写 %(n)s 户的份额（现有 %(m)s 个）。") % {
                            "n": self.household_count, "m": len(weights)}
                    elif any(w < 0 for w in weights) or sum(weights) <= 0:
                        errors["weights"] = _("份额不能为负，且合计须大于零。")
                linked = self.project.poor_households if self.project_id else None
                if household.recipient_class == RecipientClass.POOR_HOUSEHOLDS and linked and self.household_count > linked:
                    errors["household_count"] = _("超过项目联结的建档立卡贫困户数（%(n)s 户）。") % {"n": linked}
        if errors:
            raise ValidationError(errors)


class DistributionLine(SidedRecord):
    """One part of a distribution: a class (村集体经济, 再投入 …) or one numbered household."""

    east_region_field = "distribution__project__helper_region"
    west_region_field = "distribution__project__place"
    keeper_side = Side.WEST  # with its distribution

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="lines", verbose_name=_("收益分配"))
    number = models.PositiveIntegerField(_("序号"))
    recipient_class = models.CharField(_("分配对象"), max_length=20, choices=RecipientClass.choices)
    household_no = models.PositiveIntegerField(_("户序号"), null=True, blank=True)
    weight = models.DecimalField(_("份额"), max_digits=18, decimal_places=4, null=True, blank=True)
    amount = MoneyField(_("应分金额"))

    class Meta:
        verbose_name = _("分配明细")
        verbose_name_plural = _("分配明细")
        ordering = ["distribution_id", "number"]
        constraints = [models.UniqueConstraint(fields=["distribution", "number"], name="unique_line_number")]

    def __str__(self):
        return f"{self.distribution.reference}#{self.number} {self.label}"

    @property
    def label(self) -> str:
        name = self.get_recipient_class_display()
        return f"{name} 第{self.household_no}户" if self.household_no else str(name)


class Payment(SidedRecord):
    """Money paid out against a distribution line; what is still owed is derived, never stored."""

    east_region_field = "line__distribution__project__helper_region"
    west_region_field = "line__distribution__project__place"
    keeper_side = Side.WEST  # with its distribution

    line = models.ForeignKey(DistributionLine, on_delete=models.PROTECT, related_name="payments", verbose_name=_("分配明细"))
    date = models.DateField(_("支付日期"))
    amount = MoneyField(_("支付金额"))
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("分配支付")
        verbose_name_plural = _("分配支付")
        ordering = ["line_id", "date", "id"]

    def __str__(self):
        return f"{self.line} {self.date} {format_money(self.amount)}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("支付金额须大于零。")})
        if not self.line_id or self.amount is None:
            return
        paid = Payment.objects.filter(line_id=self.line_id).exclude(pk=self.pk).aggregate(t=Sum("amount"))["t"] or 0
        if paid + self.amount > self.line.amount:
            raise ValidationError({"amount": _("超出应付余额：应分 %(due)s，已付 %(paid)s，尚欠 %(owed)s。") % {
                "due": format_money(self.line.amount), "paid": format_money(paid), "owed": format_money(self.line.amount - paid),
            }})


# ---------------------------------------------------------------- assets


class AssetClass(models.TextChoices):
    OPERATING = "operating", _("经营性")
    PUBLIC = "public", _("公益性")
    HOUSEHOLD = "household", _("到户类")


class ProjectAsset(LedgerRecord):
    """What a project leaves behind, its owner and value; income-generating ones yield yearly income."""

    east_region_field = "project__helper_region"
    west_region_field = "project__place"
    keeper_side = Side.WEST  # with its project

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="assets", verbose_name=_("项目"))
    name = models.CharField(_("资产名称"), max_length=200)
    asset_class = models.CharField(_("资产类别"), max_length=10, choices=AssetClass.choices)
    owner_name = models.CharField(_("所有权人"), max_length=120, help_text=_("如 村集体、合作社、受益户"))
    owner_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="project_assets", verbose_name=_("所有权单位")
    )
    value = MoneyField(_("资产价值"), null=True, blank=True, help_text=_("未评估的留空"))
    formed_date = models.DateField(_("形成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目资产")
        verbose_name_plural = _("项目资产")
        ordering = ["project_id", "reference"]
        indexes = [models.Index(fields=["project", "reference"], name="projectasset_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def value_text(self) -> str:
        return str(_("未评估")) if self.value is None else qualified(format_money(self.value), self.qualifier)

    def clean(self):
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("资产价值不能为负。")})


class AssetIncome(SidedRecord):
    """An asset's income in a year; an income-generating asset's income may be a distribution's profit."""

    east_region_field = "asset__project__helper_region"
    west_region_field = "asset__project__place"
    keeper_side = Side.WEST  # with its asset

    asset = models.ForeignKey(ProjectAsset, on_delete=models.PROTECT, related_name="incomes", verbose_name=_("资产"))
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = MoneyField(_("收益"))
    distribution = models.OneToOneField(
        Distribution, on_delete=models.PROTECT, null=True, blank=True, related_name="asset_income", verbose_name=_("收益分配"),
        help_text=_("本年收益按哪次收益分配分给农户、村集体（分配编号）"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("资产收益")
        verbose_name_plural = _("资产收益")
        ordering = ["asset_id", "year"]
        constraints = [models.UniqueConstraint(fields=["asset", "year"], name="unique_asset_income_year")]

    def __str__(self):
        return f"{self.asset} {self.year}年 {format_money(self.amount)}"

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("收益不能为负。")
        if self.distribution_id and self.asset_id:
            d = self.distribution
            if self.asset.asset_class != AssetClass.OPERATING:
                errors["distribution"] = _("只有经营性资产的收益进入收益分配。")
            elif d.project_id != self.asset.project_id:
                errors["distribution"] = _("收益分配须属于该资产所在的项目。")
            elif d.year != self.year or d.profit != self.amount:
                errors["distribution"] = _("收益分配的年度和可分配收益须与本条收益一致（%(y)s年，%(a)s）。") % {
                    "y": d.year, "a": format_money(d.profit)}
        if errors:
            raise ValidationError(errors)
