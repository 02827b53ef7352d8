from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from shanhai.core.scope import scope_for

from . import codes
from .models import PovertyDesignation, PovertyKind, Region, RegionLevel, ReportedFigure


def region_get(code: str) -> Region | None:
    try:
        return Region.objects.filter(code=codes.pad(code)).first()
    except ValueError:
        return None


def regions_in(prefix: str, *, level: int | None = None) -> QuerySet[Region]:
    qs = Region.objects.filter(code__startswith=prefix)
    return qs.filter(level=level) if level else qs


def regions_search(*, user, query: str = "", level: int | None = None) -> QuerySet[Region]:
    qs = Region.objects.visible_to(user)
    if query:
        q = Q(name__contains=query) | Q(short_name__contains=query)
        if query.isdigit():
            q |= Q(code__startswith=query)
        qs = qs.filter(q)
    if level:
        qs = qs.filter(level=level)
    return qs


def designated_regions(*, prefix: str, year: int, kind: str, exited: bool | None = None) -> QuerySet[Region]:
    """Itemised regions flagged ``kind`` and identified by ``year``.

    ``kind`` poor_village also takes deep-poverty villages (every deep-poverty village is poor).
    ``exited``: True = exited by the end of ``year``; False = still poor then; None = either.
    """
    kinds = [PovertyKind.POOR_VILLAGE, PovertyKind.DEEP_POVERTY_VILLAGE] if kind == PovertyKind.POOR_VILLAGE else [kind]
    d = PovertyDesignation.objects.filter(region__code__startswith=prefix, kind__in=kinds).filter(
        Q(identified_year__isnull=True) | Q(identified_year__lte=year)
    )
    if exited is True:
        d = d.filter(exit_year__lte=year)
    elif exited is False:
        d = d.filter(Q(exit_year__isnull=True) | Q(exit_year__gt=year))
    return Region.objects.filter(code__in=d.values("region_id"))


@dataclass(frozen=True)
class Reported:
    value: Decimal
    year: int
    as_of: object
    source: str

    @property
    def count(self) -> int:
        return int(self.value)


def reported_value(*, region_code: str, indicator: str, year: int) -> Reported | None:
    """The figure reported for ``year``, else the latest earlier one (the caller shows which year)."""
    fig = (
        ReportedFigure.objects.filter(region_id=region_code, indicator_id=indicator, year__lte=year)
        .order_by("-year")
        .first()
    )
    return Reported(fig.value, fig.year, fig.as_of, fig.source) if fig else None


def region_poverty_summary(*, region: Region, year: int) -> dict:
    """Itemised flags and reported counts side by side, never merged."""
    prefix = region.prefix
    itemised = {
        "poor_counties": designated_regions(prefix=prefix, year=year, kind=PovertyKind.POOR_COUNTY).count(),
        "poor_villages": designated_regions(prefix=prefix, year=year, kind=PovertyKind.POOR_VILLAGE).count(),
        "deep_poverty_villages": designated_regions(prefix=prefix, year=year, kind=PovertyKind.DEEP_POVERTY_VILLAGE).count(),
    }
    reported = list(
        ReportedFigure.objects.filter(region=region, year__lte=year).select_related("indicator").order_by("indicator_id", "-year")
    )
    latest = {}
    for fig in reported:
        latest.setdefault(fig.indicator_id, fig)
    return {"itemised": itemised, "reported": list(latest.values())}


def scope_roots(user) -> list[Region]:
    """The regions at the top of a user's scope: where their browsing starts."""
    scope = scope_for(user)
    if scope.everything:
        return list(Region.objects.filter(level=RegionLevel.PROVINCE))
    roots = []
    for prefix in scope.prefixes:
        if not prefix:
            return list(Region.objects.filter(level=RegionLevel.PROVINCE))
        region = region_get(prefix)
        if region is not None:
            roots.append(region)
    return roots


def region_visible(user, region: Region | None) -> bool:
    return region is not None and Region.objects.visible_to(user).filter(code=region.code).exists()
