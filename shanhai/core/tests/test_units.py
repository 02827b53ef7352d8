from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanhai.core.units import UnitError, convert, convert_exact


def test_the_co_built_park_start_area_in_mu():
    # Seed 000: a 6.18 km² start area.
    assert convert("6.18", "平方公里", "亩") == Decimal("9270")


def test_tonnes_kilograms_and_jin():
    # Seed 003: 4,002.12 t of Tongren products; 永钢集团 bought 1,620 斤 of day lilies.
    assert convert("4002.12", "吨", "公斤") == Decimal("4002120")
    assert convert("1620", "斤", "公斤") == Decimal("810")
    assert convert("1620", "斤", "吨") == Decimal("0.81")


def test_mu_is_exact_not_666_67():
    assert convert_exact(3, "亩", "平方米") == 2000
    assert convert("138", "亩", "公顷") == Decimal("9.2")


def test_units_of_different_kinds_do_not_convert():
    with pytest.raises(UnitError, match="株 不能换算为 亩"):
        convert(1, "株", "亩")
    with pytest.raises(UnitError, match="未知单位"):
        convert(1, "担", "斤")


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_round_trips_are_exact(q):
    assert convert_exact(convert_exact(q, "亩", "平方公里"), "平方公里", "亩") == convert_exact(q, "亩", "亩")
