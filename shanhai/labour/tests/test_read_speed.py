"""Stable employment is added up by the database: the figures of every record, counted here row by
row from the ledger itself, and a few grouped queries that read no record whole."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanhai.core.records import Basis, Qualifier
from shanhai.labour.models import DestinationClass, EmploymentOutcome, StabilityCounting, StabilityRule
from shanhai.labour.selectors import employment_stable
from shanhai.labour.services import employment_outcome_create
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db

# reference, year filed, start, months kept, workers, poor workers, basis, qualifier, qualifiers
ROWS = (
    ("T-RS-A", 2019, (2019, 9), 8, 10, 4, Basis.AGGREGATE, Qualifier.AT_LEAST, {}),  # 4 + 4 months
    ("T-RS-B", 2019, (2019, 12), 7, 5, None, Basis.AGGREGATE, "", {"poor_workers": Qualifier.ABOUT}),  # 1 + 6
    ("T-RS-C", 2019, (2019, 3), 12, 20, 20, Basis.AGGREGATE, Qualifier.OVER, {"workers": ""}),  # 10 + 2
    ("T-RS-D", 2018, (2018, 11), 26, 1, 1, Basis.ITEMISED, "", {}),  # 2 + 12 + 12
    ("T-RS-E", 2018, (2018, 2), 6, 1, 0, Basis.ITEMISED, "", {}),  # ended in July 2018
    ("T-RS-F", 2020, (2020, 5), 0, 1, None, Basis.ITEMISED, "", {}),  # started, kept no whole month
    ("T-RS-G", 2020, None, None, 30, 12, Basis.AGGREGATE, Qualifier.NEARLY, {}),  # months unknown
    ("T-RS-H", 2019, (2019, 6), None, 7, 3, Basis.AGGREGATE, "", {"poor_workers": Qualifier.UNDER}),  # kept unknown
    ("T-RS-I", 2021, (2021, 1), 12, 3, 2, Basis.AGGREGATE, "", {}),  # the whole of 2021
)


@pytest.fixture
def outcomes(demo_users):
    bijiang = Region.objects.get(code="520602000000")
    kunshan = Region.objects.get(code="320583000000")
    pairing = Pairing.objects.get(reference="KS-BJ")
    paired = DestinationClass.objects.get(code="paired_city")
    for ref, year, start, kept, workers, poor, basis, qualifier, qualifiers in ROWS:
        employment_outcome_create(
            actor=demo_users["bijiang"], reference=ref, origin="碧江区劳动力", origin_region=bijiang, destination=paired,
            destination_region=kunshan, pairing=pairing, year=year, start=datetime.date(*start, 1) if start else None,
            months_kept=kept, workers=workers, poor_workers=poor, basis=basis, qualifier=qualifier, qualifiers=qualifiers,
        )


def months_in(start: datetime.date, kept: int) -> list[tuple[int, int]]:
    """The (year, month) of every month the job was held, the start month first."""
    out, y, m = [], start.year, start.month
    for _ in range(kept):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def expected(rows, year: int, rule: StabilityRule | None) -> dict:
    """Each record placed and added up by hand: (workers by basis, qualifiers, poor by basis, poor
    qualifiers, records without poor workers) for stable, not stable and undetermined."""
    out = {name: {"workers": {}, "wq": set(), "poor": {}, "pq": set(), "records": 0, "poor_records": 0, "unknown": 0}
           for name in ("stable", "not_stable", "undetermined")}
    stable_refs = []
    for r in rows:
        dated = r.start is not None and r.months_kept is not None and r.start.year <= year
        if not dated:
            if r.year != year:
                continue
            place = "undetermined"
        elif rule is None:
            place = "undetermined"
        else:
            held = months_in(r.start, r.months_kept)
            # The year the job ended: that of its last month, or of the month before it started
            # when it kept none (such a job is in the figures of its start year, with no month).
            ended = held[-1][0] if held else (r.start.year - (r.start.month == 1))
            if ended < year:
                continue  # ended before the year
            if rule.counting == StabilityCounting.IN_YEAR:
                months = sum(1 for y, _m in held if y == year)
            else:
                months = sum(1 for y, _m in held if y <= year) if any(y == year for y, _m in held) else 0
            place = "stable" if months >= rule.min_months else "not_stable"
            if place == "stable":
                stable_refs.append(r.reference)
        got = out[place]
        got["records"] += 1
        got["workers"][r.basis] = got["workers"].get(r.basis, 0) + r.workers
        own = r.qualifiers.get("workers")
        got["wq"].add(own if own is not None else r.qualifier)
        if r.poor_workers is None:
            got["unknown"] += 1
        else:
            got["poor_records"] += 1
            got["poor"][r.basis] = got["poor"].get(r.basis, 0) + r.poor_workers
            got["pq"].add(r.qualifiers.get("poor_workers", ""))
    return out | {"refs": sorted(stable_refs)}


def as_found(heads) -> dict:
    def by_basis(total):
        return {k: v for k, v in ((Basis.ITEMISED, total.itemised), (Basis.AGGREGATE, total.aggregate)) if v}

    return {
        "workers": by_basis(heads.workers), "poor": by_basis(heads.poor_workers), "records": heads.workers.records,
        "poor_records": heads.poor_workers.records, "unknown": heads.poor_unknown,
        "wq": heads.workers.qualifier, "pq": heads.poor_workers.qualifier,
    }


def qualifier_of(found: set) -> str:
    from shanhai.core.records import qualifier_of_sum

    return qualifier_of_sum(sorted(found))


def check(result, want: dict):
    assert result.stable_references == want["refs"]
    for name in ("stable", "not_stable", "undetermined"):
        got, w = as_found(getattr(result, name)), want[name]
        w = {**w, "workers": {k: v for k, v in w["workers"].items() if v}, "poor": {k: v for k, v in w["poor"].items() if v},
             "wq": qualifier_of(w["wq"]), "pq": qualifier_of(w["pq"])}
        assert got == w, name


def selection(user, **filters):
    from shanhai.labour.selectors import employment_for

    return list(employment_for(user=user, **filters))


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2021])
def test_stable_employment_equals_the_rows_added_by_hand(demo_users, outcomes, year):
    user = demo_users["bijiang"]
    in_year = StabilityRule.objects.get(min_months=6, counting=StabilityCounting.IN_YEAR)
    continuous = StabilityRule(name="连续在岗8个月", min_months=8, counting=StabilityCounting.CONTINUOUS, year_from=2016)
    for filters in ({"region_prefix": "520602"}, {"pairing": Pairing.objects.get(reference="KS-BJ")}, {}):
        rows = selection(user, **filters)
        assert any(r.reference.startswith("T-RS-") for r in rows)
        for rule in (in_year, continuous):
            check(employment_stable(user=user, year=year, rule=rule, **filters), expected(rows, year, rule))


def test_without_a_rule_every_dated_record_and_the_years_own_are_undetermined(demo_users, outcomes):
    user = demo_users["bijiang"]
    StabilityRule.objects.all().delete()
    for year in (2019, 2020):
        result = employment_stable(user=user, year=year, region_prefix="520602")
        assert result.rule is None
        check(result, expected(selection(user, region_prefix="520602"), year, None))


def test_the_demos_undated_outcomes_are_undetermined_in_their_year(demo_users):
    # The seeds give counts without start dates: each year's workers are undetermined, none stable.
    admin = demo_users["admin"]
    for year in (2019, 2020):
        rows = list(EmploymentOutcome.objects.all())
        result = employment_stable(user=admin, year=year)
        assert result.stable.workers.total == 0 and result.stable_references == []
        assert result.undetermined.workers.total == sum(r.workers for r in rows if r.year == year)
        check(result, expected(rows, year, result.rule))


def test_stable_employment_reads_no_record_whole_and_no_not_in(demo_users, outcomes):
    user = demo_users["bijiang"]
    rule = StabilityRule.objects.get(min_months=6, counting=StabilityCounting.IN_YEAR)
    with CaptureQueriesContext(connection) as few:
        employment_stable(user=user, year=2020, rule=rule, region_prefix="520602")
    for n in range(3):  # more records change nothing in how it is read
        employment_outcome_create(
            actor=demo_users["bijiang"], reference=f"T-RS-MORE-{n}", origin="碧江区劳动力",
            origin_region=Region.objects.get(code="520602000000"), destination=DestinationClass.objects.get(code="paired_city"),
            year=2020, start=datetime.date(2020, 1 + n, 1), months_kept=6 + n, workers=2, basis=Basis.AGGREGATE,
        )
    with CaptureQueriesContext(connection) as more:
        employment_stable(user=user, year=2020, rule=rule, region_prefix="520602")
    assert len(more) == len(few) <= 2
    table = EmploymentOutcome._meta.db_table
    for query in more.captured_queries:
        sql = query["sql"]
        assert f'"{table}"."origin"' not in sql  # no instance is built to be added up in Python
        assert f'"{table}"."id" IN (SELECT' not in sql  # the undetermined are no NOT IN over the dated
