"""bounds_errors: the numbers on a record that no office could mean, named field by field."""

import time
from decimal import Decimal

from shanhai.consumption.models import Sale
from shanhai.core.bounds import COUNT_MAX, SIGNED_MAX, bounds_errors
from shanhai.funds.models import Fund
from shanhai.projects.models import Project
from shanhai.regions.models import ReportedFigure


def test_a_sane_record_has_no_errors():
    # Seed SZ-TR-FUND-FISCAL: 1,093 projects reaching 520,000 poor persons.
    assert bounds_errors(Fund(year=2020, project_count=1093, poor_persons=520_000, amount=166_000_000_000)) == {}


def test_counts_outside_zero_to_a_billion_are_named():
    fund = Fund(year=2020, project_count=COUNT_MAX, poor_persons=COUNT_MAX + 1, poor_households=-1)
    errors = bounds_errors(fund)
    assert set(errors) == {"poor_persons", "poor_households"}
    assert errors["poor_persons"] == "受益建档立卡贫困人口应在 0 至 1,000,000,000 之间。"
    assert errors["poor_households"].startswith("受益建档立卡贫困户应在 0 至")


def test_the_int64_maximum_that_sqlite_stores_is_refused_as_a_count():
    errors = bounds_errors(Project(year=2019, persons=9_223_372_036_854_775_807))
    assert list(errors) == ["persons"]


def test_keys_and_money_are_left_to_their_own_checks():
    fund = Fund(id=10**18, year=2020, amount=9_223_372_036_854_775_807)
    fund.pairing_id = 10**18
    fund.source_region_id = "9" * 30
    assert bounds_errors(fund) == {}


def test_signed_integers_keep_their_sign_within_ten_to_the_fifteen():
    # 4,002.12 吨 to the east in grams is 4 × 10^9: well inside.
    assert bounds_errors(Sale(year=2020, mass_grams=4_002_120_000)) == {}
    assert bounds_errors(Sale(year=2020, mass_grams=-SIGNED_MAX)) == {}
    assert bounds_errors(Sale(year=2020, mass_grams=SIGNED_MAX + 1)) == {
        "mass_grams": f"{Sale._meta.get_field('mass_grams').verbose_name}的绝对值不能超过 1,000,000,000,000,000。"
    }


def test_decimals_must_be_finite():
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), float("nan"), float("inf"), "Infinity"):
        errors = bounds_errors(ReportedFigure(year=2019, value=bad))
        assert list(errors) == ["value"], bad
        assert "不接受无穷大或 NaN" in errors["value"]
    assert bounds_errors(ReportedFigure(year=2019, value=Decimal("1.25"))) == {}
    assert list(bounds_errors(Sale(year=2020, quantity=Decimal("sNaN")))) == ["quantity"]


def test_an_infinite_or_enormous_value_in_an_integer_field_is_named_cheaply():
    start = time.perf_counter()
    assert list(bounds_errors(Project(year=2019, persons=float("inf")))) == ["persons"]
    assert list(bounds_errors(Project(year=2019, persons="1e10000000"))) == ["persons"]
    assert time.perf_counter() - start < 0.1


def test_what_is_not_a_number_is_left_to_the_fields_own_check():
    assert bounds_errors(Project(year=2019, persons="很多")) == {}
    assert bounds_errors(Project(year=None, persons=None)) == {}
