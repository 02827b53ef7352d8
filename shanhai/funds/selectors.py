"""Reads over the funds ledger: one figure, one selector; itemised and aggregate kept apart."""



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


def funds_total(*, user, **filters) -> MoneyTotal:
    """Money of known amount; lines whose amount is unknown are counted by ``funds_unvalued``."""
    return money_total(funds_for(user=user, **filters).exclude(amount=None))


def funds_unvalued(*, user, **filters) -> int:
    """Lines whose amount the source does not give (a fund pool known only by what it backs)."""
    return funds_for(user=user, **filters).filter(amount=None).count()


def funds_by_kind(*, user, **filters) -> list[tuple[FundKind, MoneyTotal]]:
    qs = funds_for(user=user, **filters).exclude(amount=None)
    kinds = {k.pk: k for k in FundKind.objects.filter(pk__in=qs.values("kind"))}
    out = [(kind, money_total(qs.filter(kind=kind))) for kind in kinds.values()]
    return sorted(out, key=lambda pair: (pair[0].order, pair[0].code))


def funds_by_year(*, user, **filters) -> dict[int, MoneyTotal]:
    qs = funds_for(user=user, **filters).exclude(amount=None)
    years = sorted(set(qs.values_list("year", flat=True)))
    return {year: money_total(qs.filter(year=year)) for year in years}


def funds_project_count(*, user, **filters) -> CountTotal:
    """Projects the lines say they cover ("1.2 亿元 over 57 projects"), where they say so."""
    return count_total(funds_for(user=user, **filters).exclude(project_count=None), "project_count")
