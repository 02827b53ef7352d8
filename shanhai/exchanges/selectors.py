from dataclasses import dataclass

from shanhai.core.records import CountTotal, count_part
from shanhai.pairings.selectors import records_filtered

from .models import Direction, JointMeeting, PromotionEvent, Visit

# Visits and promotion events count in the year they start; joint meetings carry their own year.
START_YEAR = "start_date__year"


def visits_for(*, user, direction: str | None = None, **filters):
    qs = records_filtered(Visit.objects.visible_to(user), Visit, year_field=START_YEAR, **filters)
    return qs.filter(direction=direction) if direction else qs


def joint_meetings_for(*, user, **filters):
    return records_filtered(JointMeeting.objects.visible_to(user), JointMeeting, **filters)


def promotion_events_for(*, user, **filters):
    return records_filtered(PromotionEvent.objects.visible_to(user), PromotionEvent, year_field=START_YEAR, **filters)


def _count(qs, field: str) -> CountTotal:
    """Sum a count over the records that give it: one figure per record, so each keeps its basis."""
    total = CountTotal()
    for n, basis, qualifier in qs.exclude(**{field: None}).values_list(field, "basis", "qualifier"):
        total += count_part(n, basis, qualifier, 1)
    return total


@dataclass(frozen=True)
class ExchangeTotals:
    """A pair's exchanges in a period: visits each way, joint meetings, expos and promotion events,
    and what the visits report (people, sites, meetings) where they report it."""

    visits_east_to_west: int
    visits_west_to_east: int
    joint_meetings: int
    promotion_events: int
    people: CountTotal
    sites: CountTotal
    meetings: CountTotal
    visits_with_donation: int
    visits_with_signing: int

    @property
    def visits(self) -> int:
        return self.visits_east_to_west + self.visits_west_to_east

    def as_dict(self) -> dict:
        return {
            "visits": self.visits, "visits_east_to_west": self.visits_east_to_west,
            "visits_west_to_east": self.visits_west_to_east, "joint_meetings": self.joint_meetings,
            "promotion_events": self.promotion_events, "people": self.people.as_dict(), "sites": self.sites.as_dict(),
            "meetings": self.meetings.as_dict(), "visits_with_donation": self.visits_with_donation,
            "visits_with_signing": self.visits_with_signing,
        }


def exchanges_totals(
    *, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None
) -> ExchangeTotals:
    filters = {"pairing": pairing, "region_prefix": region_prefix, "year": year, "up_to_year": up_to_year}
    visits = visits_for(user=user, **filters)
    return ExchangeTotals(
        visits_east_to_west=visits.filter(direction=Direction.EAST_TO_WEST).count(),
        visits_west_to_east=visits.filter(direction=Direction.WEST_TO_EAST).count(),
        joint_meetings=joint_meetings_for(user=user, **filters).count(),
        promotion_events=promotion_events_for(user=user, **filters).count(),
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


