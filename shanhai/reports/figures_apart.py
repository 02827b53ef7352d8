"""What a year's figures leave out, shown beside them rather than added in (issue 11, points 3 and 6).

A record spanning years ("2017年以来累计 1.2 亿元") is no one year's figure: a single year's dashboard
shows it apart, under 跨年度累计, for each year it covers. An expected record ("建成后将带动…") is no
achievement: it is shown apart under 预期/计划. A record whose year is not known is neither dropped
nor guessed: a figure that needs a year says beside it how many there are (年度未载 N 条).

Every ledger filed under pairings is asked through ``records_filtered`` / ``records_covering``; the
totals are the ledgers' own (``money_total``, ``count_total``), so a total and its parts count once.
"""

from dataclasses import dataclass, field

from django.db import models

from shanhai.core.ledger import Ledger, ledgers_all
from shanhai.core.money import MoneyField
from shanhai.core.records import LedgerRecord, Stage, count_total, main_figure_of, money_total
from shanhai.pairings.selectors import records_covering, records_filtered


@dataclass(frozen=True)
class ApartLine:
    """One kind of record over one span of years: '2017—2019 财政援助资金 3,000 万元'."""

    years: str
    label: str
    figure: str
    records: int

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.years, self.label, self.figure) if part)


@dataclass
class ApartGroup:
    """A ledger's records kept apart from the year's figures, one line per kind and span."""

    slug: str
    title: str
    link: str
    lines: list[ApartLine] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(line.records for line in self.lines)


def _year_field(ledger: Ledger) -> str:
    return ledger.year_lookup.split("__")[0] if ledger.year_lookup else ""


def pairing_ledgers() -> list[Ledger]:
    """The ledgers whose records are filed under a pairing and carry a year (or a date)."""
    out = []
    for ledger in ledgers_all():
        model = ledger.model
        names = {f.name for f in model._meta.concrete_fields}
        if issubclass(model, LedgerRecord) and "pairing" in names and _year_field(ledger) in names:
            out.append(ledger)
    return out


def _figure_text(model, qs) -> str:
    """The records' main figure added (money or a count), each total once; else how many records."""
    main = main_figure_of(model)
    try:
        f = model._meta.get_field(main) if main else None
    except Exception:  # noqa: BLE001 - a declared figure that is not a field: fall back to rows
        f = None
    if isinstance(f, MoneyField):
        valued = qs.exclude(**{main: None})
        return str(money_total(valued, main)) if valued.exists() else ""
    if isinstance(f, models.IntegerField):
        total = count_total(qs, main)
        return f"{f.verbose_name} {total}" if total.records else ""
    return ""


def _label(record, ledger: Ledger) -> str:
    kind = getattr(record, "kind", None) if any(f.name == "kind" for f in record._meta.concrete_fields) else None
    return str(getattr(kind, "name", "") or ledger.title)


def _end_year(record, ledger: Ledger):
    value = record
    for hop in ledger.year_lookup.split("__"):
        value = getattr(value, hop, None)
        if value is None:
            return None
    return value


def _grouped(ledger: Ledger, qs) -> ApartGroup | None:
    """The records by (years, kind), each line's figure from the ledger's own total."""
    rows = list(qs.order_by())
    if not rows:
        return None
    keys: dict[tuple, list[int]] = {}
    for record in rows:
        end = _end_year(record, ledger)
        years = f"{record.year_from}—{end}" if record.year_from and record.year_from != end else str(end or "")
        keys.setdefault((years, _label(record, ledger)), []).append(record.pk)
    group = ApartGroup(slug=ledger.slug, title=str(ledger.title), link=ledger.url("list"))
    for (years, label), pks in sorted(keys.items()):
        figure = _figure_text(ledger.model, ledger.model.objects.filter(pk__in=pks))
        group.lines.append(ApartLine(years, label, figure or f"{len(pks)} 条", len(pks)))
    return group


def spans_covering(*, user, pairing, year: int) -> list[ApartGroup]:
    """The pair's achieved records spanning years that cover ``year`` (2017—2019 covers 2018), by ledger."""
    groups = []
    for ledger in pairing_ledgers():
        model = ledger.model
        qs = records_filtered(model.objects.visible_to(user), model, pairing=pairing)
        group = _grouped(ledger, records_covering(qs, model, year=year, year_field=ledger.year_lookup))
        if group:
            groups.append(group)
    return groups


def expected_apart(*, user, pairing, year: int) -> list[ApartGroup]:
    """The pair's expected (planned) figures for ``year``, its own or over a span covering it, by ledger."""
    groups = []
    for ledger in pairing_ledgers():
        model = ledger.model
        if "stage" not in {f.name for f in model._meta.concrete_fields}:
            continue
        qs = records_filtered(model.objects.visible_to(user), model, pairing=pairing, stage=Stage.EXPECTED)
        group = _grouped(ledger, records_covering(qs, model, year=year, year_field=ledger.year_lookup, spans_only=False))
        if group:
            groups.append(group)
    return groups


def undated_counts(*, user, pairing) -> dict[str, int]:
    """Records of the pair without a year, by ledger slug, where a ledger's year may be left empty."""
    out = {}
    for ledger in pairing_ledgers():
        model = ledger.model
        if not model._meta.get_field(_year_field(ledger)).null:
            continue
        n = records_filtered(model.objects.visible_to(user), model, pairing=pairing, stage=None).filter(
            **{f"{_year_field(ledger)}__isnull": True}
        ).count()
        if n:
            out[ledger.slug] = n
    return out


def apart_as_dict(*, user, pairing, year: int) -> dict:
    """The API's view of the same: spans covering the year, expected figures, undated records by ledger."""

    def groups(found: list[ApartGroup]) -> list[dict]:
        return [
            {"ledger": g.slug, "title": g.title, "records": g.records,
             "lines": [{"years": ln.years, "label": ln.label, "figure": ln.figure, "records": ln.records, "text": ln.text}
                       for ln in g.lines]}
            for g in found
        ]

    return {
        "spans": groups(spans_covering(user=user, pairing=pairing, year=year)),
        "expected": groups(expected_apart(user=user, pairing=pairing, year=year)),
        "undated": undated_counts(user=user, pairing=pairing),
    }
