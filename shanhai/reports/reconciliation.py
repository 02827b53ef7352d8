"""Reconciliation (数据核对): a number as a report states it, beside what the records add up to.

Three sources of a stated number, each set against a count from the records:

* a reported value (报告数: ``ReportedValue``, "栽种100亩") against the indicator's figure for that
  pairing and year (``indicator_figure``: the project output recorded, 105 亩);
* a figure whose aggregate part *is* an office's stated total of the money its itemised rows make
  up (``STATED_TOTAL_FIGURES``: "结对资金700多万元" against the towns' gifts entered one by one);
* an approved return's figure (``approved_return_figures``, over the returns app's selectors).

Elsewhere aggregate and itemised records are complements (an aggregate row counts what was not
entered one by one), so only figures named in ``STATED_TOTAL_FIGURES`` are read this way.

``reconciliation_rows`` is the one source of the page, the API and the Excel export.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanhai.assessment.figures import FIGURES, Figure, value_text
from shanhai.assessment.models import Indicator, IndicatorSet
from shanhai.assessment.selectors import indicator_figure, reported_values_for
from shanhai.core.records import Qualifier, qualified
from shanhai.pairings.models import ASSESSED_KINDS, Pairing

# A number stated as "约" agrees with the records when they are within this share of it.
ABOUT_TOLERANCE = Decimal("0.05")
# The pairs whose figures are scanned for stated totals: the main levels, where offices report.


class Status:
    MATCH = "match"
    MISMATCH = "mismatch"
    REPORTED_ONLY = "reported_only"
    RECORDS_ONLY = "records_only"

    LABELS = {
        MATCH: _("相符"), MISMATCH: _("不符"), REPORTED_ONLY: _("只有报告数"), RECORDS_ONLY: _("只有台账"),
    }


class Source:
    REPORTED = "reported"  # ReportedValue vs the indicator's records figure
    STATED_TOTAL = "stated_total"  # a figure's aggregate part (stated total) vs its itemised part
    RETURN = "return"  # an approved return's figure vs the records

    LABELS = {
        REPORTED: _("报告数与台账"), STATED_TOTAL: _("汇总数与逐笔"), RETURN: _("报表数与台账"),
    }


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a number, its qualifier, and the records or document behind it."""

    label: str
    value: Decimal | None
    unit: str
    qualifier: str = ""
    records: int = 0
    note: str = ""
    links: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        return qualified(value_text(self.value, self.unit), self.qualifier)

    def as_dict(self) -> dict:
        return {
            "label": str(self.label), "value": None if self.value is None else f"{self.value:f}", "unit": self.unit,
            "qualifier": self.qualifier, "display": self.display, "records": self.records, "note": self.note,
            "links": [{"label": str(label), "url": url} for label, url in self.links],
        }


def compare(stated: Side, counted: Side) -> tuple[str, str]:
    """(status, explanation). The stated number's qualifier is respected: "以上" is a lower bound, so
    more in the records is no contradiction; "约" allows ABOUT_TOLERANCE either way."""
    has_stated = stated.value is not None
    has_counted = counted.value is not None and counted.records > 0
    if has_stated and not has_counted:
        return Status.REPORTED_ONLY, "台账无记录"
    if has_counted and not has_stated:
        return Status.RECORDS_ONLY, "无报告数"
    if not has_stated:
        return Status.REPORTED_ONLY, "台账无记录"
    if stated.qualifier == Qualifier.AT_LEAST:
        if counted.value >= stated.value:
            return Status.MATCH, "相符（报告数为下限）"
        return Status.MISMATCH, f"台账比报告数下限少 {value_text(stated.value - counted.value, stated.unit)}"
    if stated.qualifier == Qualifier.ABOUT:
        if abs(counted.value - stated.value) <= abs(stated.value) * ABOUT_TOLERANCE:
            return Status.MATCH, "相符（报告数为约数）"
        return Status.MISMATCH, "超出约数的允许范围"
    if counted.value == stated.value:
        return Status.MATCH, "相符"
    return Status.MISMATCH, "不符"


