"""Assessment (考核): indicators as data, versioned by year, and the yearly targets of a pairing.

An indicator names the figure that computes it (a key in ``figures.FIGURES``), or none when offices
report it by hand; its dimension, unit and weight are data the national office edits. A year belongs
to exactly one indicator set, so the 2016–2020 set and the post-2021 set live side by side.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Versioned
from shanhai.core.records import Qualifier
from shanhai.core.scope import ScopedQuerySet
from shanhai.pairings.models import Pairing, PairingAttached

MONEY_UNIT = "元"


class NationalData(Versioned):
    """Reference data every user reads and only a nationwide role writes."""

    national_only = True  # the generic forms refuse the "new" page to anyone else
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = "view") -> Q:
        return Q() if action == "view" else Q(pk__in=[])

    def scope_points(self) -> list[tuple[str, str]]:
        return [("", "")]


class Dimension(ReferenceKind):
    """组织领导, 人才交流, 资金使用, 产业合作, 劳务协作, 携手奔小康 — or whatever a later set uses."""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("考核维度")
        verbose_name_plural = _("考核维度")


class IndicatorSet(NationalData):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True, help_text=_("留空为至今。"))
    score_cap = models.DecimalField(
        _("完成率封顶"), max_digits=5, decimal_places=2, default=Decimal("1.00"),
        help_text=_("得分按完成率计时的上限：1.00 即超额完成不加分。"),
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")
        ordering = ["first_year"]

    def __str__(self):
        return self.name

    @property
    def years_text(self) -> str:
        return f"{self.first_year}–{self.last_year or ''}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self):
        if self.last_year is not None and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("截止年度不能早于起始年度。")})
        others = IndicatorSet.objects.exclude(pk=self.pk)
        last = self.last_year or 9999
        for other in others:
            if other.first_year <= last and self.first_year <= (other.last_year or 9999):
                raise ValidationError(
                    _("年度与指标体系“%(name)s”（%(years)s）重叠：每个年度只适用一个指标体系。")
                    % {"name": other.name, "years": other.years_text}
                )


def figure_choices() -> list[tuple[str, str]]:
    """The registered figures, for the indicator form's select (called when a form is built)."""
    from .figures import figure_choices as registered

    return registered()


class Scoring(models.TextChoices):
    COMPLETION = "completion", _("按完成率")  # weight × min(actual / target, cap)
    PRESENCE = "presence", _("有即得分")  # weight when the figure is above zero
    NONE = "none", _("只考察不计分")


