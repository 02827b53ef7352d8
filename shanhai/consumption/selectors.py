"""Reads over the consumption ledgers: sales in tonnes and money per pairing, year and channel,
itemised and aggregate apart; a showcase centre's outlets; distribution contracts.

Tonnes are added as integer grams in SQL (exact on SQLite and PostgreSQL), then shown in 吨.
Unknown figures (an amount not given, poor people driven illegible) are counted as records
apart, never as zero.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from shanhai.core.records import (
    LOWER_BOUNDS,
    Basis,
    CountTotal,
    MoneyTotal,
    count_total,
    money_total,
    qualified,
    qualifier_expr,
    qualifier_of_sum,
    without_parts,
)
from shanhai.pairings.selectors import records_filtered

from .models import ChannelKind, DistributionContract, Sale, SalesChannel

GRAMS_PER_TONNE = 1_000_000


@dataclass(frozen=True)
class MassTotal:
    """A mass in exact grams, itemised and aggregate apart, shown in tonnes."""

    itemised: int = 0
    aggregate: int = 0
    records: int = 0
    qualifier: str = ""

    @property
    def at_least(self) -> bool:
        return self.qualifier in LOWER_BOUNDS

    @property
    def grams(self) -> int:
        return self.itemised + self.aggregate

    @property
    def tonnes(self) -> Decimal:
        return (Decimal(self.grams) / GRAMS_PER_TONNE).normalize()

    @staticmethod
    def _t(grams: int) -> str:
        return f"{(Decimal(grams) / GRAMS_PER_TONNE).normalize():,f}"

    def __str__(self):
        return qualified(f"{self._t(self.grams)} 吨", self.qualifier)

    def as_dict(self) -> dict:
        return {
            "tonnes": f"{self.tonnes:f}", "itemised_tonnes": self._t(self.itemised), "aggregate_tonnes": self._t(self.aggregate),
            "grams": self.grams, "records": self.records, "at_least": self.at_least, "display": str(self),
        }


def mass_total(queryset) -> MassTotal:
    itemised = aggregate = records = 0
    qualifiers = []
    rows = (
        without_parts(queryset).exclude(mass_grams=None).order_by()
        .annotate(_q=qualifier_expr(queryset.model, "quantity")).values("basis", "_q")
        .annotate(g=Sum("mass_grams"), n=Count("pk"))
    )
    for row in rows:
        records += row["n"]
        qualifiers.append(row["_q"] or "")
        if row["basis"] == Basis.AGGREGATE:
            aggregate += row["g"] or 0
        else:
            itemised += row["g"] or 0
    return MassTotal(itemised, aggregate, records, qualifier_of_sum(qualifiers))


def sales_for(*, user, channel_kind=None, channel=None, **filters):
    qs = records_filtered(Sale.objects.visible_to(user), Sale, **filters)
    if channel_kind is not None:
        qs = qs.filter(channel_kind=channel_kind)
    if channel is not None:
        qs = qs.filter(channel__in=[c.pk for c in channel_subtree(channel)])
    return qs


@dataclass(frozen=True)
class SalesTotal:
    amount: MoneyTotal
    mass: MassTotal
    poor_people_driven: CountTotal
    records: int
    amount_unknown: int  # sales whose amount the source does not give
    poor_unknown: int  # sales whose poor people driven is not given (or illegible)

    def as_dict(self) -> dict:
        return {
            "records": self.records, "amount": self.amount.as_dict(), "mass": self.mass.as_dict(),
            "poor_people_driven": self.poor_people_driven.as_dict(),
            "amount_unknown_records": self.amount_unknown, "poor_people_unknown_records": self.poor_unknown,
        }


def _sales_total(qs) -> SalesTotal:
    return SalesTotal(
        amount=money_total(qs.exclude(amount=None)),
        mass=mass_total(qs),
        poor_people_driven=count_total(qs, "poor_people_driven"),
        records=qs.count(),
        amount_unknown=qs.filter(amount=None).count(),
        poor_unknown=qs.filter(poor_people_driven=None).count(),
    )


def sales_total(*, user, **filters) -> SalesTotal:
    return _sales_total(sales_for(user=user, **filters))


def sales_by_year(*, user, **filters) -> dict[int, SalesTotal]:
    qs = sales_for(user=user, **filters)
    return {year: _sales_total(qs.filter(year=year)) for year in sorted(set(qs.values_list("year", flat=True)))}


def sales_by_channel(*, user, **filters) -> list[tuple[ChannelKind | None, SalesTotal]]:
    """Per channel kind (a sale through a registered channel takes its kind); None: not stated."""
    qs = sales_for(user=user, **filters)
    kinds = list(ChannelKind.objects.filter(pk__in=qs.exclude(channel_kind=None).values("channel_kind")))
    out = [(kind, _sales_total(qs.filter(channel_kind=kind))) for kind in kinds]
    if qs.filter(channel_kind=None).exists():
        out.append((None, _sales_total(qs.filter(channel_kind=None))))
    return out


def sales_by_pairing(*, user, **filters) -> list[tuple[object, SalesTotal]]:
    """Per pairing the sales are filed under (directly, not rolled up)."""
    from shanhai.pairings.models import Pairing

    qs = sales_for(user=user, **filters)
    pairings = Pairing.objects.filter(pk__in=qs.exclude(pairing=None).values("pairing")).order_by("reference")
    return [(p, _sales_total(qs.filter(pairing=p))) for p in pairings]


# ---------------------------------------------------------------- channels


def channels_for(*, user, pairing=None, region_prefix: str = "", kind=None):
    qs = records_filtered(SalesChannel.objects.visible_to(user), SalesChannel, pairing=pairing, region_prefix=region_prefix)
    return qs.filter(kind=kind) if kind is not None else qs


def channel_subtree(channel: SalesChannel) -> list[SalesChannel]:
    out, level = [], [channel.pk]
    while level:
        nodes = list(SalesChannel.objects.filter(pk__in=level).order_by("reference"))
        out.extend(nodes)
        level = list(SalesChannel.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    return out


@dataclass(frozen=True)
class ChannelFigures:
    channel: SalesChannel
    outlets: CountTotal  # outlets it opened, itemised and counted apart
    sales: SalesTotal

    def as_dict(self) -> dict:
        return {
            "channel": self.channel.reference, "name": self.channel.name, "kind": self.channel.kind.name,
            "outlets": self.outlets.as_dict(), "sales": self.sales.as_dict(),
            "expected_tonnes_per_year": (
                f"{self.channel.expected_tonnes_per_year.normalize():f}" if self.channel.expected_tonnes_per_year is not None else None
            ),
            "expected_people": self.channel.expected_people,
        }


def channel_figures(*, user, channel: SalesChannel) -> ChannelFigures:
    """A channel, the outlets under it (31 for 梵净山珍) and what sold through it and them."""
    below = [c.pk for c in channel_subtree(channel)[1:]]
    outlets = count_total(SalesChannel.objects.visible_to(user).filter(pk__in=below), "count")
    return ChannelFigures(channel, outlets, sales_total(user=user, channel=channel))


def channels_count(*, user, **filters) -> CountTotal:
    """Channels and outlets, by their counts ("4 个展示点" is one aggregate row of 4)."""
    return count_total(channels_for(user=user, **filters), "count")


# ---------------------------------------------------------------- distribution contracts


def contracts_for(*, user, **filters):
    return records_filtered(DistributionContract.objects.visible_to(user), DistributionContract, **filters)


def contracts_firms(*, user, **filters) -> CountTotal:
    """Eastern firms signed as distributors (7 for 碧江白水大米合作社)."""
    return count_total(contracts_for(user=user, **filters), "buyer_count")
