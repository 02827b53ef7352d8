from shanhai.core.records import MoneyTotal, money_total

from .models import Donation


def donations_for(*, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None):
    qs = Donation.objects.visible_to(user)
    if pairing is not None:
        from shanhai.pairings.selectors import pairing_subtree

        qs = qs.filter(pairing__in=[p.pk for p in pairing_subtree(pairing)])
    if region_prefix:
        qs = qs.filter(Donation.scope_q(prefix=region_prefix, side=""))
    if year is not None:
        qs = qs.filter(year=year)
    if up_to_year is not None:
        qs = qs.filter(year__lte=up_to_year)
    return qs


def donations_total(*, user, **filters) -> MoneyTotal:
    """Donations valued in yuan (unvalued gifts in kind count as records, not as money)."""
    return money_total(donations_for(user=user, **filters).exclude(amount=None))