@dataclass(frozen=True)
class Row:
    source: str
    pairing: Pairing
    year: int
    indicator: Indicator
    stated: Side
    counted: Side
    reference: str = ""  # the reported value's or return's own reference
    statement: str = ""  # where the stated number comes from (a report's words)
    status: str = field(init=False)
    explanation: str = field(init=False)

    def __post_init__(self):
        status, explanation = compare(self.stated, self.counted)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "explanation", explanation)

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    @property
    def status_text(self) -> str:
        """相符 / 相符（报告数为下限） / 不符（+5 亩） / 只有报告数 / 只有台账."""
        if self.status == Status.MISMATCH:
            return f"不符（{self.difference_display}）"
        if self.status == Status.MATCH:
            return self.explanation
        return self.status_label

    @property
    def source_label(self) -> str:
        return str(Source.LABELS[self.source])

    @property
    def difference(self) -> Decimal | None:
        """What the records hold minus what was stated (105 − 100 = +5 亩)."""
        if self.stated.value is None or self.counted.value is None or not self.counted.records:
            return None
        return self.counted.value - self.stated.value

    @property
    def difference_display(self) -> str:
        diff = self.difference
        if diff is None:
            return "—"
        if diff == 0:
            return "0"
        sign = "+" if diff > 0 else "−"
        return sign + value_text(abs(diff), self.unit)

    @property
    def share(self) -> Decimal | None:
        """The counted side as a percentage of the stated one (itemised rows account for x% of it)."""
        if self.difference is None or not self.stated.value:
            return None
        return (self.counted.value * 100 / self.stated.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def summary(self) -> str:
        """One sentence an office can read: the two sides, the gap, the status."""
        if self.source == Source.STATED_TOTAL and self.difference is not None:
            text = f"逐笔记录合计 {self.counted.display}，占报告总数 {self.stated.display}的 {self.share:f}%"
            if self.status == Status.MISMATCH:
                text += f"，尚差 {value_text(-self.difference, self.unit)}" if self.difference < 0 else ""
            return text + f"；{self.status_text}"
        if self.difference is not None:
            return (f"{self.stated.label} {self.stated.display}，{self.counted.label} {self.counted.display}，"
                    f"差额 {self.difference_display}；{self.status_text}")
        return self.status_text

    def as_dict(self) -> dict:
        return {
            "source": self.source, "source_label": self.source_label, "pairing": self.pairing.reference,
            "pairing_name": str(self.pairing), "year": self.year, "indicator": self.indicator.key,
            "indicator_name": self.indicator.name, "unit": self.unit, "reference": self.reference,
            "statement": self.statement, "stated": self.stated.as_dict(), "counted": self.counted.as_dict(),
            "difference": None if self.difference is None else f"{self.difference:f}",
            "difference_display": self.difference_display, "status": self.status, "status_label": self.status_label,
            "status_text": self.status_text, "summary": self.summary,
        }


# ---------------------------------------------------------------- links to the records behind a side


def _with(url: str, **params) -> str:
    if not url:
        return ""
    return url + ("&" if "?" in url else "?") + urlencode({k: v for k, v in params.items() if v})


def _ledger_link(slug: str, **params) -> str:
    return _with(reverse(f"ledger:{slug}_list"), **params)


def _town_money_links(pairing: Pairing, year: int, basis: str) -> tuple[tuple[str, str], ...]:
    from shanhai.assessment.figures import _town_pair_roots

    links = [(_("资金台账 · 乡镇结对资金"), _ledger_link("funds", pairing=pairing.reference, year=year,
                                                    kind="town_pairing", basis=basis))]
    links += [
        (_("捐赠台账 · %(ref)s") % {"ref": root.reference},
         _ledger_link("donations", pairing=root.reference, year=year, basis=basis))
        for root in _town_pair_roots(pairing)
    ]
    return tuple(links)


# Figures whose aggregate part is an office's stated total of what the itemised rows make up, with
# the links to each part's records: fn(pairing, year, basis) -> ((label, url), ...).
STATED_TOTAL_FIGURES: dict[str, Callable] = {"town_pair_money": _town_money_links}


def _figure_side(label, figure: Figure, links, *, part: str = "") -> Side:
    value = figure.value if not part else getattr(figure, part)
    records = figure.records
    return Side(
        label=str(label), value=value, unit=figure.unit,
        qualifier=figure.qualifier if part != "itemised" else "", records=records if value else 0,
        note=figure.basis_text, links=links,
    )


# ---------------------------------------------------------------- approved returns


@dataclass(frozen=True)
class ApprovedFigure:
    """An approved return's figure, as the returns app hands it over."""

    pairing: Pairing
    year: int
    indicator: Indicator
    value: Decimal | None
    qualifier: str = ""
    reference: str = ""
    source: str = ""
    link: str = ""


def approved_return_figures(*, user, pairing: Pairing | None, year: int | None) -> list[ApprovedFigure]:
    """The approved figures of the returns app (``approved_return_for``: the year's approved yearly
    return, else the one reaching furthest into the year) at the main-level pairs, for indicators the
    ledgers compute (a reported-only indicator has nothing in the records to set against)."""
    from shanhai.returns.models import ReturnState
    from shanhai.returns.selectors import approved_return_for, return_figures, returns_for

    out = []
    for pair in _scan_pairings(user=user, pairing=pairing):
        approved = returns_for(user=user, pairing=pair, year=year, state=ReturnState.APPROVED)
        for y in sorted(set(approved.values_list("year", flat=True))):
            ret = approved_return_for(user=user, pairing=pair, year=y)
            if ret is None:
                continue
            link = reverse("returns:return_detail", args=[ret.pk])
            for fig in return_figures(ret):
                if fig.approved is None or not (fig.indicator.figure and fig.indicator.figure in FIGURES):
                    continue
                # An approved figure taken over from the prefill keeps the prefill's "以上".
                qualifier = fig.prefilled_qualifier if fig.approved == fig.prefilled else ""
                out.append(ApprovedFigure(pair, y, fig.indicator, fig.approved, qualifier, str(ret.period_label),
                                          f"已审核报表 {ret.period_label}", link))
    return out


def _return_rows(*, user, pairing, year) -> list[Row]:
    rows = []
    for found in approved_return_figures(user=user, pairing=pairing, year=year):
        figure = indicator_figure(user=user, indicator=found.indicator, pairing=found.pairing, year=found.year)
        if not found.value and not figure.records:
            continue  # a nought approved where the ledgers hold nothing: nothing to reconcile
        stated = Side(
            label=str(_("报表数")), value=found.value, unit=found.indicator.unit, qualifier=found.qualifier,
            links=((str(_("报表")), found.link),) if found.link else (),
        )
        counted = _figure_side(_("台账"), figure, ((str(_("台账记录")), figure.link),) if figure.link else ())
        rows.append(Row(Source.RETURN, found.pairing, found.year, found.indicator, stated, counted,
                        reference=found.reference, statement=found.source))
    return rows


# ---------------------------------------------------------------- the selector


def _reported_rows(*, user, pairing, year) -> list[Row]:
    rows = []
    for rv in reported_values_for(user=user, pairing=pairing, year=year):
        indicator = rv.indicator
        # A figure stated since a year ("2017年以来") is set against the records up to its year.
        cumulative = rv.is_span
        if indicator.figure and indicator.figure in FIGURES:
            figure = indicator_figure(user=user, indicator=indicator, pairing=rv.pairing, year=rv.year, cumulative=cumulative)
        else:
            figure = Figure(None, indicator.unit, derived=True)
        stated = Side(
            label=str(_("报告数（%(years)s累计）") % {"years": f"{rv.year_from}—{rv.year}"}) if cumulative else str(_("报告数")),
            value=rv.value, unit=indicator.unit, qualifier=rv.qualifier, records=1,
            note=rv.source, links=((str(_("报告数记录")), reverse("ledger:reported-values_detail", args=[rv.pk])),),
        )
        label = _("台账（累计至%(year)s年）") % {"year": rv.year} if cumulative else _("台账")
        counted = _figure_side(label, figure, ((str(_("台账记录")), figure.link),) if figure.link else ())
        rows.append(Row(Source.REPORTED, rv.pairing, rv.year, indicator, stated, counted,
                        reference=rv.reference, statement=rv.source))
    return rows


def _scan_pairings(*, user, pairing: Pairing | None) -> list[Pairing]:
    """The requested pair and the main-level pairs (province, city, county) in its subtree, deepest last;
    without a pair, the visible main-level pairs."""
    from shanhai.pairings.selectors import pairing_subtree

    visible = set(Pairing.objects.visible_to(user).values_list("pk", flat=True))
    if pairing is None:
        found = list(Pairing.objects.visible_to(user).filter(kind__code__in=ASSESSED_KINDS).select_related("kind"))
    else:
        found = [p for p in pairing_subtree(pairing) if p.pk == pairing.pk or p.kind.code in ASSESSED_KINDS]
    return [p for p in found if p.pk in visible]


def _set_years(indicator_set: IndicatorSet, year: int | None) -> list[int]:
    if year is not None:
        return [year] if indicator_set.covers(year) else []
    last = min(indicator_set.last_year or timezone.localdate().year, timezone.localdate().year)
    return list(range(indicator_set.first_year, last + 1))


def _stated_total_rows(*, user, pairing, year) -> list[Row]:
    """Rows for the figures in STATED_TOTAL_FIGURES: the aggregate part (the stated total) against the
    itemised part, at each main-level pair, dropping a higher pair's row that only repeats a lower one's."""
    found: list[tuple[Pairing, Row]] = []
    for indicator_set in IndicatorSet.objects.all():
        years = _set_years(indicator_set, year)
        if not years:
            continue
        indicators = [i for i in indicator_set.indicators.select_related("dimension") if i.figure in STATED_TOTAL_FIGURES]
        for indicator in indicators:
            for pair in _scan_pairings(user=user, pairing=pairing):
                # Nothing recorded up to the last year means nothing in any year: skip the yearly figures.
                if not indicator_figure(user=user, indicator=indicator, pairing=pair, year=years[-1],
                                        cumulative=True).records:
                    continue
                for y in years:
                    figure = indicator_figure(user=user, indicator=indicator, pairing=pair, year=y)
                    if not figure.records:
                        continue
                    links = STATED_TOTAL_FIGURES[indicator.figure]
                    stated = _figure_side(_("汇总（报告总数）"), figure, links(pair, y, "aggregate"), part="aggregate")
                    counted = _figure_side(_("逐笔合计"), figure, links(pair, y, "itemised"), part="itemised")
                    stated = Side(stated.label, stated.value if figure.aggregate else None, stated.unit, stated.qualifier,
                                  stated.records, stated.note, stated.links)
                    counted = Side(counted.label, counted.value if figure.itemised else None, counted.unit,
                                   counted.qualifier, counted.records, counted.note, counted.links)
                    found.append((pair, Row(Source.STATED_TOTAL, pair, y, indicator, stated, counted,
                                            statement=indicator.description)))
    # A city pair's figure holds its county pairs'; keep the row where the numbers are filed (deepest).
    kept = []
    for pair, row in found:
        repeats = any(
            other is not row and other.indicator.key == row.indicator.key and other.year == row.year
            and other.stated.value == row.stated.value and other.counted.value == row.counted.value
            and _is_ancestor(pair, other_pair)
            for other_pair, other in found
        )
        if not repeats:
            kept.append(row)
    return kept


def _is_ancestor(upper: Pairing, lower: Pairing) -> bool:
    node = lower.parent
    while node is not None:
        if node.pk == upper.pk:
            return True
        node = node.parent
    return False


def _records_only_rows(*, user, pairing, year, stated_keys: set) -> list[Row]:
    """Indicators offices are asked to report (``reported``) that have a figure: where the records hold
    something and nobody reported a number, say so."""
    rows = []
    for indicator_set in IndicatorSet.objects.all():
        for indicator in indicator_set.indicators.filter(reported=True).exclude(figure="").select_related("dimension"):
            if indicator.figure not in FIGURES or indicator.figure in STATED_TOTAL_FIGURES:
                continue
            for pair in _scan_pairings(user=user, pairing=pairing):
                for y in _set_years(indicator_set, year):
                    if (pair.pk, y, indicator.key) in stated_keys:
                        continue
                    figure = indicator_figure(user=user, indicator=indicator, pairing=pair, year=y)
                    if not figure.records or figure.value is None:
                        continue
                    stated = Side(label=str(_("报告数")), value=None, unit=indicator.unit)
                    counted = _figure_side(_("台账"), figure, ((str(_("台账记录")), figure.link),) if figure.link else ())
                    rows.append(Row(Source.REPORTED, pair, y, indicator, stated, counted))
    return rows


def reconciliation_rows(*, user, pairing: Pairing | None = None, year: int | None = None) -> list[Row]:
    """Every stated number in ``pairing``'s subtree (all pairs the user may see when none), in ``year``
    (all years when none), beside what the records hold, with the status of each."""
    rows = _reported_rows(user=user, pairing=pairing, year=year)
    rows += _return_rows(user=user, pairing=pairing, year=year)
    stated_keys = {(r.pairing.pk, r.year, r.indicator.key) for r in rows}
    rows += _stated_total_rows(user=user, pairing=pairing, year=year)
    rows += _records_only_rows(user=user, pairing=pairing, year=year, stated_keys=stated_keys)
    order = {Status.MISMATCH: 0, Status.REPORTED_ONLY: 1, Status.RECORDS_ONLY: 2, Status.MATCH: 3}
    return sorted(rows, key=lambda r: (r.pairing.sort_key, r.pairing.reference, -r.year, order[r.status],
                                       r.indicator.dimension.order, r.indicator.order))


def reconciliation_counts(rows: list[Row]) -> dict[str, int]:
    counts = {status: 0 for status in Status.LABELS}
    for row in rows:
        counts[row.status] += 1
    return counts


def reconciliation_pairing(*, user, reference: str) -> Pairing | None:
    """The pairing named by ``?pairing=`` if the user may see it."""
    return Pairing.objects.visible_to(user).filter(reference=reference.strip()).select_related("kind").first()


# ---------------------------------------------------------------- totals and their parts (其中)


@dataclass
class TotalWithParts:
    """A total ("共X") with the records that are part of it ("其中Y"), its main figure beside theirs.

    Parts that add up to more than their total are a contradiction in the records — unless the total
    is a lower bound ("700多万元"), which parts may pass."""

    ledger_title: str
    total: object  # the record
    parts: list
    figure: str  # the field both are read on
    money: bool
    total_amount: int | None
    parts_amount: int
    link: str = ""

    @property
    def excess(self) -> int | None:
        return None if self.total_amount is None else self.parts_amount - self.total_amount

    @property
    def qualifier(self) -> str:
        return self.total.qualifier_for(self.figure)

    @property
    def exceeds(self) -> bool:
        from shanhai.core.records import LOWER_BOUNDS

        return bool(self.excess and self.excess > 0 and self.qualifier not in LOWER_BOUNDS)

    def _text(self, n: int | None) -> str:
        from shanhai.core.money import format_money

        if n is None:
            return "—"
        return format_money(n) if self.money else f"{n:,}"

    @property
    def total_display(self) -> str:
        return qualified(self._text(self.total_amount), self.qualifier)

    @property
    def parts_display(self) -> str:
        return self._text(self.parts_amount)

    @property
    def flag_text(self) -> str:
        if not self.exceeds:
            return ""
        return str(_("其中各项合计 %(parts)s，超出合计 %(total)s %(excess)s")) % {
            "parts": self._text(self.parts_amount), "total": self._text(self.total_amount), "excess": self._text(self.excess),
        }

    def part_display(self, part) -> str:
        return qualified(self._text(getattr(part, self.figure)), part.qualifier_for(self.figure))


def totals_with_parts(*, user, pairing: Pairing | None = None, year: int | None = None) -> list[TotalWithParts]:
    """Every total the user may see that has parts, in ``pairing``'s subtree and ``year`` (a span
    covering it counts), each ledger read on its main figure; those whose parts exceed them first."""
    from shanhai.core.money import MoneyField
    from shanhai.core.records import main_figure_of
    from shanhai.pairings.selectors import records_covering, records_filtered

    from .figures_apart import pairing_ledgers

    out = []
    for ledger in pairing_ledgers():
        model = ledger.model
        main = main_figure_of(model)
        if not main:
            continue
        try:
            figure_field = model._meta.get_field(main)
        except Exception:  # noqa: BLE001 - a declared figure that is not a field
            continue
        visible = model.objects.visible_to(user)
        qs = records_filtered(visible, model, pairing=pairing, stage=None)
        if year is not None:
            qs = records_covering(qs, model, year=year, year_field=ledger.year_lookup, spans_only=False)
        totals = list(qs.filter(pk__in=visible.exclude(part_of=None).values("part_of")).order_by("reference"))
        for total in totals:
            parts = list(visible.filter(part_of=total).order_by("reference"))
            out.append(TotalWithParts(
                ledger_title=str(ledger.title), total=total, parts=parts, figure=main,
                money=isinstance(figure_field, MoneyField), total_amount=getattr(total, main),
                parts_amount=sum(getattr(p, main) or 0 for p in parts), link=ledger.url("detail", total.pk),
            ))
    return sorted(out, key=lambda t: (not t.exceeds, t.ledger_title, t.total.reference))


# ---------------------------------------------------------------- totals that may contain other records


@dataclass
class PossibleOverlap:
    """A total of a kind that means a total (各类帮扶资金（合计）), or a span of years of one kind, and the
    records it may contain: the same pair or one under it, a year of its span (other kinds for a
    total kind; the same kind's single years for a span). Sums take the total and leave these
    out (funds.selectors.funds_total); here both sides can see what was left out and check it."""

    total: object
    inside: list

    @property
    def inside_total(self):
        from shanhai.core.records import money_total

        return money_total(type(self.total).objects.filter(pk__in=[r.pk for r in self.inside]).exclude(amount=None))

    @property
    def explanation(self) -> str:
        if self.total.kind.is_total:
            text = _("%(total)s（%(years)s）是各类资金的合计，可能已含以下 %(n)s 条记录（%(sum)s）：合计时只计合计，不再相加；如确不包含，请将合计改记为实际范围或拆分。")
        else:
            text = _("%(total)s（%(years)s）是同类资金的跨年度累计，可能已含以下 %(n)s 条单一年度的记录（%(sum)s）：累计时只计累计数，不再相加；如确不包含，请改记实际范围。")
        return str(text) % {
            "total": self.total.amount_text, "years": self.total.years_text, "n": len(self.inside), "sum": self.inside_total,
        }


def possible_overlaps(*, user, pairing: Pairing | None = None, year: int | None = None) -> list[PossibleOverlap]:
    """Totals in ``pairing``'s subtree (covering ``year`` where given) with what they may contain."""
    from shanhai.funds.selectors import funds_inside_totals

    out = []
    for total, inside in funds_inside_totals(user=user, pairing=pairing):
        if year is not None and not ((total.year_from or total.year) <= year <= total.year):
            continue
        if inside:
            out.append(PossibleOverlap(total, inside))
    return out


# ---------------------------------------------------------------- likely duplicates (疑似重复)


def likely_duplicate_pairs(*, user, pairing: Pairing | None = None, year: int | None = None) -> list:
    """The likely duplicates (core.duplicates) of ``pairing``'s subtree — one of the two filed under
    it — in ``year``: the same thing entered by each side's office under two references. Listing is
    the answer: the side that keeps the mistaken one deletes it; two found distinct are told apart by
    correcting what made them alike (a figure, a year)."""
    from shanhai.core.duplicates import likely_duplicates
    from shanhai.pairings.selectors import pairing_subtree_ids

    pairs = likely_duplicates(user=user, pairing_ids=pairing_subtree_ids(pairing) if pairing else None, year=year)
    return sorted(pairs, key=lambda p: (p.ledger, -p.year, p.first.reference))
