"""Pairings (结对关系): helpers and helped parties, nested, itemised or counted.

A party is a region's government, an organisation, or a counted group ("1,024 party members").
A group's count is the *unnamed remainder*: members named elsewhere are not in it, so itemised and
aggregate figures add up without counting anybody twice (STYLE habit 7).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side, Versioned
from shanhai.core.scope import ScopedQuerySet
from shanhai.core.text import pinyin_key
from shanhai.orgs.models import Organisation
from shanhai.regions.models import Region


class PairingKind(ReferenceKind):
    """Kinds of pairing (data): 县县结对, 部门结对, 园区结对, 乡镇结对, 村村结对, 村企结对 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("结对类型")
        verbose_name_plural = _("结对类型")


class MemberCategory(models.TextChoices):
    """What a counted member counts towards in coverage."""

    COUNTY = "county", _("县（市、区）")
    TOWN = "town", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")
    DEPARTMENT = "department", _("部门单位")
    ENTERPRISE = "enterprise", _("企业")
    ORGANISATION = "organisation", _("社会组织/商会")
    FINANCIAL = "financial", _("金融机构")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    HEALTH_CENTRE = "health_centre", _("卫生院")
    HOUSEHOLD = "household", _("户")
    PERSON = "person", _("人")


class MemberPoverty(models.TextChoices):
    NONE = "", _("—")
    POOR = "poor", _("贫困")
    DEEP = "deep", _("深度贫困")


class MemberKind(models.Model):
    """What a counted group is made of (data): 经济强村, 深度贫困村, 党员, 贫困户 …"""

    code = models.SlugField(_("代码"), max_length=30, primary_key=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    unit = models.CharField(_("量词"), max_length=4, default="个")
    category = models.CharField(_("计入"), max_length=16, choices=MemberCategory.choices)
    poverty = models.CharField(_("贫困属性"), max_length=4, choices=MemberPoverty.choices, blank=True)

    class Meta:
        verbose_name = _("汇总对象类别")
        verbose_name_plural = _("汇总对象类别")
        ordering = ["category", "code"]

    def __str__(self):
        return self.name


# The levels that are assessed, hand in returns and have dashboards: province, city and county pairs
# (pairing kind codes). Town, village, enterprise and family pairs count inside their county pair.
ASSESSED_KINDS = ("province", "city", "county")


class PairingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    ACTIVE = "active", _("有效")
    ENDED = "ended", _("已终止")


class PairingQuerySet(ScopedQuerySet):
    def active_in(self, year: int):
        import datetime

        return self.exclude(status=PairingStatus.PLANNED).filter(
            Q(start_date__isnull=True) | Q(start_date__lte=datetime.date(year, 12, 31)),
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)),
        )