class Indicator(NationalData):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("指标体系")
    )
    key = models.SlugField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=60)
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, verbose_name=_("考核维度"))
    unit = models.CharField(_("计量单位"), max_length=8, help_text=_("元（金额，显示为万元/亿元）、人、人次、户、个、家、所……"))
    figure = models.CharField(
        _("计算口径"), max_length=40, blank=True, choices=figure_choices,
        help_text=_("由台账计算该指标的口径代码；留空则只能填报。"),
    )
    parameter = models.CharField(_("口径参数"), max_length=200, blank=True, help_text=_("口径所需的参数，如资金类别代码。"))
    reported = models.BooleanField(
        _("允许填报"), default=False, help_text=_("定期报表中可手工填报（或改写台账预填数）。"),
    )
    cumulative = models.BooleanField(_("按累计考核"), default=False, help_text=_("完成率取累计数而非当年数。"))
    scoring = models.CharField(_("计分方式"), max_length=12, choices=Scoring.choices, default=Scoring.COMPLETION)
    weight = models.DecimalField(
        _("权重（分）"), max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    default_target = models.DecimalField(
        _("统一目标值"), max_digits=18, decimal_places=2, null=True, blank=True,
        help_text=_("结对未定目标时适用的目标，如“十有”10项、深度贫困村结对覆盖100%。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["indicator_set__first_year", "dimension__order", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "key"], name="unique_indicator_key_per_set")]

    def __str__(self):
        return self.name

    @property
    def is_money(self) -> bool:
        return self.unit == MONEY_UNIT

    def clean(self):
        from .figures import FIGURES

        if self.figure and self.figure not in FIGURES:
            raise ValidationError({"figure": _("未知的计算口径“%(key)s”。") % {"key": self.figure}})
        if not self.figure and not self.reported:
            raise ValidationError({"reported": _("没有计算口径的指标必须允许填报。")})
        if self.figure and FIGURES[self.figure].unit not in ("*", self.unit):
            raise ValidationError(
                {"unit": _("口径“%(key)s”的单位是%(unit)s。") % {"key": self.figure, "unit": FIGURES[self.figure].unit}}
            )


def check_indicator_applies(indicator: Indicator | None, year: int | None) -> None:
    """A target or a reported value names an indicator of the set that applies to its year."""
    if indicator is not None and year and not indicator.indicator_set.covers(year):
        raise ValidationError({"indicator": _("指标“%(name)s”属于%(set)s，不适用于%(year)s年。") % {
            "name": indicator.name, "set": indicator.indicator_set.name, "year": year,
        }})


class TargetBasis(models.TextChoices):
    STATED = "stated", _("来源所载计划")  # an agreement, a year's plan, a document states it
    INFERRED = "inferred", _("由完成数推定")  # no plan is stated; read off the achievement it scores


class Target(PairingAttached):
    """A pairing's target for an indicator in a year (年度计划): from its agreement or the year's plan.

    A target no source states as a plan (taken from the very achievement it scores, "每年提供1.3万多个
    岗位") is marked 由完成数推定, and every page that shows it says so."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="targets", verbose_name=_("结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("指标"))
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    basis = models.CharField(
        _("目标依据"), max_length=10, choices=TargetBasis.choices, default=TargetBasis.STATED,
        help_text=_("来源写明的计划填 来源所载计划；没有写明、由完成数推定的填 由完成数推定（页面上会标明）。"),
    )
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("协议、年度计划或文件。"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["pairing__sort_key", "-year", "indicator__dimension__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "year", "indicator"], name="unique_target_per_pairing_year"),
        ]

    def __str__(self):
        return f"{self.pairing} · {self.year} · {self.indicator}"

    def clean(self):
        check_indicator_applies(self.indicator if self.indicator_id else None, self.year)


class ReportedValue(PairingAttached):
    """A figure as a report, a return or a speech states it ("栽种100亩"), kept beside the records.

    Reconciliation sets it against what the records add up to; it never replaces them. A figure a
    report states since a year ("2017年以来，共争取…1.2亿元") spans years (``year_from``) and is set
    against the records up to its year.
    """

    reference = models.CharField(
        _("编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="reported_values", verbose_name=_("结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    year_from = models.PositiveSmallIntegerField(
        _("起始年度"), null=True, blank=True, help_text=_("报告所说的累计数（如“2017年以来”）填起始年度，年度填截至年度。"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="reported_values", verbose_name=_("指标")
    )
    value = models.DecimalField(_("报告数"), max_digits=18, decimal_places=2)
    qualifier = models.CharField(_("数额限定"), max_length=10, choices=Qualifier.choices, blank=True, default="")
    as_of = models.DateField(_("截至日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=300, help_text=_("哪份报告、报表或讲话这样说。"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("报告数")
        verbose_name_plural = _("报告数")
        ordering = ["pairing__sort_key", "-year", "indicator__order", "reference"]

    def __str__(self):
        return self.reference

    @property
    def is_span(self) -> bool:
        return self.year_from is not None and self.year_from != self.year

    def clean(self):
        if self.year_from is not None and self.year is not None and self.year_from > self.year:
            raise ValidationError({"year_from": _("起始年度不能晚于截至年度。")})
        check_indicator_applies(self.indicator if self.indicator_id else None, self.year)
