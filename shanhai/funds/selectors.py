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


def _covered_q(covers) -> Q:
    """The lines totals may contain, under the total's pairing (or a pairing nested under it), in a
    year of its span: for a total of a total kind, every line of another kind; for a span of years of
    one kind ("2018年以来累计财政援助8600万元"), that kind's lines of single years (2020's 3,150 万元).

    ``covers`` are ``_covers_in``'s keys: one condition per pair, kind and years, however many lines
    share them (SQLite's expression depth stops at 1,000)."""
    from shanhai.pairings.models import Pairing
    from shanhai.pairings.selectors import pairing_subtree_ids

    covered, under, total_kinds = Q(pk__in=[]), {}, _total_kinds()
    for pairing_id, kind_id, is_total, year_from, year in covers:
        if pairing_id not in under:
            under[pairing_id] = pairing_subtree_ids(Pairing(pk=pairing_id))
        within = Q(pairing__in=under[pairing_id], year__gte=year_from or year, year__lte=year)
        covered |= within & (~Q(kind__in=total_kinds) if is_total else Q(kind=kind_id, year_from__isnull=True))
    return covered


def _total_kinds() -> list[str]:
    """The kinds that mean a total (各类帮扶资金合计): a handful of codes, given to the SQL as values
    so that the kind's index finds their lines (a join to the kinds would read every line)."""
    return sorted(FundKind.objects.filter(is_total=True).values_list("pk", flat=True))


def _totals_in(qs):
    """Lines that may contain others: of a total kind, or spanning years (a cumulative statement)."""
    spans = Q(year_from__isnull=False) & Q(year_from__lt=F("year"))
    return qs.filter(Q(kind__in=_total_kinds()) | spans, pairing__isnull=False)


def _covers_in(qs) -> list[tuple]:
    """What the selection's totals cover, as distinct (pairing, kind, is a total kind, first year,
    last year): a few values, not the lines. Two small queries, each on its index (the kind's; the
    partial index of lines spanning years), where one with OR would read the whole selection."""
    total_kinds = _total_kinds()
    columns = ("pairing_id", "kind_id", "year_from", "year")
    found = set(qs.filter(kind__in=total_kinds, pairing__isnull=False).order_by().values_list(*columns))
    found |= set(
        qs.filter(year_from__isnull=False, year_from__lt=F("year"), pairing__isnull=False).order_by().values_list(*columns)
    )
    keys = {(pairing_id, kind_id, kind_id in total_kinds, year_from, year) for pairing_id, kind_id, year_from, year in found}
    return sorted(keys, key=lambda key: tuple(-1 if v is None else v for v in key))


def funds_total(*, user, **filters) -> MoneyTotal:
    """Money of known amount; lines whose amount is unknown are counted by ``funds_unvalued``.

    A total (a line of a kind that means a total, "共争取各类帮扶资金1.2亿元") is never added to the
    lines it may contain: those are left out of the sum and listed by ``funds_inside_totals``."""
    qs = funds_for(user=user, **filters).exclude(amount=None)
    covers = _covers_in(qs)
    if covers:
        qs = qs.exclude(_covered_q(covers))
    return money_total(qs)


def funds_inside_totals(*, user, **filters) -> list[tuple[Fund, list[Fund]]]:
    """Each total of the selection with the lines of other kinds it may contain (same pairing or one
    under it, a year of its span): what reconciliation shows, and what ``funds_total`` does not add."""
    qs = funds_for(user=user, **filters)
    out = []
    for total in _totals_in(qs).select_related("kind"):
        cover = (total.pairing_id, total.kind_id, total.kind.is_total, total.year_from, total.year)
        inside = list(qs.filter(_covered_q([cover])).select_related("kind").order_by("year", "reference"))
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
