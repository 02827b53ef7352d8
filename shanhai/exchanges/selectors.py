from dataclasses import dataclass

from shanhai.core.records import (
    CountTotal,
    EventCount,
    count_events,
    count_part,
    qualifier_expr,
    without_parts,
)
from shanhai.pairings.selectors import records_filtered

from .models import Direction, JointMeeting, MeetingKind, PromotionEvent, Visit

# Every exchange carries its own year (a dated one takes its start's): an aggregate may give only the year.


def visits_for(*, user, direction: str | None = None, **filters):
    qs = records_filtered(Visit.objects.visible_to(user), Visit, **filters)
    return qs.filter(direction=direction) if direction else qs


def joint_meetings_for(*, user, kind: str | None = None, **filters):
    qs = records_filtered(JointMeeting.objects.visible_to(user), JointMeeting, **filters)
    return qs.filter(kind=kind) if kind else qs


def promotion_events_for(*, user, event_type: str | None = None, **filters):
    qs = records_filtered(PromotionEvent.objects.visible_to(user), PromotionEvent, **filters)
    return qs.filter(event_type=event_type) if event_type else qs


def visits_count(*, user, direction: str | None = None, **filters) -> EventCount:
    """Visits made (批次/次数): an itemised visit is one, an aggregate ("先后32批次") its number; an
    aggregate that does not give it is counted apart."""
    return count_events(visits_for(user=user, direction=direction, **filters), "trips")


def visits_person_times(*, user, direction: str | None = None, **filters) -> EventCount:
    """Person-times of visits (人次): an aggregate's 人次; an itemised visit's 人次, else its 团组人数."""
    return count_events(
        visits_for(user=user, direction=direction, **filters), "person_times", fallback="people", itemised_default=None,
    )


def meetings_count(*, user, kind: str = MeetingKind.JOINT, **filters) -> EventCount:
    """Meetings held (次数): the pair's joint meetings, or one side's own meetings on the cooperation."""
    return count_events(joint_meetings_for(user=user, kind=kind, **filters), "sessions")


def promotion_events_count(*, user, event_type: str | None = None, **filters) -> EventCount:
    """Expos, promotion and publicity events held (场次)."""
    return count_events(promotion_events_for(user=user, event_type=event_type, **filters), "sessions")


def _count(qs, field: str) -> CountTotal:
    """Sum a count over the records that give it: one figure per record, so each keeps its basis."""
    total = CountTotal()
    rows = without_parts(qs).exclude(**{field: None}).annotate(_q=qualifier_expr(qs.model, field))
    for n, basis, qualifier in rows.values_list(field, "basis", "_q"):
        total += count_part(n, basis, qualifier or "", 1)
    return total


@dataclass(frozen=True)
class ExchangeTotals:
    """A pair's exchanges in a period: visits each way, joint meetings, each side's own meetings,
    expos, promotion and publicity events (each counted by the number a record stands for), and what
    the visits report (人次, people, sites, meetings) where they report it."""

    east_to_west: EventCount
    west_to_east: EventCount
    joint: EventCount
    own_meetings: EventCount
    promotions: EventCount
    person_times: EventCount
    people: CountTotal
    sites: CountTotal
    meetings: CountTotal
    visits_with_donation: int
    visits_with_signing: int

    @property
    def visits_east_to_west(self) -> int:
        return self.east_to_west.total

    @property
    def visits_west_to_east(self) -> int:
        return self.west_to_east.total

    @property
    def visits(self) -> int:
        return self.visits_east_to_west + self.visits_west_to_east

    @property
    def visits_unknown(self) -> int:
        """Aggregate visit records that do not say how many visits they stand for."""
        return self.east_to_west.unknown + self.west_to_east.unknown

    @property
    def joint_meetings(self) -> int:
        return self.joint.total

    @property
    def promotion_events(self) -> int:
        return self.promotions.total

    def as_dict(self) -> dict:
        return {
            "visits": self.visits, "visits_east_to_west": self.visits_east_to_west,
            "visits_west_to_east": self.visits_west_to_east, "visits_unknown_records": self.visits_unknown,
            "joint_meetings": self.joint_meetings, "joint_meetings_unknown_records": self.joint.unknown,
            "own_meetings": self.own_meetings.as_dict(),
            "promotion_events": self.promotion_events, "promotion_events_unknown_records": self.promotions.unknown,
            "person_times": self.person_times.as_dict(),
            "people": self.people.as_dict(), "sites": self.sites.as_dict(),
            "meetings": self.meetings.as_dict(), "visits_with_donation": self.visits_with_donation,
            "visits_with_signing": self.visits_with_signing,
        }


def exchanges_totals(
    *, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None
) -> ExchangeTotals:
    filters = {"pairing": pairing, "region_prefix": region_prefix, "year": year, "up_to_year": up_to_year}
    visits = visits_for(user=user, **filters)
    return ExchangeTotals(
        east_to_west=visits_count(user=user, direction=Direction.EAST_TO_WEST, **filters),
        west_to_east=visits_count(user=user, direction=Direction.WEST_TO_EAST, **filters),
        joint=meetings_count(user=user, **filters),
        own_meetings=meetings_count(user=user, kind=MeetingKind.EAST, **filters)
        + meetings_count(user=user, kind=MeetingKind.WEST, **filters),
        promotions=promotion_events_count(user=user, **filters),
        person_times=visits_person_times(user=user, **filters),
        people=_count(visits, "people"),
        sites=_count(visits, "sites_count"),
        meetings=_count(visits, "meetings_count"),
        visits_with_donation=visits.exclude(donation=None).count(),
        visits_with_signing=visits.exclude(signing_event=None).count(),
    )


def visit_links(*, user, visit: Visit) -> dict:
    """What a visit links to, as far as ``user`` may see it: its donation, signing event and the joint
    meetings held during it (a linked record out of the reader's scope is left out, not named)."""
    from shanhai.industry.models import SigningEvent
    from shanhai.social.models import Donation

    donation = Donation.objects.visible_to(user).filter(pk=visit.donation_id).first() if visit.donation_id else None
    signing = (
        SigningEvent.objects.visible_to(user).filter(pk=visit.signing_event_id).first() if visit.signing_event_id else None
    )
    meetings = list(JointMeeting.objects.visible_to(user).filter(visit=visit).order_by("reference"))
    return {"donation": donation, "signing_event": signing, "joint_meetings": meetings}


