import datetime
from dataclasses import dataclass

from shanhai.core.records import CountTotal, EventCount, count_events, count_total
from shanhai.pairings.selectors import pairing_subtree_ids, records_filtered

from .models import QuotaPlan, TalentPlacement, TrainingBatch


def _filtered(qs, model, *, kind=None, direction=None, **filters):
    """``kind``: one talent kind, or a list of them (the six tens' professionals together)."""
    qs = records_filtered(qs, model, **filters)
    if isinstance(kind, list | tuple):
        qs = qs.filter(kind__in=kind)
    elif kind is not None:
        qs = qs.filter(kind=kind)
    if direction is not None:
        qs = qs.filter(direction=direction)
    return qs


# ---------------------------------------------------------------- placements


def placements_for(*, user, **filters):
    return _filtered(TalentPlacement.objects.visible_to(user), TalentPlacement, **filters)


def placements_total(*, user, **filters) -> CountTotal:
    """People sent (named persons itemised, counted groups aggregate)."""
    return count_total(placements_for(user=user, **filters), "persons")


def placements_serving(*, user, on: datetime.date, **filters):
    """Placements in post on ``on``: started by then (or start unknown but reported for a year up to
    then) and not yet ended."""
    from django.db.models import Q

    qs = placements_for(user=user, **filters)
    started = Q(start_date__lte=on) | Q(start_date=None, year__lte=on.year)
    return qs.filter(started).filter(Q(end_date=None) | Q(end_date__gte=on))


# ---------------------------------------------------------------- quota plans


def quota_plans_for(*, user, pairing=None, region_prefix: str = "", year: int | None = None):
    qs = QuotaPlan.objects.visible_to(user).select_related("kind", "pairing")
    if pairing is not None:
        qs = qs.filter(pairing__in=pairing_subtree_ids(pairing))
    if region_prefix:
        qs = qs.filter(QuotaPlan.scope_q(prefix=region_prefix, side=""))
    if year is not None:
        from django.db.models import Q

        qs = qs.filter(first_year__lte=year).filter(Q(last_year=None) | Q(last_year__gte=year))
    return qs


@dataclass(frozen=True)
class QuotaCompletion:
    """One plan in one year: the target and the people recorded against it.

    ``done.records == 0`` means nothing is recorded for that year: completion unknown, not zero.
    """

    plan: QuotaPlan
    year: int
    done: CountTotal

    @property
    def target(self) -> int:
        return self.plan.target

    @property
    def known(self) -> bool:
        return self.done.records > 0

    @property
    def rate(self) -> float | None:
        """Completion as a percentage (one decimal), or None while nothing is recorded."""
        return round(100 * self.done.total / self.target, 1) if self.known else None

    @property
    def done_text(self) -> str:
        return str(self.done) if self.known else "未登记"

    @property
    def rate_text(self) -> str:
        return f"{self.rate:g}%" if self.known else "—"

    def as_dict(self) -> dict:
        return {
            "plan": self.plan.reference, "kind": self.plan.kind.name, "year": self.year, "target": self.target,
            "done": self.done.as_dict() if self.known else None, "rate": self.rate,
            "done_display": self.done_text, "rate_display": self.rate_text,
        }


def quota_completion(*, user, plan: QuotaPlan, year: int) -> QuotaCompletion:
    """Placements of the plan's kind and direction, counted in ``year``, filed under the plan's pairing
    or a pairing nested in it, that ``user`` may see."""
    done = placements_total(user=user, pairing=plan.pairing, year=year, kind=plan.kind, direction=plan.direction)
    return QuotaCompletion(plan, year, done)


def quota_years(plan: QuotaPlan, *, up_to_year: int | None = None) -> list[int]:
    last = plan.last_year or up_to_year or datetime.date.today().year
    if up_to_year is not None:
        last = min(last, up_to_year)
    return list(range(plan.first_year, last + 1))


def quota_completions(*, user, plan: QuotaPlan, up_to_year: int | None = None) -> list[QuotaCompletion]:
    return [quota_completion(user=user, plan=plan, year=y) for y in quota_years(plan, up_to_year=up_to_year)]


def pairing_quota_completion(*, user, pairing, year: int) -> list[QuotaCompletion]:
    """Every plan in force for ``pairing`` (and the pairings nested in it) in ``year``, with its completion."""
    return [quota_completion(user=user, plan=p, year=year) for p in quota_plans_for(user=user, pairing=pairing, year=year)]


def quota_target_total(*, user, pairing, year: int) -> int:
    """People a year the plans in force ask for (the six tens: 6 × 10 = 60)."""
    return sum(p.target for p in quota_plans_for(user=user, pairing=pairing, year=year))


# ---------------------------------------------------------------- training


def trainings_for(*, user, **filters):
    return _filtered(TrainingBatch.objects.visible_to(user), TrainingBatch, **filters)


@dataclass(frozen=True)
class TrainingTotals:
    """Batches (期数) and person-times (人次) as events: an aggregate that does not give them is counted
    apart ("期数未载 N 条"), never as 1 期; persons and poor persons where the records give them."""

    batches: EventCount
    persons: CountTotal
    person_times: EventCount
    poor_persons: CountTotal

    def as_dict(self) -> dict:
        return {name: getattr(self, name).as_dict() for name in ("batches", "persons", "person_times", "poor_persons")}


def trainings_total(*, user, **filters) -> TrainingTotals:
    qs = trainings_for(user=user, **filters)
    return TrainingTotals(
        batches=count_events(qs, "batches"),
        persons=count_total(qs, "persons"),
        person_times=count_events(qs, "person_times", itemised_default=None),
        poor_persons=count_total(qs, "poor_persons"),
    )
