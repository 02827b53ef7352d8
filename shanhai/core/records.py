"""What every ledger record shares: its basis (itemised or aggregate), a figure's qualifier
("more than 700 万元"), a scope on two sides (east gives, west receives) and totals that keep
itemised and aggregate apart (STYLE habit 7)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
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
    """How a number is meant, attached to that number (a record's ``qualifiers``): 700 万元以上, 300余亩,
    约 100 户, 近 10 个, 不足 5 人."""

    EXACT = "", _("确数")
    AT_LEAST = "at_least", _("以上")
    OVER = "over", _("余")
    ABOUT = "about", _("约")
    NEARLY = "nearly", _("近")
    UNDER = "under", _("不足")


LOWER_BOUNDS = frozenset({Qualifier.AT_LEAST, Qualifier.OVER})  # the true number is at least this
UPPER_BOUNDS = frozenset({Qualifier.NEARLY, Qualifier.UNDER})  # the true number is at most this


def qualifier_of_sum(qualifiers) -> str:
    """The one rule for the qualifier of a sum, used by every figure, return, scorecard and briefing.

    Exact parts add exactly. Parts that are all "at least" make the sum "at least" (余 when every one
    is 余); parts that are all "at most" make it "at most" (近 when every one is 近); an "about" part, or
    bounds both ways, make it "about".
    """
    found = {q for q in qualifiers if q}
    if not found:
        return Qualifier.EXACT
    if Qualifier.ABOUT in found or (found & LOWER_BOUNDS and found & UPPER_BOUNDS):
        return Qualifier.ABOUT
    if found <= LOWER_BOUNDS:
        return Qualifier.OVER if found == {Qualifier.OVER} else Qualifier.AT_LEAST
    return Qualifier.NEARLY if found == {Qualifier.NEARLY} else Qualifier.UNDER


def qualified(text: str, qualifier: str) -> str:
    """A number's text with its qualifier where offices write it: '700 万元' → '700 万元以上',
    '102 万元' → '102万余元', '300 亩' → '300余亩', '约 100 户', '近 10 个', '不足 5 人'."""
    if qualifier == Qualifier.AT_LEAST:
        return f"{text}以上"
    if qualifier == Qualifier.OVER:
        number, _sep, unit = text.partition(" ")
        if unit[:1] in ("万", "亿"):
            return f"{number}{unit[0]}余{unit[1:]}"
        return f"{number}余{unit}"
    if qualifier == Qualifier.ABOUT:
        return f"约 {text}"
    if qualifier == Qualifier.NEARLY:
        return f"近 {text}"
    if qualifier == Qualifier.UNDER:
        return f"不足 {text}"
    return text


# What offices write around a number, and the qualifier each means ("102万余元", "近10个", "1.3万多个").
QUALIFIER_WORDS = (
    ("以上", Qualifier.AT_LEAST), ("多", Qualifier.AT_LEAST), ("余", Qualifier.OVER), ("约", Qualifier.ABOUT),
    ("左右", Qualifier.ABOUT), ("近", Qualifier.NEARLY), ("不足", Qualifier.UNDER), ("不到", Qualifier.UNDER),
)


def split_qualifier(text: str) -> tuple[str, str]:
    """'102万余元' → ('102万元', 'over'); '近10' → ('10', 'nearly'); '300余' → ('300', 'over'):
    the number without its qualifier words, and the qualifier they name ("" for none)."""
    s = str(text).strip()
    found = ""
    for word, qualifier in QUALIFIER_WORDS:
        if word in s:
            if found and found != qualifier:
                raise ValueError(f"一个数只能有一个数额限定：{text}")
            found = qualifier
            s = s.replace(word, "")
    return s.strip(), found


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
    # The side whose office keeps the record (ADR 010): its figures and its own region are that
    # office's, the other side reads them. "" for what the two keep together (a joint meeting).
    keeper_side = ""
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
        return self._points(own_only=False)

    def own_points(self) -> list[tuple[str, str]]:
        """The codes the record sets itself: an output inherits its project's places, it does not set them."""
        return self._points(own_only=True)

    def _points(self, *, own_only: bool) -> list[tuple[str, str]]:
        points = []
        for path, side in ((self.east_region_field, Side.EAST), (self.west_region_field, Side.WEST)):
            if own_only and "__" in path:
                continue
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


class Stage(models.TextChoices):
    ACHIEVED = "achieved", _("已实现")
    EXPECTED = "expected", _("预期/计划")


class LedgerRecord(SidedRecord):
    """A ledger row: the office's own reference, its basis and qualifiers, the years it covers, the
    total it is part of, whether it is achieved or only expected, and where it comes from."""

    reference = models.CharField(
        _("台账编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    basis = models.CharField(_("登记方式"), max_length=10, choices=Basis.choices, default=Basis.ITEMISED)
    qualifier = models.CharField(
        _("数额限定"), max_length=10, choices=Qualifier.choices, blank=True, default="",
        help_text=_("主要数额的限定（如金额“700多万元”填 以上）；其他数字的限定写在数字上，如 300余、近10。"),
    )
    qualifiers = models.JSONField(_("逐项数额限定"), default=dict, blank=True, help_text=_("{字段: 限定}，如 {\"households\": \"about\"}"))
    year_from = models.PositiveSmallIntegerField(
        _("起始年度"), null=True, blank=True,
        help_text=_("跨年度累计的记录（如“2017年以来累计”）填起始年度，年度填截至年度；单一年度的留空。"),
    )
    part_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts", verbose_name=_("所属合计"),
        help_text=_("本条是另一条合计记录中的一部分（“共X，其中Y”）：合计时不再重复计入。"),
    )
    stage = models.CharField(
        _("实现情况"), max_length=10, choices=Stage.choices, default=Stage.ACHIEVED,
        help_text=_("“建成后将带动…”等预期或计划的数字填 预期/计划：不计入完成数。"),
    )
    precisions = models.JSONField(_("日期精度"), default=dict, blank=True, help_text=_("{字段: month|year}：只知年月或年份的日期"))
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道。"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        errors = {}
        year = getattr(self, "year", None)
        if self.year_from is not None:
            if year is None:
                errors["year_from"] = _("跨年度累计的记录须同时填截至年度。")
            elif self.year_from > year:
                errors["year_from"] = _("起始年度不能晚于截至年度。")
        bad = {k: v for k, v in (self.qualifiers or {}).items() if v not in Qualifier.values}
        if bad:
            errors["qualifiers"] = _("未知的数额限定：%(bad)s") % {"bad": "、".join(f"{k}={v}" for k, v in bad.items())}
        if self.part_of_id is not None:
            node, seen = self.part_of, set()
            while node is not None:
                if node.pk == self.pk or node.pk in seen:
                    errors["part_of"] = _("所属合计不能是自身或其一部分。")
                    break
                seen.add(node.pk)
                node = node.part_of
        if errors:
            raise ValidationError(errors)

    @property
    def is_span(self) -> bool:
        return self.year_from is not None and self.year_from != getattr(self, "year", None)

    @property
    def years_text(self) -> str:
        """'2019' or '2017—2019'."""
        year = getattr(self, "year", None)
        if year is None:
            return ""
        return f"{self.year_from}—{year}" if self.is_span else str(year)

    def qualifier_for(self, field: str) -> str:
        """The qualifier of one of the record's numbers."""
        own = (self.qualifiers or {}).get(field)
        if own is not None:
            return own
        return self.qualifier if field == main_figure_of(type(self)) else Qualifier.EXACT


@dataclass(frozen=True)
class MoneyTotal:
    """A sum of money in fen, itemised and aggregate apart, with the qualifier of the sum."""

    itemised: int = 0
    aggregate: int = 0
    records: int = 0
    qualifier: str = Qualifier.EXACT

    @property
    def total(self) -> int:
        return self.itemised + self.aggregate

    @property
    def at_least(self) -> bool:
        return self.qualifier in LOWER_BOUNDS

    def __str__(self):
        return qualified(format_money(self.total), self.qualifier)

    def __add__(self, other: "MoneyTotal") -> "MoneyTotal":
        return MoneyTotal(
            self.itemised + other.itemised, self.aggregate + other.aggregate, self.records + other.records,
            qualifier_of_sum((self.qualifier, other.qualifier)),
        )

    def as_dict(self) -> dict:
        return {
            "total": self.total, "itemised": self.itemised, "aggregate": self.aggregate, "records": self.records,
            "qualifier": self.qualifier, "at_least": self.at_least, "display": str(self),
        }


def main_figure_of(model) -> str:
    """The number a record's row-level 数额限定 speaks of: the model's ``main_figure``, else its first
    amount. Every other number carries its own qualifier in ``qualifiers``."""
    declared = getattr(model, "main_figure", "")
    if declared:
        return declared
    from .money import MoneyField

    return next((f.name for f in model._meta.concrete_fields if isinstance(f, MoneyField)), "")


def qualifier_expr(model, field: str):
    """SQL for the qualifier of one number of each record: its own (``qualifiers``), else the row's
    数额限定 when that number is the record's main figure."""
    from django.db.models import Case, F, Value, When
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Coalesce, NullIf

    names = {f.name for f in model._meta.concrete_fields}
    fallback = F("qualifier") if "qualifier" in names and field == main_figure_of(model) else Value("")
    if "qualifiers" not in names:
        return fallback
    # Most records qualify no number apart ({}): the JSON is opened only for those that do.
    return Case(
        When(qualifiers={}, then=fallback),
        default=Coalesce(NullIf(KeyTextTransform(field, "qualifiers"), Value("")), fallback),
        output_field=models.CharField(),
    )


def without_parts(queryset):
    """The records of a selection less those inside a total of the same selection ("其中"): a sum
    takes the total once and its parts not again."""
    if not any(f.name == "part_of" for f in queryset.model._meta.concrete_fields):
        return queryset
    from django.db.models import Exists, OuterRef

    # A correlated NOT EXISTS behind "no total at all": most records are part of nothing, and the
    # selection is then not read a second time (an IN over the selection doubled every sum's cost).
    inside = Exists(queryset.order_by().filter(pk=OuterRef("part_of")))
    return queryset.filter(Q(part_of__isnull=True) | ~inside)


def money_total(queryset, field: str = "amount") -> MoneyTotal:
    """Sum ``field`` (fen) over the records, split by basis, each total taken once; SQL does the adding."""
    total = MoneyTotal()
    rows = (
        without_parts(queryset).order_by().annotate(_q=qualifier_expr(queryset.model, field))
        .values("basis", "_q").annotate(amount=Sum(field), n=models.Count("pk"))
    )
    for row in rows:
        amount = row["amount"] or 0
        aggregate = row["basis"] == Basis.AGGREGATE
        total += MoneyTotal(0 if aggregate else amount, amount if aggregate else 0, row["n"], row["_q"] or "")
    return total


@dataclass(frozen=True)
class CountTotal:
    """A count (enterprises, projects, agreements, jobs), itemised and aggregate apart, as MoneyTotal
    does for money, with the qualifier of the sum ("近10个" → 近 10)."""

    itemised: int = 0
    aggregate: int = 0
    records: int = 0
    qualifier: str = Qualifier.EXACT

    @property
    def total(self) -> int:
        return self.itemised + self.aggregate

    @property
    def at_least(self) -> bool:
        return self.qualifier in LOWER_BOUNDS

    @property
    def about(self) -> bool:
        return self.qualifier == Qualifier.ABOUT

    def __str__(self):
        return qualified(f"{self.total:,}", self.qualifier)

    def __add__(self, other: "CountTotal") -> "CountTotal":
        return CountTotal(
            self.itemised + other.itemised, self.aggregate + other.aggregate, self.records + other.records,
            qualifier_of_sum((self.qualifier, other.qualifier)),
        )

    def as_dict(self) -> dict:
        return {
            "total": self.total, "itemised": self.itemised, "aggregate": self.aggregate, "records": self.records,
            "qualifier": self.qualifier, "display": str(self),
        }


def count_part(n: int, basis: str, qualifier: str, records: int) -> CountTotal:
    aggregate = basis == Basis.AGGREGATE
    return CountTotal(0 if aggregate else n, n if aggregate else 0, records, qualifier or Qualifier.EXACT)


def count_total(queryset, field_name: str) -> CountTotal:
    """Sum ``field_name`` over the records that fill it in, split by basis, each total taken once."""
    return totals(queryset, counts=(field_name,))[field_name]


def totals(queryset, *, counts: tuple[str, ...] = (), money: tuple[str, ...] = ()) -> dict:
    """Several numbers of one selection summed in one pass, each as ``count_total`` or
    ``money_total`` gives it alone (a record counts for a number where it fills that number in),
    plus ``"records"``: every record of the selection. A selector that shows a ledger's several
    numbers (workers and poor workers; firms, investment and jobs) reads the rows once, not once a
    number."""
    fields = (*counts, *money)
    keys = {field: f"_q{i}" for i, field in enumerate(fields)}
    sums = {}
    for i, field in enumerate(fields):
        sums[f"_n{i}"], sums[f"_r{i}"] = Sum(field), Count(field)
    rows = (
        without_parts(queryset).order_by()
        .annotate(**{key: qualifier_expr(queryset.model, field) for field, key in keys.items()})
        .values("basis", *keys.values()).annotate(_all=Count("pk"), **sums)
    )
    out = {field: CountTotal() for field in counts} | {field: MoneyTotal() for field in money} | {"records": 0}
    for row in rows:
        out["records"] += row["_all"]
        aggregate = row["basis"] == Basis.AGGREGATE
        for i, field in enumerate(fields):
            n, records, qualifier = row[f"_n{i}"] or 0, row[f"_r{i}"], row[f"_q{i}"] or ""
            if not records:
                continue
            if field in money:
                out[field] += MoneyTotal(0 if aggregate else n, n if aggregate else 0, records, qualifier)
            else:
                out[field] += count_part(n, row["basis"], qualifier, records)
    return out


@dataclass(frozen=True)
class EventCount:
    """How many events (visits, meetings, fairs, training batches) records stand for.

    An itemised row counts its number, or 1 when it gives none (a row is one event); an aggregate
    counts the number it states ("32批次"). A record whose number is unknown is counted apart
    ("次数未载 N 条"), never as 1: the figure says it is short rather than guessing."""

    counted: CountTotal = CountTotal()
    unknown: int = 0  # records that do not say how many they stand for

    @property
    def total(self) -> int:
        return self.counted.total

    @property
    def itemised(self) -> int:
        return self.counted.itemised

    @property
    def aggregate(self) -> int:
        return self.counted.aggregate

    @property
    def records(self) -> int:
        return self.counted.records

    @property
    def qualifier(self) -> str:
        return self.counted.qualifier

    def unknown_text(self, label: str = "次数") -> str:
        return f"{label}未载 {self.unknown} 条" if self.unknown else ""

    def __str__(self):
        return str(self.counted)

    def __add__(self, other: "EventCount") -> "EventCount":
        return EventCount(self.counted + other.counted, self.unknown + other.unknown)

    def as_dict(self) -> dict:
        return {**self.counted.as_dict(), "unknown_records": self.unknown}


def count_events(queryset, field_name: str, *, itemised_default=1, fallback: str = "") -> EventCount:
    """Sum the number of events ``field_name`` each record stands for, each total taken once.

    An itemised record without the number takes ``fallback`` (another of its numbers: one trip's
    团组人数 is its 人次), else ``itemised_default`` (1: an itemised row is one event; None: unknown).
    An aggregate takes its own number only. What is still unknown is counted apart."""
    from django.db.models import Case, F, Value, When
    from django.db.models.functions import Coalesce

    model = queryset.model
    own = F(field_name)
    itemised = [own, *([F(fallback)] if fallback else []), *([Value(itemised_default)] if itemised_default is not None else [])]
    number = Case(
        When(basis=Basis.ITEMISED, then=Coalesce(*itemised, output_field=models.IntegerField()) if len(itemised) > 1 else own),
        default=own, output_field=models.IntegerField(),
    )
    qualifier = qualifier_expr(model, field_name)
    if fallback:
        qualifier = Case(
            When(Q(basis=Basis.ITEMISED) & Q(**{f"{field_name}__isnull": True}), then=qualifier_expr(model, fallback)),
            default=qualifier, output_field=models.CharField(),
        )
    rows = (
        without_parts(queryset).order_by().annotate(_n=number, _q=qualifier)
        .values("basis", "_q").annotate(n=Sum("_n"), rows=Count("_n"), all_rows=Count("pk"))
    )
    counted, unknown = CountTotal(), 0
    for row in rows:
        unknown += row["all_rows"] - row["rows"]
        if row["rows"]:
            counted += count_part(row["n"] or 0, row["basis"], row["_q"] or "", row["rows"])
    return EventCount(counted, unknown)
