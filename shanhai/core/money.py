"""Money is integer fen everywhere (STYLE habit 6): exact on SQLite and PostgreSQL alike.

SQLite has no true decimal type and sums DecimalFields through floats; integers are exact.
One formatter writes amounts the way offices do: 元, 万元, 亿元.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FEN_PER_YUAN = 100
UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
# What offices write after an amount, and the unit it names: "2345万" is 2345 万元.
SUFFIXES = {"亿元": "亿元", "万元": "万元", "元": "元", "亿": "亿元", "万": "万元"}

# No amount in this field comes near 10 万亿元 (10^13 元): the nation's whole East–West budget is
# some hundreds of 亿元 a year. The ceiling keeps any sum of a province's records far inside a
# 64-bit integer (SQLite's SUM fails past it), and turns a typo of extra zeros into a refusal.
MAX_YUAN = 10**13
MAX_FEN = MAX_YUAN * FEN_PER_YUAN
# '12,345,678,901,234.56 万元' is 25 characters; anything much longer is not an amount.
MAX_TEXT = 40
# Digits with at most one point: no exponent (1e10000000 costs seconds), no Infinity or NaN.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def validate_amount(fen: int) -> None:
    """Every MoneyField: not negative (no ledger holds a negative amount), not absurdly large."""
    if fen < 0:
        raise ValidationError(_("金额不能为负。"), code="negative")
    if fen > MAX_FEN:
        raise ValidationError(_("金额过大：不能超过 10 万亿元。"), code="too_large")


class MoneyField(models.BigIntegerField):
    """An amount in fen (分)."""

    # A class attribute, not a validators= argument: every door's full_clean() checks it, and it
    # does not enter the migrations.
    default_validators = [validate_amount]


def parse_money(text: str, unit: str | None = "元") -> int:
    """'1.2' with unit 亿元 → 12,000,000,000 fen. A unit written in the text wins ('2345万',
    '2,345万元', '0.2345亿元' and '23,450,000元' are one amount whatever ``unit`` is); a bare number
    is read in ``unit``, and refused when ``unit`` is None (a column that does not name its unit).

    The text is checked as text before any arithmetic, so no input costs more than a few digits'
    work. The sign is left to the field: a model's own message ('资产价值不能为负。') says it better.
    """
    s = str(text).strip()
    if len(s) > MAX_TEXT:
        raise ValueError(f"金额过长：{s[:20]}…（最多 {MAX_TEXT} 个字符）")
    s = s.replace(",", "").replace("，", "")
    written = ""
    for suffix in SUFFIXES:  # longest first
        if s.endswith(suffix):
            s, written = s[: -len(suffix)].strip(), SUFFIXES[suffix]
            break
    if not written and unit is None and NUMBER.fullmatch(s):
        raise ValueError(f"请写明单位，如 700万元（{accepted_forms()}）")
    unit = written or unit
    if unit not in UNITS or not NUMBER.fullmatch(s):
        raise ValueError(f"不是有效金额：{text}（{accepted_forms(unit if unit in UNITS else None)}；不接受科学计数法）")
    with localcontext(prec=2 * MAX_TEXT):  # exact: never rounds the digits MAX_TEXT allows
        try:
            fen = Decimal(s) * UNITS[unit] * FEN_PER_YUAN
        except InvalidOperation as exc:
            raise ValueError(f"不是有效金额：{text}") from exc
    if fen != fen.to_integral_value():
        raise ValueError(f"金额精确到分：{text}")
    if abs(fen) > MAX_FEN:
        raise ValueError(f"金额过大：{text}（不能超过 10 万亿元）")
    return int(fen)


def accepted_forms(unit: str | None = None) -> str:
    """The forms an amount may be written in, said in every refusal."""
    bare = f"不带单位的数按{unit}计，" if unit else ""
    return f"{bare}可写 2345万元、2345万、2,345万元、0.2345亿元、23,450,000元"


def money_parser(unit: str | None):
    """A column's parser: a bare number is read in ``unit`` (the header's: "金额（万元）"); None for
    a column whose header names no unit, where a bare number is refused rather than guessed."""

    def parse(text: str) -> int:
        return parse_money(text, unit)

    parse.unit = unit
    parse.qualifiable = True  # "102万余元": the import engine splits the qualifier off first
    return parse


def format_money(fen: int | None, unit: str = "auto", places: int = 2) -> str:
    """12,000,000,000 fen → '1.2 亿元'; 7,000,000 → '7 万元'. ``unit`` forces 元/万元/亿元.

    In "auto" the largest unit is taken that shows the amount exactly to ``places`` decimals, so
    25,760.58 万元 stays 25,760.58 万元 rather than becoming a rounded 2.58 亿元.
    """
    if fen is None:
        return "—"
    yuan = Decimal(fen) / FEN_PER_YUAN
    if unit == "auto":
        step = Decimal(1).scaleb(-places)
        unit = next(
            (u for u in ("亿元", "万元") if abs(yuan) >= UNITS[u] and (yuan / UNITS[u]) % step == 0),
            "元",
        )
    value = (yuan / UNITS[unit]).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".") if places else f"{value:,}"
    return f"{text} {unit}"
