"""Reads over the labour ledgers: one figure, one selector; itemised and aggregate kept apart.

Stable employment is derived here, from each record's start and months kept, by the rule the
national office holds for the year (``StabilityRule``); what a source merely *calls* stable is
counted apart, and so are the workers whose months are unknown — never guessed either way.
"""

from dataclasses import dataclass, field

from shanhai.core.records import CountTotal, EventCount, count_events, count_part, count_total, totals
from shanhai.pairings.selectors import records_filtered

from .models import (
    DestinationClass,
    EmploymentOutcome,
    JobFair,
    JobsOffered,
    LabourStation,
    OrderClass,
    OrganisedTransport,
    StabilityRule,
)


def labour_stations_for(*, user, pairing=None, region_prefix: str = ""):
    return records_filtered(LabourStation.objects.visible_to(user), LabourStation, pairing=pairing, region_prefix=region_prefix)


def job_fairs_for(*, user, **filters):
    return records_filtered(JobFair.objects.visible_to(user), JobFair, **filters)


def job_fairs_count(*, user, **filters) -> EventCount:
    """Job fairs held (场次): an itemised fair is one, an aggregate ("举办招聘会12场") its number; an
    aggregate that does not give it is counted apart, never as 1."""
    return count_events(job_fairs_for(user=user, **filters), "sessions")


def job_fairs_totals(*, user, **filters) -> dict[str, CountTotal]:
    qs = job_fairs_for(user=user, **filters)
    return {name: count_total(qs, name) for name in ("employers", "jobs_offered", "attendees", "signed")}


def jobs_offered_for(*, user, **filters):
    return records_filtered(JobsOffered.objects.visible_to(user), JobsOffered, **filters)


def jobs_offered_total(*, user, **filters) -> CountTotal:
    """Jobs the east offered ("1.3万多个" → 13,000 以上), yearly rows added up."""
    return count_total(jobs_offered_for(user=user, **filters), "jobs")


def order_classes_for(*, user, pairing=None, region_prefix: str = ""):
    return records_filtered(OrderClass.objects.visible_to(user), OrderClass, pairing=pairing, region_prefix=region_prefix)


def transports_for(*, user, **filters):
    return records_filtered(OrganisedTransport.objects.visible_to(user), OrganisedTransport, **filters)


@dataclass(frozen=True)
class Headcount:
    """Workers and, among them, the registered poor — poor counted only where the record gives them."""

    workers: CountTotal
    poor_workers: CountTotal
    poor_unknown: int  # records whose poor workers the source does not give

    def as_dict(self) -> dict:
        return {"workers": self.workers.as_dict(), "poor_workers": self.poor_workers.as_dict(), "poor_unknown_records": self.poor_unknown}


def _headcount(qs, workers="workers", poor="poor_workers") -> Headcount:
    found = totals(qs, counts=(workers, poor))
    unknown = found["records"] - found[poor].records  # records that do not give their poor workers
    return Headcount(found[workers], found[poor], unknown)


def transports_total(*, user, **filters) -> Headcount:
    return _headcount(transports_for(user=user, **filters))


def employment_for(*, user, destination=None, in_east: bool | None = None, **filters):
    qs = records_filtered(EmploymentOutcome.objects.visible_to(user), EmploymentOutcome, **filters)
    if destination is not None:
        qs = qs.filter(destination=destination)
    if in_east is not None:
        qs = qs.filter(destination__in_east=in_east)
    return qs


def employment_total(*, user, **filters) -> Headcount:
    return _headcount(employment_for(user=user, **filters))


def employment_by_destination(*, user, **filters) -> list[tuple[DestinationClass, Headcount]]:
    qs = employment_for(user=user, **filters)
    kinds = DestinationClass.objects.filter(pk__in=qs.values("destination")).order_by("order", "code")
    return [(kind, _headcount(qs.filter(destination=kind))) for kind in kinds]


def employment_reported_stable(*, user, **filters) -> Headcount:
    """Workers the sources themselves call stably employed ("233 poor workers in stable jobs")."""
    return _headcount(employment_for(user=user, **filters).filter(reported_stable=True))


# ---------------------------------------------------------------- stable employment, derived


def stability_rule_for(year: int) -> StabilityRule | None:
    """The rule in force for ``year``: of those covering it, the one that started last."""
    rules = StabilityRule.objects.filter(year_from__lte=year).exclude(year_to__lt=year)
    return rules.order_by("-year_from", "-id").first()


@dataclass(frozen=True)
class StableEmployment:
    year: int
    rule: StabilityRule | None
    stable: Headcount  # derived by the rule from start and months kept
    not_stable: Headcount
    undetermined: Headcount  # records of the year whose start or months kept are unknown
    stable_references: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "rule": str(self.rule) if self.rule else None,
            "min_months": self.rule.min_months if self.rule else None,
            "counting": self.rule.counting if self.rule else None,
            "stable": self.stable.as_dict(), "not_stable": self.not_stable.as_dict(),
            "undetermined": self.undetermined.as_dict(), "stable_references": self.stable_references,
        }


def _sum_rows(rows: list[EmploymentOutcome]) -> Headcount:
    workers, poor, unknown = CountTotal(), CountTotal(), 0
    for r in rows:
        workers += count_part(r.workers, r.basis, r.qualifier_for("workers"), 1)
        if r.poor_workers is None:
            unknown += 1
        else:
            poor += count_part(r.poor_workers, r.basis, r.qualifier_for("poor_workers"), 1)
    return Headcount(workers, poor, unknown)


def employment_stable(*, user, year: int, rule: StabilityRule | None = None, **filters) -> StableEmployment:
    """Workers in stable employment in ``year`` under the rule for that year (or ``rule``).

    A job counts for the year it touches, whatever year it was filed under: one started in
    September 2019 and kept 8 months has 4 months in 2019 and 4 in 2020.
    """
    rule = rule or stability_rule_for(year)
    qs = employment_for(user=user, **filters)
    dated = qs.exclude(start=None).exclude(months_kept=None).filter(start__year__lte=year)
    stable, not_stable = [], []
    for outcome in dated:
        if rule is None:
            break
        held = rule.months_counted(start=outcome.start, months_kept=outcome.months_kept, year=year)
        last_year = (outcome.start.year * 12 + outcome.start.month - 2 + outcome.months_kept) // 12
        if last_year < year:
            continue  # the job ended before the year began
        (stable if held >= rule.min_months else not_stable).append(outcome)
    undetermined = list(qs.filter(year=year).exclude(pk__in=dated.values("pk")))
    if rule is None:
        undetermined += list(dated)
    return StableEmployment(
        year, rule, _sum_rows(stable), _sum_rows(not_stable), _sum_rows(undetermined),
        sorted(o.reference for o in stable),
    )

