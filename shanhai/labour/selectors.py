"""Reads over the labour ledgers: one figure, one selector; itemised and aggregate kept apart.

Stable employment is derived here, from each record's start and months kept, by the rule the
national office holds for the year (``StabilityRule``); what a source merely *calls* stable is
counted apart, and so are the workers whose months are unknown — never guessed either way.
"""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, ExpressionWrapper, F, IntegerField, Q, Sum, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least

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
    StabilityCounting,
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


# What each record of a year is, for the stable-employment figure (an SQL CASE, no instances read).
_STABLE, _NOT_STABLE, _UNDETERMINED = "stable", "not_stable", "undetermined"


def _qualifier_of(field_name: str):
    """SQL for ``EmploymentOutcome.qualifier_for(field_name)``: the number's own qualifier where
    ``qualifiers`` names it (even as ""), else the row's 数额限定 for the main figure."""
    fallback = F("qualifier") if field_name == EmploymentOutcome.main_figure else Value("")
    return Coalesce(KeyTextTransform(field_name, "qualifiers"), fallback, output_field=CharField())


def _months_held(rule: StabilityRule, first, last, year: int):
    """``StabilityRule.months_counted`` in SQL, for jobs that touch ``year`` (start month ``first``,
    last month held ``last``, both as year × 12 + month − 1)."""
    year_first, year_last = Value(year * 12), Value(year * 12 + 11)
    if rule.counting == StabilityCounting.IN_YEAR:
        return Greatest(Value(0), Least(last, year_last) - Greatest(first, year_first) + Value(1))
    return Least(last, year_last) - first + Value(1)


def employment_stable(*, user, year: int, rule: StabilityRule | None = None, **filters) -> StableEmployment:
    """Workers in stable employment in ``year`` under the rule for that year (or ``rule``).

    A job counts for the year it touches, whatever year it was filed under: one started in
    September 2019 and kept 8 months has 4 months in 2019 and 4 in 2020.

    The database sorts and adds the records (stable, not stable, undetermined) in one grouped query
    and lists the stable ones' references in another; every record of the selection counts (a
    record inside another's total included), as each always has here.
    """
    rule = rule or stability_rule_for(year)
    qs = employment_for(user=user, **filters)
    dated = Q(start__isnull=False, months_kept__isnull=False, start__year__lte=year)
    first = ExpressionWrapper(ExtractYear("start") * 12 + ExtractMonth("start") - 1, output_field=IntegerField())
    last = ExpressionWrapper(first + F("months_kept") - 1, output_field=IntegerField())
    if rule is None:
        # Without a rule nothing is decided: the year's records and every dated one up to it.
        kind = Value(_UNDETERMINED)
        qs = qs.filter(Q(year=year) | dated)
    else:
        # A dated job that ended before the year began is no part of the year's figure.
        qs = qs.annotate(_last=last).filter((Q(year=year) & ~dated) | (dated & Q(_last__gte=year * 12)))
        kind = Case(
            When(~dated, then=Value(_UNDETERMINED)),
            When(Q(_held__gte=rule.min_months), then=Value(_STABLE)),
            default=Value(_NOT_STABLE),
        )
        qs = qs.annotate(_held=_months_held(rule, first, F("_last"), year))
    rows = (
        qs.order_by().annotate(_kind=kind, _qw=_qualifier_of("workers"), _qp=_qualifier_of("poor_workers"))
        .values("_kind", "basis", "_qw", "_qp")
        .annotate(_records=Count("pk"), _workers=Sum("workers"), _poor=Sum("poor_workers"), _poor_records=Count("poor_workers"))
    )
    found = {name: [CountTotal(), CountTotal(), 0] for name in (_STABLE, _NOT_STABLE, _UNDETERMINED)}
    for row in rows:
        heads = found[row["_kind"]]
        heads[0] += count_part(row["_workers"] or 0, row["basis"], row["_qw"] or "", row["_records"])
        if row["_poor_records"]:
            heads[1] += count_part(row["_poor"] or 0, row["basis"], row["_qp"] or "", row["_poor_records"])
        heads[2] += row["_records"] - row["_poor_records"]
    references = []
    if rule is not None:
        references = sorted(qs.filter(dated, _held__gte=rule.min_months).order_by().values_list("reference", flat=True))
    return StableEmployment(
        year, rule, *(Headcount(*found[name]) for name in (_STABLE, _NOT_STABLE, _UNDETERMINED)), references,
    )
