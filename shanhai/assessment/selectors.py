"""Reads for assessment: which indicators apply in a year, a pairing's targets, and each
indicator's actual, target, completion and score — the one place dashboards, scorecards,
returns and briefings take them from (STYLE habit 1)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Subquery

from shanhai.pairings.models import Pairing

from .figures import FIGURES, Figure, FigureBasis, figure_compute
from .models import Dimension, Indicator, IndicatorSet, ReportedValue, Scoring, Target

PERCENT = Decimal("0.1")
POINTS = Decimal("0.01")


def indicator_set_for(year: int) -> IndicatorSet | None:
    return next((s for s in IndicatorSet.objects.all() if s.covers(year)), None)


def indicators_for(*, year: int, dimension: Dimension | None = None) -> list[Indicator]:
    # The set is found inside the one query (the first covering the year, as indicator_set_for
    # takes it): no query for the set and another for its indicators.
    covering = IndicatorSet.objects.filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year,
    ).values("pk")[:1]
    qs = Indicator.objects.filter(indicator_set=Subquery(covering)).select_related("dimension", "indicator_set")
    if dimension is not None:
        qs = qs.filter(dimension=dimension)
    return list(qs)


def targets_for(*, user, pairing: Pairing, year: int | None = None):
    qs = Target.objects.visible_to(user).filter(pairing=pairing).select_related("indicator", "indicator__dimension")
    return qs.filter(year=year) if year is not None else qs


def reported_values_for(*, user, pairing: Pairing | None = None, year: int | None = None, indicator=None):
    qs = ReportedValue.objects.visible_to(user).select_related("pairing", "indicator", "indicator__dimension")
    if pairing is not None:
        from shanhai.pairings.selectors import pairing_subtree_ids

        qs = qs.filter(pairing__in=pairing_subtree_ids(pairing))
    if year is not None:
        qs = qs.filter(year=year)
    if indicator is not None:
        qs = qs.filter(indicator__key=indicator.key)
    return qs


# ---------------------------------------------------------------- targets, rolled up


class TargetOrigin:
    """Where a target comes from, said beside it wherever it is shown."""

    OWN = "own"  # the pair's own plan, as a source states it
    INFERRED = "inferred"  # the pair's own, but read off the achievement it scores (TargetBasis.INFERRED)
    ROLLED_UP = "rolled_up"  # the pairs under it added, where it has none
    DEFAULT = "default"  # the indicator set's 统一目标值: never the pair's 年度目标


TARGET_ORIGIN_TEXT = {
    TargetOrigin.OWN: "",
    TargetOrigin.INFERRED: "由完成数推定",
    TargetOrigin.ROLLED_UP: "下级结对目标之和",
    TargetOrigin.DEFAULT: "指标体系统一目标值",
}


@dataclass(frozen=True)
class TargetValue:
    value: Decimal
    rolled_up: bool  # summed from the pairs under this one, which have targets and it has none
    parts: int  # how many targets it adds up
    inferred: bool = False  # it, or a part of it, is read off the achievement rather than a stated plan
    default: bool = False  # the indicator set's 统一目标值, not a target of the pair

    @property
    def origin(self) -> str:
        if self.default:
            return TargetOrigin.DEFAULT
        if self.inferred:
            return TargetOrigin.INFERRED
        return TargetOrigin.ROLLED_UP if self.rolled_up else TargetOrigin.OWN

    @property
    def is_pairs_plan(self) -> bool:
        """A plan the pair's own sources state: the only target a briefing may call 年度目标."""
        return self.origin in (TargetOrigin.OWN, TargetOrigin.ROLLED_UP)

    @property
    def origin_text(self) -> str:
        return TARGET_ORIGIN_TEXT[self.origin]


def target_value(*, user, pairing: Pairing, year: int, indicator: Indicator) -> TargetValue | None:
    """The pairing's own target, or else the sum of the targets of the pairs directly under it
    (each taken the same way), so a city pair's target is its county pairs' where it sets none; or
    else the indicator set's 统一目标值, marked as such."""
    from shanhai.pairings.selectors import pairing_subtree_ids

    from .models import TargetBasis

    ids = pairing_subtree_ids(pairing)
    # One query for every target of the subtree; the roll-up is done over the tree in memory.
    targets = {
        pk: (value, basis == TargetBasis.INFERRED)
        for pk, value, basis in Target.objects.visible_to(user)
        .filter(pairing__in=ids, year=year, indicator__key=indicator.key)
        .values_list("pairing_id", "value", "basis")
    }
    if pairing.pk in targets:
        value, inferred = targets[pairing.pk]
        return TargetValue(value, False, 1, inferred=inferred)
    if indicator.default_target is not None:
        return TargetValue(indicator.default_target, False, 0, default=True)
    if not targets:
        return None
    children: dict[int, list[int]] = {}
    for pk, parent_id in Pairing.objects.filter(pk__in=ids).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)

    def rolled(pk: int) -> tuple[Decimal, int, bool]:
        if pk in targets:
            return targets[pk][0], 1, targets[pk][1]
        total, parts, inferred = Decimal(0), 0, False
        for child in children.get(pk, []):
            value, n, child_inferred = rolled(child)
            total, parts, inferred = total + value, parts + n, inferred or child_inferred
        return total, parts, inferred

    total, parts, inferred = rolled(pairing.pk)
    return TargetValue(total, True, parts, inferred=inferred) if parts else None


# ---------------------------------------------------------------- actuals

# Where a reported-only figure comes from (an approved return); the returns app sets it, so this
# module names no app above it.
_REPORTED_SOURCE: Callable | None = None


