"""Money is integer fen everywhere (STYLE habit 6): exact on SQLite and PostgreSQL alike.

SQLite has no true decimal type and sums DecimalFields through floats; integers are exact.
One formatter writes amounts the way offices do: 元, 万元, 亿元.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

FEN_PER_YUAN = 100
UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


class MoneyField(models.BigIntegerField):
    """An amount in fen (分)."""


def parse_money(text: str, unit: str = "元") -> int:
    """'1.2' with unit 亿元 → 12,000,000,000 fen. Accepts a unit suffix in the text itself."""
    s = str(text).strip().replace(",", "").replace("，", "")
    for name in sorted(UNITS, key=len, reverse=True):
        if s.endswith(name):
            s, unit = s[: -len(name)].strip(), name
            break
    try:
        yuan = Decimal(s) * UNITS[unit]
    except (InvalidOperation, KeyError) as exc:
        raise ValueError(f"不是有效金额：{text}") from exc
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"金额精确到分：{text}")
    return int(fen)


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
