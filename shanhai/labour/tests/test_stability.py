"""Stable employment is derived from start and months kept by a rule held as data, across year ends."""

import datetime

import pytest

from shanhai.core.records import Basis
from shanhai.labour.models import DestinationClass, StabilityCounting, StabilityRule
from shanhai.labour.selectors import employment_stable, stability_rule_for
from shanhai.labour.services import employment_outcome_create
from shanhai.regions.models import Region


def rule(months=6, counting=StabilityCounting.IN_YEAR):
    return StabilityRule(name="t", min_months=months, counting=counting, year_from=2016)


@pytest.mark.parametrize(("start", "kept", "year", "months", "stable"), [
    # started September 2019, kept 8 months: 4 months in 2019 (Sep–Dec), 4 in 2020 (Jan–Apr)
    ((2019, 9), 8, 2019, 4, False),
    ((2019, 9), 8, 2020, 4, False),
    # July–December 2019: six months in the year
    ((2019, 7), 6, 2019, 6, True),
    ((2019, 7), 6, 2020, 0, False),
    # December 2019 + seven months: one month in 2019, six in 2020
    ((2019, 12), 7, 2019, 1, False),
    ((2019, 12), 7, 2020, 6, True),
    # a whole year and more: twelve months in the middle year
    ((2018, 11), 26, 2019, 12, True),
    ((2018, 11), 26, 2020, 12, True),
    ((2018, 11), 26, 2021, 0, False),
])
def test_months_in_the_year_across_year_ends(start, kept, year, months, stable):
    r = rule()
    when = datetime.date(*start, 15)
    assert r.months_counted(start=when, months_kept=kept, year=year) == months
    assert r.is_stable(start=when, months_kept=kept, year=year) is stable


def test_continuous_counting_carries_months_over_the_year_end():
    # The same 8 months from September 2019 are stable in 2020 when months are counted continuously.
    r = rule(counting=StabilityCounting.CONTINUOUS)
    start = datetime.date(2019, 9, 1)
    assert r.months_counted(start=start, months_kept=8, year=2019) == 4
    assert r.months_counted(start=start, months_kept=8, year=2020) == 8
    assert r.is_stable(start=start, months_kept=8, year=2020) and not r.is_stable(start=start, months_kept=8, year=2019)
    assert r.months_counted(start=start, months_kept=8, year=2021) == 0


@pytest.fixture
def outcomes(demo_users):
    kunshan = Region.objects.get(code="320583000000")
    paired = DestinationClass.objects.get(code="paired_city")
    made = {}
    for ref, start, kept, workers, poor in (
        ("T-STAB-A", datetime.date(2019, 9, 1), 8, 10, 4),  # 4 + 4 months
        ("T-STAB-B", datetime.date(2019, 12, 1), 7, 5, None),  # 1 + 6 months; poor not given
        ("T-STAB-C", datetime.date(2019, 3, 1), 12, 20, 20),  # 10 + 2 months
    ):
        made[ref] = employment_outcome_create(
            actor=demo_users["bijiang"], reference=ref, origin="碧江区劳动力", origin_region=Region.objects.get(code="520602000000"),
            destination=paired, destination_region=kunshan, year=start.year, start=start, months_kept=kept,
            workers=workers, poor_workers=poor, basis=Basis.AGGREGATE,
        )
    return made


@pytest.mark.django_db
def test_stable_employment_derived_per_year_by_the_rule_in_force(demo_users, outcomes):
    bijiang = demo_users["bijiang"]
    y2019 = employment_stable(user=bijiang, year=2019, region_prefix="520602")
    assert y2019.stable_references == ["T-STAB-C"] and y2019.stable.workers.total == 20
    assert y2019.not_stable.workers.total == 15
    y2020 = employment_stable(user=bijiang, year=2020, region_prefix="520602")
    assert y2020.stable_references == ["T-STAB-B"]
    assert (y2020.stable.workers.total, y2020.stable.poor_workers.records, y2020.stable.poor_unknown) == (5, 0, 1)
    assert y2020.not_stable.workers.total == 30  # A (4 months) and C (2 months) touch 2020 too


@pytest.mark.django_db
def test_the_national_office_changes_the_rule_and_the_figure_follows(demo_users, outcomes):
    bijiang = demo_users["bijiang"]
    current = stability_rule_for(2020)
    assert (current.min_months, current.counting) == (6, StabilityCounting.IN_YEAR)
    # A stricter-or-looser rule from 2020 on, edited as data: continuous months, at least 8.
    StabilityRule.objects.create(name="连续在岗8个月", min_months=8, counting=StabilityCounting.CONTINUOUS, year_from=2020)
    assert stability_rule_for(2019) == current  # earlier years keep their rule
    y2020 = employment_stable(user=bijiang, year=2020, region_prefix="520602")
    assert y2020.stable_references == ["T-STAB-A", "T-STAB-C"]  # 8 and 12 months held by end of 2020
    assert employment_stable(user=bijiang, year=2019, region_prefix="520602").stable_references == ["T-STAB-C"]


@pytest.mark.django_db
def test_a_rule_must_be_sensible():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        StabilityRule(name="x", min_months=13, counting=StabilityCounting.IN_YEAR, year_from=2020).full_clean()
    with pytest.raises(ValidationError):
        StabilityRule(name="x", min_months=6, counting=StabilityCounting.IN_YEAR, year_from=2020, year_to=2019).full_clean()
