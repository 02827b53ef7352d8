"""One converter for the units offices write (STYLE habit 6): 吨/公斤/斤, 亩/公顷/平方公里, 公里/米 …

Exact: factors are fractions (1 亩 = 2000/3 m², not 666.67), so 6.18 平方公里 is 9,270 亩 exactly.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# unit → (dimension, size in the dimension's base unit)
UNITS: dict[str, tuple[str, Fraction]] = {
    "吨": ("mass", Fraction(1000)),
    "公斤": ("mass", Fraction(1)),
    "千克": ("mass", Fraction(1)),
    "斤": ("mass", Fraction(1, 2)),
    "克": ("mass", Fraction(1, 1000)),
    "平方公里": ("area", Fraction(1_000_000)),
    "公顷": ("area", Fraction(10_000)),
    "亩": ("area", Fraction(2000, 3)),
    "平方米": ("area", Fraction(1)),
    "公里": ("length", Fraction(1000)),
    "千米": ("length", Fraction(1000)),
    "米": ("length", Fraction(1)),
    # Counted things convert only to themselves.
    "株": ("plants", Fraction(1)),
    "头": ("head", Fraction(1)),
    "只": ("animals", Fraction(1)),
    "个": ("items", Fraction(1)),
    "件": ("pieces", Fraction(1)),
    "台": ("machines", Fraction(1)),
    "套": ("sets", Fraction(1)),
    "张": ("sheets", Fraction(1)),
    "家": ("firms", Fraction(1)),  # 带动企业15家, 合作社3家
    "户": ("households", Fraction(1)),
    "人": ("persons", Fraction(1)),
    "座": ("structures", Fraction(1)),  # 桥、水池、大棚
    "所": ("institutions", Fraction(1)),  # 学校、卫生室
    "间": ("rooms", Fraction(1)),
    "处": ("sites", Fraction(1)),
    "条": ("lines", Fraction(1)),  # 道路、水渠
}

UNIT_CHOICES = [(u, u) for u in UNITS]


class UnitError(ValueError):
    pass


def convert_exact(quantity, from_unit: str, to_unit: str) -> Fraction:
    try:
        dim_from, size_from = UNITS[from_unit]
        dim_to, size_to = UNITS[to_unit]
    except KeyError as exc:
        raise UnitError(f"未知单位：{exc.args[0]}；可用单位：{'、'.join(UNITS)}") from exc
    if dim_from != dim_to:
        raise UnitError(f"{from_unit} 不能换算为 {to_unit}")
    amount = quantity if isinstance(quantity, Fraction) else Fraction(Decimal(str(quantity)))
    return amount * size_from / size_to


def convert(quantity, from_unit: str, to_unit: str, places: int = 4) -> Decimal:
    """The quantity in ``to_unit``, rounded half up to ``places`` decimals only at the end."""
    exact = convert_exact(quantity, from_unit, to_unit)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    ).normalize()


def same_dimension(a: str, b: str) -> bool:
    return a in UNITS and b in UNITS and UNITS[a][0] == UNITS[b][0]
