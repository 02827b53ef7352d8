from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.scope import ScopedModel

from . import codes


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWN = 4, _("乡级")
    VILLAGE = 5, _("村级")


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省/自治区/直辖市")
    CITY = "city", _("地级市/州/盟")
    COUNTY = "county", _("县/区/县级市")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    STREET = "street", _("街道")
    TOWN_LIKE = "town_like", _("类似乡级单位")
    COMMUNITY = "community", _("社区（居委会）")
    VILLAGE = "village", _("村（村委会）")
    VILLAGE_LIKE = "village_like", _("类似村级单位")


class Region(ScopedModel):
    """A node of the division tree; the 12-digit code is the key, so foreign keys carry codes."""

    # Both sides of a pair read each other's regions: Kunshan names a Bijiang village as a recipient.
    visible_across_pairs = True
    # Division codes are public: where a record may lie is the write rule's question (its points), not
    # whether the code can be looked up.
    named_freely = True

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=RegionKind.choices)
    name = models.CharField(_("全称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=60, db_index=True)
    provisional = models.BooleanField(
        _("临时代码"), default=False, help_text=_("来源中没有此区划，代码为临时分配，形状与正式代码相同。")
    )
    source = models.CharField(_("来源"), max_length=120, blank=True)

    scope_lookup = "code"
    scope_attname = "code"

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL uses an index only with the pattern operator class: Django
            # makes one (regions_region_code_*_like) for the primary key itself.
            models.Index(fields=["level", "code"], name="region_level_code"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def build(cls, *, code: str, name: str, kind: str = "", **fields) -> "Region":
        """An unsaved region with level, parent, kind and short name derived from code and name."""
        padded = codes.pad(code)
        level = codes.level_of(padded)
        return cls(
            code=padded, name=name, level=level, parent_id=codes.ancestors(padded)[-1] if level > 1 else None,
            kind=kind or codes.kind_of(padded, name), short_name=codes.short_name(name, level), **fields,
        )

    def clean(self):
        try:
            padded = codes.pad(self.code)
        except ValueError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        self.code = padded
        self.level = codes.level_of(padded)
        if self.level > 1:
            expected = codes.ancestors(padded)[-1]
            if self.parent_id and self.parent_id != expected:
                raise ValidationError({"parent": _("上级区划与代码不符：应为 %(code)s") % {"code": expected}})
            self.parent_id = expected
        if not self.kind:
            self.kind = codes.kind_of(padded, self.name)
        if not self.short_name:
            self.short_name = codes.short_name(self.name, self.level)

    @property
    def prefix(self) -> str:
        return codes.prefix_of(self.code, self.level)

    @property
    def display_code(self) -> str:
        """6 digits for county and above (GB/T 2260), 9 for towns, 12 for villages."""
        return self.code[: max(6, codes.PREFIX_LENGTH[self.level])]

    def path(self) -> list["Region"]:
        """This region and the regions above it, top first."""
        above = {r.code: r for r in Region.objects.filter(code__in=codes.ancestors(self.code))}
        return [above[c] for c in codes.ancestors(self.code) if c in above] + [self]

    @property
    def full_name(self) -> str:
        return "".join(r.short_name if r.level < self.level else r.name for r in self.path())


class PovertyKind(models.TextChoices):
    POOR_COUNTY = "poor_county", _("贫困县")
    POOR_VILLAGE = "poor_village", _("贫困村")
    DEEP_POVERTY_VILLAGE = "deep_poverty_village", _("深度贫困村")


class PovertyDesignation(ScopedModel):
    """An itemised poverty flag on one region: identified in a year, exited (摘帽/出列) in a year.

    A deep-poverty village is also a poor village; the status in any year is derived from the two years.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="poverty", verbose_name=_("区划"))
    kind = models.CharField(_("类别"), max_length=24, choices=PovertyKind.choices)
    identified_year = models.PositiveSmallIntegerField(_("认定年度"), null=True, blank=True)
    exit_year = models.PositiveSmallIntegerField(_("退出年度"), null=True, blank=True, help_text=_("贫困县摘帽或贫困村出列的年度"))
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("贫困属性")
        verbose_name_plural = _("贫困属性")
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="unique_poverty_designation")]
        ordering = ["region_id", "kind"]

    def __str__(self):
        return f"{self.region} · {self.get_kind_display()}"

    def clean(self):
        if self.region_id:
            level = codes.level_of(self.region_id)
            if self.kind == PovertyKind.POOR_COUNTY and level != 3:
                raise ValidationError({"kind": _("贫困县只能标在县级区划上。")})
            if self.kind != PovertyKind.POOR_COUNTY and level != 5:
                raise ValidationError({"kind": _("贫困村、深度贫困村只能标在村级区划上。")})
        if self.identified_year and self.exit_year and self.exit_year < self.identified_year:
            raise ValidationError({"exit_year": _("退出年度不能早于认定年度。")})

    def is_poor_in(self, year: int) -> bool:
        return (self.identified_year or 0) <= year and (self.exit_year is None or self.exit_year > year)


class ReportedIndicator(models.Model):
    """What a reported count measures (data, editable by the national office)."""

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    unit = models.CharField(_("单位"), max_length=10)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报告指标")
        verbose_name_plural = _("报告指标")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ReportedFigure(ScopedModel):
    """A figure an office reported for a region and year ("319 deep-poverty villages").

    Kept apart from itemised flags: both can be shown, and neither overwrites the other.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reported_figures", verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.ForeignKey(ReportedIndicator, on_delete=models.PROTECT, verbose_name=_("指标"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    as_of = models.DateField(_("截至日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        verbose_name = _("报告数")
        verbose_name_plural = _("报告数")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "indicator"], name="unique_reported_figure"),
        ]
        ordering = ["region_id", "year", "indicator_id"]

    def __str__(self):
        return f"{self.region} {self.year} {self.indicator}: {self.value.normalize():f}"


class RegionSourceLoad(models.Model):
    """One load of division codes from the source: what, from where, how many (audited as one write)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    source = models.CharField(_("来源"), max_length=200)
    prefixes = models.CharField(_("范围"), max_length=200, help_text=_("代码前缀，空为全国"))
    loaded = models.PositiveIntegerField(_("写入条数"))
    clashes = models.PositiveIntegerField(_("与临时代码冲突"), default=0, help_text=_("来源中与已有临时代码相同、未载入的条数"))

    class Meta:
        verbose_name = _("区划载入")
        verbose_name_plural = _("区划载入")

    def __str__(self):
        return f"{self.source} [{self.prefixes or '全国'}] {self.loaded}"