def register_reported_source(fn: Callable) -> None:
    """``fn(*, user, indicator, pairing, year) -> Figure | None``: the reported figure, if any."""
    global _REPORTED_SOURCE
    _REPORTED_SOURCE = fn


def indicator_figure(*, user, indicator: Indicator, pairing: Pairing, year: int, cumulative: bool = False) -> Figure:
    """The indicator's actual for a pairing: from the records where it has a figure, else reported."""
    if indicator.figure and indicator.figure in FIGURES:
        period = {"up_to_year": year} if cumulative else {"year": year}
        return figure_compute(key=indicator.figure, user=user, pairing=pairing, period=period, parameter=indicator.parameter)
    if not cumulative and _REPORTED_SOURCE is not None:
        found = _REPORTED_SOURCE(user=user, indicator=indicator, pairing=pairing, year=year)
        if found is not None:
            return found
    return Figure(None, indicator.unit, derived=True, note="只能填报，尚无已审核的填报数")


def completion_rate(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Completion in percent, one decimal place; None without a positive target or an actual."""
    if actual is None or not target:
        return None
    return (actual * 100 / target).quantize(PERCENT, rounding=ROUND_HALF_UP)


def indicator_score(indicator: Indicator, actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Points under the year's weights: weight × min(completion, cap), or weight when present."""
    weight = indicator.weight
    if indicator.scoring == Scoring.NONE:
        return None
    if indicator.scoring == Scoring.PRESENCE:
        return (weight if actual else Decimal(0)).quantize(POINTS)
    if actual is None or not target:
        return None
    ratio = min(actual / target, indicator.indicator_set.score_cap)
    return (weight * ratio).quantize(POINTS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    year: int
    actual: Figure  # the year's
    cumulative: Figure  # up to and including the year
    target: TargetValue | None

    @property
    def scored(self) -> Figure:
        return self.cumulative if self.indicator.cumulative else self.actual

    @property
    def completion(self) -> Decimal | None:
        return completion_rate(self.scored.value, self.target.value if self.target else None)

    @property
    def score(self) -> Decimal | None:
        return indicator_score(self.indicator, self.scored.value, self.target.value if self.target else None)

    @property
    def target_display(self) -> str:
        from .figures import value_text

        if self.target is None:
            return "—"
        text = value_text(self.target.value, self.indicator.unit)
        marked = self.target.origin in (TargetOrigin.INFERRED, TargetOrigin.DEFAULT)
        return f"{text}（{self.target.origin_text}）" if marked else text

    def as_dict(self) -> dict:
        ind = self.indicator
        return {
            "key": ind.key, "name": ind.name, "dimension": ind.dimension.name, "unit": ind.unit, "year": self.year,
            "actual": self.actual.as_dict(), "cumulative": self.cumulative.as_dict(),
            "target": None if self.target is None else f"{self.target.value:f}",
            "target_display": self.target_display,
            "target_rolled_up": bool(self.target and self.target.rolled_up),
            "target_origin": None if self.target is None else self.target.origin,
            "completion": None if self.completion is None else f"{self.completion:f}",
            "weight": f"{ind.weight:f}", "score": None if self.score is None else f"{self.score:f}",
        }


def indicator_result(*, user, indicator: Indicator, pairing: Pairing, year: int) -> IndicatorResult:
    return IndicatorResult(
        indicator=indicator, year=year,
        actual=indicator_figure(user=user, indicator=indicator, pairing=pairing, year=year),
        cumulative=indicator_figure(user=user, indicator=indicator, pairing=pairing, year=year, cumulative=True),
        target=target_value(user=user, pairing=pairing, year=year, indicator=indicator),
    )


def pairing_results(*, user, pairing: Pairing, year: int, dimension: Dimension | None = None) -> list[IndicatorResult]:
    """Every indicator of the year's set for the pairing, in the set's order."""
    return [
        indicator_result(user=user, indicator=ind, pairing=pairing, year=year)
        for ind in indicators_for(year=year, dimension=dimension)
    ]


@dataclass
class DimensionResults:
    dimension: Dimension
    results: list[IndicatorResult] = field(default_factory=list)

    @property
    def weight(self) -> Decimal:
        return sum((r.indicator.weight for r in self.results), Decimal(0))

    @property
    def score(self) -> Decimal:
        return sum((r.score or Decimal(0) for r in self.results), Decimal(0))


def results_by_dimension(results: list[IndicatorResult]) -> list[DimensionResults]:
    """Group results under every dimension, in the dimensions' order (empty ones kept, so all six show)."""
    groups = {d.pk: DimensionResults(d) for d in Dimension.objects.all()}
    for result in results:
        groups[result.indicator.dimension_id].results.append(result)
    return list(groups.values())


def indicator_trend(*, user, indicator: Indicator, pairing: Pairing, years: list[int]) -> list[tuple[int, Figure]]:
    """The indicator's yearly figure over years — only years whose set holds the same key."""
    # The sets once and the key's indicator in each once, not both again for every year.
    sets = list(IndicatorSet.objects.all())
    by_set = {
        i.indicator_set_id: i
        for i in Indicator.objects.filter(indicator_set__in=sets, key=indicator.key).select_related("dimension", "indicator_set")
    }
    out = []
    for year in years:
        found_set = next((s for s in sets if s.covers(year)), None)
        found = by_set.get(found_set.pk) if found_set is not None else None
        if found is not None:
            out.append((year, indicator_figure(user=user, indicator=found, pairing=pairing, year=year)))
    return out


def basis_label(basis: str) -> str:
    return str(FigureBasis.LABELS.get(basis, basis))
