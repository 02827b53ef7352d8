"""Reads over the funds ledger: one figure, one selector; itemised and aggregate kept apart."""

from django.db.models import F, Q

from shanhai.core.records import CountTotal, MoneyTotal, count_total, money_total
from shanhai.pairings.selectors import records_filtered

from .models import Fund, FundKind


def funds_for(
    *, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None, kind=None
):
    """Lines the user may see: of a pairing and every pairing nested under it, a region subtree
    (either side), one year, or cumulatively up to a year."""
    qs = records_filtered(
        Fund.objects.visible_to(user), Fund, pairing=pairing, region_prefix=region_prefix, year=year, up_to_year=up_to_year
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


def _covered_q(totals) -> Q:
    """The lines a total may contain, under its pairing (or a pairing nested under it), in a year of
    its span: for a total of a total kind, every line of another kind; for a span of years of one kind
    ("2018年以来累计财政援助8600万元"), that kind's lines of single years (2020's 3,150 万元)."""
    from shanhai.pairings.selectors import pairing_subtree_ids

    covered = Q(pk__in=[])
    seen = set()
    for total in totals:
        # one condition per pair, kind and years, however many lines share them (SQLite's expression
        # depth stops at 1,000)
        key = (total.pairing_id, total.kind.is_total or total.kind_id, total.year_from, total.year)
        if key in seen:
            continue
        seen.add(key)
        within = Q(
            pairing__in=pairing_subtree_ids(total.pairing), year__gte=total.year_from or total.year, year__lte=total.year,
        )
        if total.kind.is_total:
            covered |= within & Q(kind__is_total=False)
        else:
            covered |= within & Q(kind=total.kind_id, year_from__isnull=True)
    return covered


def _totals_in(qs):
    """Lines that may contain others: of a total kind, or spanning years (a cumulative statement)."""
    spans = Q(year_from__isnull=False) & Q(year_from__lt=F("year"))
    return list(qs.filter(Q(kind__is_total=True) | spans, pairing__isnull=False).select_related("pairing", "kind"))


def funds_total(*, user, **filters) -> MoneyTotal:
    """Money of known amount; lines whose amount is unknown are counted by ``funds_unvalued``.

    A total (a line of a kind that means a total, "共争取各类帮扶资金1.2亿元") is never added to the
    lines it may contain: those are left out of the sum and listed by ``funds_inside_totals``."""
    qs = funds_for(user=user, **filters).exclude(amount=None)
    totals = _totals_in(qs)
    if totals:
        qs = qs.exclude(_covered_q(totals))
    return money_total(qs)


def funds_inside_totals(*, user, **filters) -> list[tuple[Fund, list[Fund]]]:
    """Each total of the selection with the lines of other kinds it may contain (same pairing or one
    under it, a year of its span): what reconciliation shows, and what ``funds_total`` does not add."""
    qs = funds_for(user=user, **filters)
    out = []
    for total in _totals_in(qs):
        inside = list(qs.filter(_covered_q([total])).select_related("kind").order_by("year", "reference"))
        out.append((total, inside))
    return out


def funds_unvalued(*, user, **filters) -> int:
    """Lines whose amount the source does not give (a fund pool known only by what it backs)."""
    return funds_for(user=user, **filters).filter(amount=None).count()


def funds_by_kind(*, user, **filters) -> list[tuple[FundKind, MoneyTotal]]:
    qs = funds_for(user=user, **filters).exclude(amount=None)
    kinds = {k.pk: k for k in FundKind.objects.filter(pk__in=qs.values("kind"))}
    out = [(kind, money_total(qs.filter(kind=kind))) for kind in kinds.values()]
    return sorted(out, key=lambda pair: (pair[0].order, pair[0].code))


def funds_by_year(*, user, **filters) -> dict[int, MoneyTotal]:
    """Each year's money as ``funds_total`` gives it for that year alone (a span of years is not any
    one year's: the years it ends in are listed, with what was recorded for that year alone)."""
    years = sorted(set(funds_for(user=user, **filters).exclude(amount=None).values_list("year", flat=True)))
    return {year: funds_total(user=user, year=year, **filters) for year in years}


def funds_project_count(*, user, **filters) -> CountTotal:
    """Projects the lines say they cover ("1.2 亿元 over 57 projects"), where they say so."""
    return count_total(funds_for(user=user, **filters).exclude(project_count=None), "project_count")
