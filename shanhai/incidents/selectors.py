"""Reads over incidents and the reported poverty status: one figure, one selector."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from shanhai.core.records import CountTotal, MoneyTotal, count_total, money_total
from shanhai.pairings.selectors import records_filtered
from shanhai.regions.models import Region, ReportedFigure, ReportedIndicator
from shanhai.social.models import Donation

from .models import Incident, IncidentAid

# ---------------------------------------------------------------- incidents


def incidents_for(*, user, pairing=None, region_prefix: str = "", year: int | None = None, kind=None):
    qs = records_filtered(
        Incident.objects.visible_to(user), Incident, pairing=pairing, region_prefix=region_prefix, year=year,
        year_field="date__year",
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.select_related("kind", "place")


@dataclass(frozen=True)
class IncidentTotals:
    """Who the incidents hit, each count over the incidents that give it (itemised and aggregate apart)."""

    incidents: int
    households_hit: CountTotal
    persons_hit: CountTotal
    exited_households_hit: CountTotal
    exited_persons_hit: CountTotal
    poor_households_hit: CountTotal
    poor_persons_hit: CountTotal
    main_houses_destroyed: CountTotal
    main_rooms_destroyed: CountTotal
    side_rooms_destroyed: CountTotal

    FIGURES = (
        "households_hit", "persons_hit", "exited_households_hit", "exited_persons_hit", "poor_households_hit",
        "poor_persons_hit", "main_houses_destroyed", "main_rooms_destroyed", "side_rooms_destroyed",
    )

    def as_dict(self) -> dict:
        return {"incidents": self.incidents, **{name: getattr(self, name).as_dict() for name in self.FIGURES}}


def incidents_totals(*, user, **filters) -> IncidentTotals:
    qs = incidents_for(user=user, **filters)
    return IncidentTotals(qs.aggregate(n=Count("pk"))["n"], *(count_total(qs, name) for name in IncidentTotals.FIGURES))


def incident_aid_for(*, user, incident: Incident):
    return IncidentAid.objects.visible_to(user).filter(incident=incident).select_related("donation", "project")


def incident_aid_donated(*, user, incident: Incident) -> MoneyTotal:
    """Money donated for the incident: the linked donations' own amounts, each counted once."""
    linked = IncidentAid.objects.visible_to(user).filter(incident=incident, donation__isnull=False).values("donation")
    return money_total(Donation.objects.visible_to(user).filter(pk__in=linked).exclude(amount=None))


def incident_aid_projects(*, user, incident: Incident) -> int:
    return IncidentAid.objects.visible_to(user).filter(incident=incident, project__isnull=False).count()


# ---------------------------------------------------------------- reported poverty status (脱贫进展)

# How the page and the API group the reported indicators. Indicators not named here still show,
# under "其他报告数", so an indicator the national office adds is never hidden.
STATUS_GROUPS = [
    ("registered", _("建档立卡"), ["registered_poor_households", "registered_poor_persons"]),
    ("exited", _("累计脱贫"), ["exited_households", "exited_persons"]),
    ("remaining", _("剩余贫困"), ["poor_households_remaining", "poor_persons_remaining", "poverty_incidence"]),
    ("counties", _("贫困县"), ["poor_counties"]),
    ("villages", _("贫困村出列"), ["poor_villages", "poor_villages_exited", "poor_villages_not_exited"]),
    ("deep_villages", _("深度贫困村出列"), [
        "deep_poverty_villages", "deep_poverty_villages_exited", "deep_poverty_villages_not_exited",
    ]),
    ("exit_check", _("退出（摘帽）检查"), ["missed_identification_rate", "wrong_exit_rate", "satisfaction_rate"]),
]
DERIVED_NOTE = _("以上均为报告数（各注年度、截至日期与来源）。由建档立卡库推算的数字将另列于旁，与报告数并存，互不覆盖。")


def figure_text(value: Decimal | None, unit: str) -> str:
    """6278 户 → '6,278 户'; 1.2500 % → '1.25%'; unknown → '—'."""
    if value is None:
        return "—"
    value = value.normalize()
    number = f"{int(value):,}" if value == value.to_integral_value() else format(value, "f")
    return f"{number}%" if unit == "%" else f"{number} {unit}"


@dataclass(frozen=True)
class StatusFigure:
    indicator: str
    name: str
    unit: str
    value: Decimal | None  # None: not reported up to the year asked
    year: int | None
    as_of: datetime.date | None
    source: str

    @property
    def display(self) -> str:
        return figure_text(self.value, self.unit)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator, "name": self.name, "unit": self.unit,
            "value": None if self.value is None else format(self.value.normalize(), "f"),
            "display": self.display, "year": self.year, "as_of": self.as_of, "source": self.source,
            "basis": "reported",
        }


@dataclass(frozen=True)
class StatusGroup:
    key: str
    title: str
    figures: list[StatusFigure]

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "figures": [f.as_dict() for f in self.figures]}


@dataclass(frozen=True)
class PovertyStatus:
    region: Region
    year: int
    groups: list[StatusGroup]
    note: str = DERIVED_NOTE

    def figure(self, indicator: str) -> StatusFigure | None:
        return next((f for g in self.groups for f in g.figures if f.indicator == indicator), None)

    @property
    def reported_count(self) -> int:
        return sum(1 for g in self.groups for f in g.figures if f.value is not None)

    def as_dict(self) -> dict:
        return {
            "region": self.region.code, "region_name": self.region.name, "year": self.year,
            "groups": [g.as_dict() for g in self.groups], "note": self.note,
        }


def poverty_status(*, user, region: Region, year: int) -> PovertyStatus:
    """The region's reported figures for ``year`` — each the one reported for that year or, failing
    that, the latest earlier one, with its own year, as-of date and source — grouped as offices read
    them. Only the region's own figures (a county's, not its towns' summed): they are what was reported.
    """
    figures = (
        ReportedFigure.objects.visible_to(user).filter(region=region, year__lte=year)
        .select_related("indicator").order_by("indicator_id", "-year")
    )
    latest: dict[str, ReportedFigure] = {}
    for fig in figures:
        latest.setdefault(fig.indicator_id, fig)
    indicators = {i.code: i for i in ReportedIndicator.objects.all()}

    def status_figure(code: str) -> StatusFigure:
        fig, ind = latest.get(code), indicators[code]
        if fig is None:
            return StatusFigure(code, ind.name, ind.unit, None, None, None, "")
        return StatusFigure(code, ind.name, ind.unit, fig.value, fig.year, fig.as_of, fig.source)

    groups, named = [], set()
    for key, title, codes in STATUS_GROUPS:
        present = [c for c in codes if c in indicators]
        named.update(present)
        groups.append(StatusGroup(key, title, [status_figure(c) for c in present]))
    others = sorted(c for c in latest if c not in named)
    if others:
        groups.append(StatusGroup("other", _("其他报告数"), [status_figure(c) for c in others]))
    return PovertyStatus(region, year, groups)
