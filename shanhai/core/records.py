"""What every ledger record shares: its basis (itemised or aggregate), a figure's qualifier
("more than 700 万元"), a scope on two sides (east gives, west receives) and totals that keep
itemised and aggregate apart (STYLE habit 7)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from .models import Side
from .money import format_money
from .scope import Action, ScopedModel


class Basis(models.TextChoices):
    ITEMISED = "itemised", _("逐笔登记")
    AGGREGATE = "aggregate", _("汇总（只知总数）")


class Qualifier(models.TextChoices):
    EXACT = "", _("确数")
    AT_LEAST = "at_least", _("以上")
    ABOUT = "about", _("约")


def qualified(text: str, qualifier: str) -> str:
    """'700 万元' + at_least → '700 万元以上'; about → '约 700 万元'."""
    if qualifier == Qualifier.AT_LEAST:
        return f"{text}以上"
    if qualifier == Qualifier.ABOUT:
        return f"约 {text}"
    return text


def check_year_of_date(errors: dict, year, date, field: str = "year") -> None:
    """A record's year must agree with its date, when both are given (many reports give only one)."""
    if date and year and date.year != year:
        errors[field] = _("年度与日期不符（日期在 %(y)s 年）。") % {"y": date.year}


class SidedRecord(ScopedModel):
    """A record with an eastern region (who gives) and a western one (who receives).

    It lies in both: either office reads it; an eastern role writes it for its side, a western
    role for its own. Subclasses name their two region fields.
    """

    east_region_field = "east_region"
    west_region_field = "west_region"
    # Reading also reaches records filed under a pairing the reader sees: Zhangjiagang reads the
    # 200 万元 the province gave 高山村 under the Zhangjiagang ↔ Yanhe pair.
    scope_pairing_field = "pairing"

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = Action.VIEW) -> Q:
        if not prefix:
            return Q()
        q = Q()
        if side in ("", Side.EAST):
            q |= Q(**{f"{cls.east_region_field}__code__startswith": prefix})
        if side in ("", Side.WEST):
            q |= Q(**{f"{cls.west_region_field}__code__startswith": prefix})
        if action == Action.VIEW and cls.scope_pairing_field:
            try:
                field = cls._meta.get_field(cls.scope_pairing_field)
            except FieldDoesNotExist:
                return q
            pairings = field.related_model
            q |= Q(**{f"{cls.scope_pairing_field}__in": pairings.objects.filter(
                pairings.scope_q(prefix=prefix, side="", action=Action.VIEW)
            ).values("pk")})
        return q

    def scope_points(self) -> list[tuple[str, str]]:
        """The two codes, following paths such as "project__place" through the record's parents."""
        points = []
        for path, side in ((self.east_region_field, Side.EAST), (self.west_region_field, Side.WEST)):
            *hops, last = path.split("__")
            obj = self
            try:
                for hop in hops:
                    obj = getattr(obj, hop)
                    if obj is None:
                        break
            except ObjectDoesNotExist:
                obj = None
            code = getattr(obj, f"{last}_id", None) if obj is not None else None
            if code:
                points.append((code, side))
        return points


class LedgerRecord(SidedRecord):
    """A ledger row: the office's own reference, its basis and qualifier, and where it comes from."""

    reference = models.CharField(
        _("台账编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    basis = models.CharField(_("登记方式"), max_length=10, choices=Basis.choices, default=Basis.ITEMISED)
    qualifier = models.CharField(_("数额限定"), max_length=10, choices=Qualifier.choices, blank=True, default="")
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道。"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class MoneyTotal:
    """A sum of money in fen, itemised and aggregate apart, and whether any part was 'more than'."""

    itemised: int = 0
    aggregate: int = 0
    records: int = 0
    at_least: bool = False

    @property
    def total(self) -> int:
        return self.itemised + self.aggregate

    def __str__(self):
        return qualified(format_money(self.total), Qualifier.AT_LEAST if self.at_least else Qualifier.EXACT)

    def as_dict(self) -> dict:
        return {
            "total": self.total, "itemised": self.itemised, "aggregate": self.aggregate, "records": self.records,
            "at_least": self.at_least, "display": str(self),
        }


def money_total(queryset, field: str = "amount") -> MoneyTotal:
    """Sum ``field`` (fen) over the records, split by basis; SQL does the adding."""
    itemised = aggregate = records = 0
    at_least = False
    for row in queryset.order_by().values("basis", "qualifier").annotate(amount=Sum(field), n=models.Count("pk")):
        amount = row["amount"] or 0
        records += row["n"]
        at_least = at_least or row["qualifier"] == Qualifier.AT_LEAST
        if row["basis"] == Basis.AGGREGATE:
            aggregate += amount
        else:
            itemised += amount
    return MoneyTotal(itemised, aggregate, records, at_least)


@dataclass(frozen=True)
class CountTotal:
    """A count (enterprises, projects, agreements, jobs), itemised and aggregate apart, as MoneyTotal
    does for money; it remembers whether any part was "more than" or "about" ("近10个" → 约 10).
    """

    itemised: int = 0
    aggregate: int = 0
    records: int = 0
    at_least: bool = False
    about: bool = False

    @property
    def total(self) -> int:
        return self.itemised + self.aggregate

    @property
    def qualifier(self) -> str:
        return Qualifier.ABOUT if self.about else Qualifier.AT_LEAST if self.at_least else Qualifier.EXACT

    def __str__(self):
        return qualified(f"{self.total:,}", self.qualifier)

    def __add__(self, other: "CountTotal") -> "CountTotal":
        return CountTotal(
            self.itemised + other.itemised, self.aggregate + other.aggregate, self.records + other.records,
            self.at_least or other.at_least, self.about or other.about,
        )

    def as_dict(self) -> dict:
        return {
            "total": self.total, "itemised": self.itemised, "aggregate": self.aggregate, "records": self.records,
            "qualifier": self.qualifier, "display": str(self),
        }


def count_part(n: int, basis: str, qualifier: str, records: int) -> CountTotal:
    aggregate = basis == Basis.AGGREGATE
    return CountTotal(
        0 if aggregate else n, n if aggregate else 0, records, qualifier == Qualifier.AT_LEAST, qualifier == Qualifier.ABOUT
    )


def count_total(queryset, field_name: str) -> CountTotal:
    """Sum ``field_name`` over the records that fill it in, split by basis; SQL does the adding."""
    total = CountTotal()
    rows = queryset.order_by().values("basis", "qualifier").annotate(n=Sum(field_name), rows=Count(field_name))
    for row in rows:
        if row["rows"]:
            total += count_part(row["n"] or 0, row["basis"], row["qualifier"], row["rows"])
    return total
