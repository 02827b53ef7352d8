"""Reads over the education and health ledgers: one figure, one selector; itemised and aggregate apart.

School and health-centre coverage are the pairing machinery's own figures (``pairings.selectors.coverage``
with the targets "schools" and "health_centres"); they are composed here, never recounted.
"""

from dataclasses import dataclass

from django.db.models import Count

from shanhai.core.records import CountTotal, count_total
from shanhai.pairings.selectors import Coverage, coverage, records_filtered

from .models import HospitalGoal, HostClass, OneOneOne

# ---------------------------------------------------------------- coverage, from the pairings


def school_coverage(*, region, year: int, within=None) -> Coverage:
    """Schools of ``region`` paired (55 of 55 in Bijiang): the pairings' coverage of target "schools"."""
    return coverage(target="schools", region=region, year=year, within=within)


def health_centre_coverage(*, region, year: int, within=None) -> Coverage:
    """Township health centres paired (15 of 15 in Bijiang): target "health_centres"."""
    return coverage(target="health_centres", region=region, year=year, within=within)


# ---------------------------------------------------------------- host classes


def host_classes_for(*, user, **filters):
    return records_filtered(HostClass.objects.visible_to(user), HostClass, **filters).select_related("school")


@dataclass(frozen=True)
class HostClassTotals:
    classes: int
    students: CountTotal
    poor_students: CountTotal
    students_unknown: int  # classes whose enrolment the source does not give

    def as_dict(self) -> dict:
        return {
            "classes": self.classes, "students": self.students.as_dict(), "poor_students": self.poor_students.as_dict(),
            "students_unknown": self.students_unknown,
        }


def host_classes_totals(*, user, **filters) -> HostClassTotals:
    qs = host_classes_for(user=user, **filters)
    n = qs.aggregate(n=Count("pk"), known=Count("students"))
    return HostClassTotals(
        n["n"], count_total(qs, "students"), count_total(qs, "poor_students"), n["n"] - n["known"]
    )


# ---------------------------------------------------------------- 1+1+1


def one_one_one_for(*, user, host_class=None, **filters):
    qs = records_filtered(OneOneOne.objects.visible_to(user), OneOneOne, **filters)
    if host_class is not None:
        qs = qs.filter(host_class=host_class)
    return qs.select_related("host_class", "host_school")


@dataclass(frozen=True)
class OneOneOneTotals:
    """The scheme's three figures. Each counts only the records that give it; ``*_unknown`` says how
    many records leave it unknown (so "31 children, parents unknown" never reads as "0 parents")."""

    records: int
    children: CountTotal
    poor_children: CountTotal
    parents_employed: CountTotal
    households_exited: CountTotal
    parents_unknown: int
    households_unknown: int

    def as_dict(self) -> dict:
        return {
            "records": self.records, "children": self.children.as_dict(), "poor_children": self.poor_children.as_dict(),
            "parents_employed": self.parents_employed.as_dict(), "households_exited": self.households_exited.as_dict(),
            "parents_unknown": self.parents_unknown, "households_unknown": self.households_unknown,
        }


def one_one_one_totals(*, user, **filters) -> OneOneOneTotals:
    qs = one_one_one_for(user=user, **filters)
    n = qs.aggregate(n=Count("pk"), parents=Count("parents_employed"), households=Count("households_exited"))
    return OneOneOneTotals(
        n["n"], count_total(qs, "children"), count_total(qs, "poor_children"), count_total(qs, "parents_employed"),
        count_total(qs, "households_exited"), n["n"] - n["parents"], n["n"] - n["households"],
    )


# ---------------------------------------------------------------- hospital goals


def hospital_goals_for(*, user, pairing=None, region_prefix: str = "", due_by: int | None = None):
    qs = records_filtered(HospitalGoal.objects.visible_to(user), HospitalGoal, pairing=pairing, region_prefix=region_prefix)
    if due_by is not None:
        qs = qs.filter(due_year__lte=due_by)
    return qs.select_related("helper", "helped", "pairing")