class Pairing(Versioned):
    reference = models.CharField(
        _("结对编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号，导入时用来指认上级结对。")
    )
    kind = models.ForeignKey(PairingKind, on_delete=models.PROTECT, verbose_name=_("结对类型"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级结对")
    )
    name = models.CharField(_("名称"), max_length=200, blank=True, help_text=_("留空则由结对双方生成。"))
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    precisions = models.JSONField(_("日期精度"), default=dict, blank=True, help_text=_("{字段: month|year}：只知年月或年份的日期，如结对始于 2017年10月"))
    status = models.CharField(_("状态"), max_length=10, choices=PairingStatus.choices, default=PairingStatus.ACTIVE)
    agreement = models.CharField(_("协议"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道。"))
    note = models.TextField(_("备注"), blank=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对关系")
        verbose_name_plural = _("结对关系")
        ordering = ["kind__order", "sort_key", "id"]

    def __str__(self):
        return self.name or self.reference

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None or node.pk in seen:
                raise ValidationError({"parent": _("上级结对不能是自身或其下级。")})
            seen.add(node.pk)
            node = node.parent
        self.sort_key = pinyin_key(self.name or self.reference)

    # --- scope: a pairing lies wherever one of its parties does

    # How far down a county office sees the pairs nested under its own (county → town → village).
    VISIBLE_NESTING = 3

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = "view") -> Q:
        """Where one of its parties lies; for reading, also under a pairing one of whose parties does.

        Zhangjiagang thus reads 亨通集团 ↔ 高山村 under its county pair, though neither party lies in
        Zhangjiagang; writing still needs a party of one's own (and on one's own side).
        """

        def parties_at(path: str):
            parties = PairingParty.objects.filter(pairing=OuterRef(path), region__code__startswith=prefix)
            if side:
                parties = parties.filter(role=PartyRole.HELPER if side == Side.EAST else PartyRole.HELPED)
            return Q(Exists(parties))

        q = parties_at("pk")
        if action == "view":
            for depth in range(1, cls.VISIBLE_NESTING + 1):
                q |= parties_at("__".join(["parent"] * depth))
        return q

    def party_list(self) -> list["PairingParty"]:
        pending = getattr(self, "_pending_parties", None)
        if pending is not None:
            return pending
        if self.pk is None:
            return []
        return list(self.parties.all())

    def scope_points(self) -> list[tuple[str, str]]:
        return [(p.region_id or "", p.side) for p in self.party_list()]

    def audit_snapshot(self) -> dict:
        from shanhai.core.audit import _plain

        data = {f.attname: _plain(getattr(self, f.attname)) for f in self._meta.concrete_fields}
        data["parties"] = [p.describe() for p in sorted(self.party_list(), key=lambda p: (p.role, p.order))]
        return data

    # --- derived, never stored

    def side_total(self, role: str) -> int:
        return sum(p.count for p in self.party_list() if p.role == role)

    @property
    def shape(self) -> str:
        """一对一 / 一对多 / 多对一 / 多对多, from the counts on each side."""
        helpers, helped = self.side_total(PartyRole.HELPER), self.side_total(PartyRole.HELPED)
        return ("一" if helpers == 1 else "多") + "对" + ("一" if helped == 1 else "多")

    @property
    def is_aggregate(self) -> bool:
        return any(p.party_type == PartyType.GROUP for p in self.party_list())

    def display_name(self) -> str:
        if self.name:
            return self.name
        left = "、".join(p.describe() for p in self.party_list() if p.role == PartyRole.HELPER)
        right = "、".join(p.describe() for p in self.party_list() if p.role == PartyRole.HELPED)
        return f"{left} ↔ {right}"


class PartyRole(models.TextChoices):
    HELPER = "helper", _("帮扶方")
    HELPED = "helped", _("受帮扶方")


class PartyType(models.TextChoices):
    REGION = "region", _("区划（政府/村委）")
    ORGANISATION = "organisation", _("单位")
    GROUP = "group", _("汇总（计数）")


class PairingParty(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="parties", verbose_name=_("结对"))
    role = models.CharField(_("角色"), max_length=8, choices=PartyRole.choices)
    party_type = models.CharField(_("类型"), max_length=14, choices=PartyType.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="pairing_parties", verbose_name=_("区划"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="pairing_parties", verbose_name=_("单位")
    )
    count = models.PositiveIntegerField(_("数量"), default=1)
    member_kind = models.ForeignKey(MemberKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("汇总类别"))
    exited = models.BooleanField(_("是否已出列"), null=True, blank=True, help_text=_("汇总的贫困村：已出列/未出列；空为不详。"))
    label = models.CharField(_("说明"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("结对方")
        verbose_name_plural = _("结对方")
        ordering = ["pairing_id", "role", "order", "id"]

    def __str__(self):
        return self.describe()

    @property
    def side(self) -> str:
        return Side.EAST if self.role == PartyRole.HELPER else Side.WEST

    def clean(self):
        if self.party_type == PartyType.ORGANISATION:
            if not self.organisation_id:
                raise ValidationError(_("单位类结对方须指定单位。"))
            acting_in = self.region_id and self.region_id != self.organisation.region_id and self.region_id.startswith(
                self.organisation.region.prefix
            )
            if not acting_in:  # else an organisation above the region acting in it (a city's enterprise in a county pair)
                self.region_id = self.organisation.region_id
            self.count = 1
        elif self.party_type == PartyType.REGION:
            self.organisation = None
            self.count = 1
        elif self.party_type == PartyType.GROUP:
            if not self.member_kind_id:
                raise ValidationError(_("汇总类结对方须指定类别（如 深度贫困村、党员）。"))
            if self.count < 1:
                raise ValidationError(_("汇总数量至少为 1。"))

    def identity(self) -> tuple:
        """What the party is, apart from its place in the list: two lists with the same identities hold the same parties."""
        return (self.role, self.party_type, self.region_id, self.organisation_id, self.count, self.member_kind_id, self.exited)

    def describe(self) -> str:
        if self.party_type == PartyType.ORGANISATION:
            if self.region_id != self.organisation.region_id:
                return f"{self.organisation}（在{self.region.short_name}）"
            return str(self.organisation)
        if self.party_type == PartyType.REGION:
            return self.region.short_name
        exit_note = {True: "（已出列）", False: "（未出列）"}.get(self.exited, "")
        return f"{self.region.short_name}{self.count}{self.member_kind.unit}{self.member_kind.name}{exit_note}"


class TargetBasis(models.TextChoices):
    DESIGNATION = "designation", _("贫困属性标注的区划")
    REGION_KIND = "region_kind", _("某类区划")
    ORG_KIND = "org_kind", _("某类单位")


class CoverageTarget(models.Model):
    """A target set for coverage (data): 深度贫困村, 未出列贫困村, 乡镇（街道）, 学校, 卫生院 …

    Itemised targets come from the region tree, poverty flags or organisations; the target count
    comes from a reported figure when one exists; aggregate groups count when their category
    (and poverty and exit status) match.
    """

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    basis = models.CharField(_("逐一对象来源"), max_length=12, choices=TargetBasis.choices)
    designation = models.CharField(_("贫困属性"), max_length=24, blank=True)
    exited = models.BooleanField(_("出列状态"), null=True, blank=True, help_text=_("空：不论；否：未出列；是：已出列"))
    region_kinds = models.CharField(_("区划类别"), max_length=100, blank=True, help_text=_("逗号分隔"))
    org_kinds = models.CharField(_("单位类别"), max_length=100, blank=True, help_text=_("逗号分隔"))
    category = models.CharField(_("汇总计入类别"), max_length=16, choices=MemberCategory.choices)
    poverty = models.CharField(_("汇总贫困属性"), max_length=4, choices=MemberPoverty.choices, blank=True)
    reported_indicator = models.CharField(_("报告数指标"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("覆盖目标")
        verbose_name_plural = _("覆盖目标")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def group_matches(self, party: PairingParty) -> bool:
        kind = party.member_kind
        if kind is None or kind.category != self.category:
            return False
        if self.poverty == MemberPoverty.DEEP and kind.poverty != MemberPoverty.DEEP:
            return False
        if self.poverty == MemberPoverty.POOR and kind.poverty not in (MemberPoverty.POOR, MemberPoverty.DEEP):
            return False
        return self.exited is None or party.exited is self.exited


class PairingAttached(Versioned):
    """A record that belongs to one pairing (an agreement, a yearly target, a return, a work log).

    It lies where the pairing lies: whoever reads the pairing reads it; whoever may write the
    pairing (a party of one's own, on one's side) writes it. Subclasses declare ``pairing``.
    """

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = "view") -> Q:
        if not prefix:
            return Q()
        return Q(pairing__in=Pairing.objects.filter(Pairing.scope_q(prefix=prefix, side=side, action=action)).values("pk"))

    def scope_points(self) -> list[tuple[str, str]]:
        return self.pairing.scope_points() if self.pairing_id else []

    def own_points(self) -> list[tuple[str, str]]:
        return []  # it lies where its pairing lies, which it does not set

