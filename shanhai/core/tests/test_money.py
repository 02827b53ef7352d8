from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanhai.core.money import format_money, parse_money


@pytest.mark.parametrize(
    ("text", "unit", "fen"),
    [("1.2", "亿元", 12_000_000_000), ("700", "万元", 700_000_000), ("102万元", "元", 102_000_000), ("0.01", "元", 1), ("1,234.5", "元", 123_450)],
)
def test_parse_money_is_exact(text, unit, fen):
    assert parse_money(text, unit) == fen


def test_parse_money_refuses_fractions_of_a_fen():
    with pytest.raises(ValueError, match="精确到分"):
        parse_money("0.001")


@pytest.mark.parametrize(
    ("fen", "text"),
    [(12_000_000_000, "1.2 亿元"), (166_000_000_000, "16.6 亿元"), (7_000_000_00, "700 万元"),
     # Seed 003: 25,760.58 万元 of Tongren products; exact in 万元, so not rounded to 2.58 亿元.
     (2_576_058_000_00 // 10, "25,760.58 万元"), (12_345, "123.45 元"), (1_234_567, "12,345.67 元")],
)
def test_format_money_the_way_offices_write_it(fen, text):
    assert format_money(fen) == text


def test_format_money_in_a_fixed_unit():
    assert format_money(2_576_058_000_00 // 100 * 100, unit="万元") == "257,605.8 万元"


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_of_yuan_text_round_trips(fen):
    assert parse_money(str(Decimal(fen) / 100)) == fen
