"""Dashboards (看板): a pair's six dimensions, yearly and cumulative, against its targets — and the nation's.

Everything here is composition (STYLE habit 1): a pairing's figures come from
``assessment.selectors.pairing_results`` (actual, cumulative, target, completion, score, basis, link),
grouped by ``results_by_dimension``; trends from ``indicator_trend``; the pairs under a pair from the
pairings selectors. The one thing added up here is the nation, which has no pairing of its own: it
is the top-level pairs side by side, and its total adds their figures (money exact, in Decimal 元).
The page, the API and the tests all take a dashboard from ``pairing_dashboard`` / ``nation_dashboard``.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils import timezone

from shanhai.assessment.figures import FIGURES, Figure, figure_compute
from shanhai.assessment.models import MONEY_UNIT
from shanhai.assessment.selectors import (
    DimensionResults,
    IndicatorResult,
    TargetValue,
    indicator_set_for,
    indicator_trend,
    indicators_for,
    pairing_results,
    results_by_dimension,
)
from shanhai.core.records import Qualifier
from shanhai.pairings.models import ASSESSED_KINDS, Pairing
from shanhai.pairings.selectors import pairings_for

# The pairs that are assessed and get a dashboard of their own (县县、市际、省际); the pairings
# nested in a county pair (departments, towns, villages, schools …) are parts of its figures.

# Figures that say a pair did something in a year, for finding the latest year with records where
# the ledgers have no by-year selector.
ACTIVITY_FIGURES = ("funds", "sales", "donations", "projects", "employment", "transports", "jobs_offered",
                    "visits", "talent_sent")

FIRST_YEAR = 2014  # the poverty-alleviation phase; no indicator set goes back further


# ---------------------------------------------------------------- years


def dashboard_years() -> list[int]:
    """Years that have an indicator set, newest first (up to the current year)."""
    now = timezone.localdate().year
    return [y for y in range(now, FIRST_YEAR - 1, -1) if indicator_set_for(y) is not None]


def years_with_data(*, user, pairing: Pairing, years: list[int]) -> list[int]:
    """The years among ``years`` in which the pair (with everything under it) has records, newest first.

    The funds and sales ledgers give their years directly (``*_by_year``); for a pair with neither
    (吴江 ↔ 印江 has only labour records) the activity figures are asked year by year, newest first,
    and the first year with a record is the answer.
    """
    from shanhai.consumption.selectors import sales_by_year
    from shanhai.funds.selectors import funds_by_year

    found = set(funds_by_year(user=user, pairing=pairing)) | set(sales_by_year(user=user, pairing=pairing))
    listed = [y for y in sorted(years, reverse=True) if y in found]
    if listed:
        return listed
    for year in sorted(years, reverse=True):
        for key in ACTIVITY_FIGURES:
            if key in FIGURES and figure_compute(key=key, user=user, pairing=pairing, period={"year": year}).records:
                return [year]
    return []


def default_year(*, user, pairings: list[Pairing], years: list[int]) -> int | None:
    """The latest year with records for any of ``pairings``; else the latest set year up to now."""
    found = [y for p in pairings for y in years_with_data(user=user, pairing=p, years=years)[:1]]
    if found:
        return max(found)
    return years[0] if years else None


# ---------------------------------------------------------------- the pairs to show


def assessed_pairings(*, user):
    """The province, city and county pairs the user sees, the higher levels first."""
    return pairings_for(user=user).filter(kind_id__in=ASSESSED_KINDS).order_by("kind__order", "sort_key", "id")


def top_pairings(*, user) -> list[Pairing]:
    """The pairs at the top of what the user sees: no parent, or a parent outside the user's scope
    (昆山's office sees 昆山 ↔ 碧江 as its top pair, not 江苏 ↔ 贵州, which it cannot open)."""
    visible = assessed_pairings(user=user)
    ids = set(pairings_for(user=user).values_list("pk", flat=True))
    return [p for p in visible if p.parent_id is None or p.parent_id not in ids]


def child_pairings(*, user, pairing: Pairing) -> tuple[list[Pairing], list[Pairing]]:
    """The visible pairs directly under ``pairing``: (assessed ones, the other kinds)."""
    rows = list(pairings_for(user=user).filter(parent=pairing).order_by("kind__order", "sort_key", "id"))
    return [p for p in rows if p.kind_id in ASSESSED_KINDS], [p for p in rows if p.kind_id not in ASSESSED_KINDS]


# ---------------------------------------------------------------- adding figures (the nation only)


def _without_pairing(link: str) -> str:
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "pairing"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def figures_sum(figures: list[Figure], unit: str) -> Figure:
    """Figures of several pairs added: exact Decimal, parts kept, ``以上`` when a part is ``以上`` or
    unknown. Shares (%) are not added: a share of several pairs is not the sum of their shares."""
    if len(figures) == 1:
        return figures[0]
    if unit == "%":
        return Figure(None, unit, derived=True, note="比例不相加：见各结对")
    known = [f for f in figures if f.value is not None]
    if not known:
        return Figure(None, unit, derived=True, note="各结对均无数")
    if any(f.qualifier == Qualifier.AT_LEAST for f in known) or len(known) < len(figures):
        qualifier = Qualifier.AT_LEAST
    elif any(f.qualifier == Qualifier.ABOUT for f in known):
        qualifier = Qualifier.ABOUT
    else:
        qualifier = Qualifier.EXACT
    links = [f.link for f in known if f.link]
    return Figure(
        value=sum((f.value for f in known), Decimal(0)), unit=unit,
        itemised=sum((f.itemised for f in known), Decimal(0)), aggregate=sum((f.aggregate for f in known), Decimal(0)),
        records=sum(f.records for f in known), qualifier=qualifier,
        reported=all(f.reported for f in known), derived=any(f.derived for f in known) and not all(f.reported for f in known),
        note="各结对相加" if any(f.derived or f.reported for f in known) else "",
        link=_without_pairing(links[0]) if links else "",
    )


def _targets_sum(targets: list[TargetValue | None]) -> TargetValue | None:
    known = [t for t in targets if t is not None]
    if not known:
        return None
    if len(targets) == 1:
        return known[0]
    return TargetValue(
        sum((t.value for t in known), Decimal(0)), True, sum(max(t.parts, 1) for t in known),
        inferred=any(t.inferred for t in known), default=all(t.default for t in known),
    )


def results_sum(columns: list[list[IndicatorResult]], *, year: int) -> list[IndicatorResult]:
    """Indicator by indicator, the pairs' results added; completion and score then come from the
    assessment selector's own ``IndicatorResult`` on the sums."""
    out = []
    for parts in zip(*columns, strict=True):
        ind = parts[0].indicator
        out.append(IndicatorResult(
            indicator=ind, year=year,
            actual=figures_sum([r.actual for r in parts], ind.unit),
            cumulative=figures_sum([r.cumulative for r in parts], ind.unit),
            target=_targets_sum([r.target for r in parts]),
        ))
    return out


# ---------------------------------------------------------------- the dashboard


def total_score(dimensions: list[DimensionResults]) -> Decimal:
    return sum((d.score for d in dimensions), Decimal(0))


@dataclass
class PairRow:
    """A pair in a drill-down or side-by-side table: its results grouped by dimension."""

    pairing: Pairing | None  # None: the total row
    results: list[IndicatorResult]
    dimensions: list[DimensionResults] = field(default_factory=list)

    def __post_init__(self):
        if not self.dimensions:
            self.dimensions = results_by_dimension(self.results)

    @property
    def total_score(self) -> Decimal:
        return total_score(self.dimensions)

    def result(self, key: str) -> IndicatorResult | None:
        return next((r for r in self.results if r.indicator.key == key), None)


@dataclass
class Trend:
    indicator: object
    points: list[tuple[int, Figure]]


@dataclass
class Dashboard:
    pairing: Pairing | None  # None: the nation
    year: int
    dimensions: list[DimensionResults]
    children: list[PairRow]  # the assessed pairs directly under it (nation: the top-level pairs)
    others: list[Pairing]  # pairings of other kinds directly under it, linked, not scored
    trends: list[Trend]
    trend_years: list[int]
    total_row: PairRow | None = None  # nation: the top-level pairs added

    @property
    def results(self) -> list[IndicatorResult]:
        return [r for d in self.dimensions for r in d.results]

    @property
    def total_score(self) -> Decimal:
        return total_score(self.dimensions)


def trend_years(year: int) -> list[int]:
    """The years of the selected year's indicator set, up to the selected year."""
    found = indicator_set_for(year)
    if found is None:
        return [year]
    return list(range(max(found.first_year, FIRST_YEAR), year + 1))


def trend_indicators(year: int) -> list:
    """The money indicators of the year's set: what the trend chart follows."""
    return [i for i in indicators_for(year=year) if i.unit == MONEY_UNIT]


def pairing_dashboard(*, user, pairing: Pairing, year: int) -> Dashboard:
    results = pairing_results(user=user, pairing=pairing, year=year)
    assessed, others = child_pairings(user=user, pairing=pairing)
    years = trend_years(year)
    return Dashboard(
        pairing=pairing, year=year, dimensions=results_by_dimension(results),
        children=[PairRow(p, pairing_results(user=user, pairing=p, year=year)) for p in assessed],
        others=others,
        trends=[Trend(ind, indicator_trend(user=user, indicator=ind, pairing=pairing, years=years))
                for ind in trend_indicators(year)],
        trend_years=years,
    )


def nation_dashboard(*, user, year: int) -> Dashboard:
    """The top-level pairs the user sees, side by side, and their sum (nothing else is counted)."""
    tops = top_pairings(user=user)
    rows = [PairRow(p, pairing_results(user=user, pairing=p, year=year)) for p in tops]
    total = PairRow(None, results_sum([r.results for r in rows], year=year)) if rows else None
    years = trend_years(year)
    trends = []
    for ind in trend_indicators(year):
        per_pair = [indicator_trend(user=user, indicator=ind, pairing=p, years=years) for p in tops]
        points = [(y, figures_sum([pts[i][1] for pts in per_pair], ind.unit)) for i, (y, _f) in enumerate(per_pair[0])] if per_pair else []
        trends.append(Trend(ind, points))
    return Dashboard(
        pairing=None, year=year,
        dimensions=total.dimensions if total else results_by_dimension([]),
        children=rows, others=[], trends=trends, trend_years=years, total_row=total,
    )


# ---------------------------------------------------------------- as data (the API)


def _dimensions_dict(dimensions: list[DimensionResults]) -> list[dict]:
    return [
        {"name": d.dimension.name, "code": d.dimension.code, "weight": f"{d.weight:f}", "score": f"{d.score:f}",
         "indicators": [r.as_dict() for r in d.results]}
        for d in dimensions
    ]


def _pair_dict(pairing: Pairing | None) -> dict | None:
    if pairing is None:
        return None
    return {"reference": pairing.reference, "name": pairing.display_name(), "kind": pairing.kind_id}


def _row_dict(row: PairRow) -> dict:
    return {
        "pairing": _pair_dict(row.pairing),
        "dimension_scores": [{"name": d.dimension.name, "score": f"{d.score:f}"} for d in row.dimensions],
        "total_score": f"{row.total_score:f}",
        "indicators": [r.as_dict() for r in row.results],
    }


def dashboard_as_dict(dashboard: Dashboard) -> dict:
    """The dashboard as the API gives it: dimensions → indicators → figure dicts, as the page shows them."""
    return {
        "pairing": _pair_dict(dashboard.pairing),
        "year": dashboard.year,
        "total_score": f"{dashboard.total_score:f}",
        "dimensions": _dimensions_dict(dashboard.dimensions),
        "children": [_row_dict(r) for r in dashboard.children],
        "total_row": _row_dict(dashboard.total_row) if dashboard.total_row else None,
        "others": [_pair_dict(p) for p in dashboard.others],
        "trends": [
            {"key": t.indicator.key, "name": t.indicator.name, "unit": t.indicator.unit,
             "points": [{"year": y, **f.as_dict()} for y, f in t.points]}
            for t in dashboard.trends
        ],
    }
