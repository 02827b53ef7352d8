"""Reads over projects, their funding, benefit links, distributions and assets (one figure, one selector)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from shanhai.core.money import format_money
from shanhai.core.records import Basis, CountTotal, qualifier_of_sum
from shanhai.core.units import UNITS, convert
from shanhai.pairings.selectors import records_filtered

from .models import (
    AssetIncome,
    BenefitLink,
    Distribution,
    DistributionLine,
    FundAllocation,
    Payment,
    Project,
    ProjectAsset,
    ProjectOutput,
    ProjectStatusChange,
)


def projects_for(
    *, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None,
    category=None, status: str = "",
):
    qs = records_filtered(
        Project.objects.visible_to(user), Project, pairing=pairing, region_prefix=region_prefix, year=year,
        up_to_year=up_to_year,
    )
    if category is not None:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    return qs


BENEFICIARY_FIELDS = ("towns", "villages", "households", "persons", "poor_households", "poor_persons")


@dataclass
class ProjectTotals:
    """Projects and their beneficiaries over a set of records, itemised and aggregate apart."""

    projects: CountTotal = field(default_factory=CountTotal)
    beneficiaries: dict[str, CountTotal] = field(default_factory=lambda: {f: CountTotal() for f in BENEFICIARY_FIELDS})
    records: int = 0

    def as_dict(self) -> dict:
        return {
            "projects": self.projects.as_dict(), "records": self.records,
            **{name: total.as_dict() for name, total in self.beneficiaries.items()},
        }


def projects_total(*, user, **filters) -> ProjectTotals:
    """How many projects, reaching how many households and persons (poor ones apart).

    A record inside an aggregate of the same selection (``part_of``, "其中") is not counted again:
    the aggregate already holds it. For a beneficiary figure the aggregate's own count is taken
    where it gives one, otherwise what its parts give.
    """
    rows = {
        r["pk"]: r for r in projects_for(user=user, **filters).values("pk", "part_of_id", "basis", "project_count", *BENEFICIARY_FIELDS)
    }
    children: dict[int, list[int]] = {}
    for row in rows.values():
        if row["part_of_id"] in rows:
            children.setdefault(row["part_of_id"], []).append(row["pk"])

    def figure(pk, name):
        own = rows[pk][name]
        if own is not None:
            return own
        return sum(figure(child, name) for child in children.get(pk, []))

    totals = ProjectTotals(records=len(rows))
    projects = {Basis.ITEMISED: 0, Basis.AGGREGATE: 0}
    people = {name: {Basis.ITEMISED: 0, Basis.AGGREGATE: 0} for name in BENEFICIARY_FIELDS}
    for pk, row in rows.items():
        if row["part_of_id"] in rows:
            continue
        projects[row["basis"]] += (row["project_count"] or 1) if row["basis"] == Basis.AGGREGATE else 1
        for name in BENEFICIARY_FIELDS:
            people[name][row["basis"]] += figure(pk, name)
    totals.projects = CountTotal(projects[Basis.ITEMISED], projects[Basis.AGGREGATE])
    totals.beneficiaries = {name: CountTotal(v[Basis.ITEMISED], v[Basis.AGGREGATE]) for name, v in people.items()}
    return totals


def project_status_history(*, project) -> list[ProjectStatusChange]:
    return list(project.status_changes.select_related("actor").order_by("recorded_at", "id"))


@dataclass(frozen=True)
class OutputRow:
    output: ProjectOutput
    conversions: list[str]  # "9.2 公顷", "92000 平方米" …


def _conversion_targets(unit: str) -> list[str]:
    """Other units of the same dimension, one per size (千克 is 公斤 again); counted things have none."""
    dimension, size = UNITS[unit]
    seen, targets = {size}, []
    for other, (dim, other_size) in UNITS.items():
        if dim == dimension and other_size not in seen:
            seen.add(other_size)
            targets.append(other)
    return targets


def project_outputs(*, project) -> list[OutputRow]:
    """Outputs with their quantity in the other units offices use, through the one converter."""
    return [
        OutputRow(o, [f"{convert(o.quantity, o.unit, target):f} {target}" for target in _conversion_targets(o.unit)])
        for o in project.outputs.all()
    ]


@dataclass(frozen=True)
class OutputTotal:
    """Outputs of one dimension over a set of projects, in one unit, by the projects' basis."""

    unit: str
    itemised: Decimal = Decimal(0)
    aggregate: Decimal = Decimal(0)
    records: int = 0
    qualifier: str = ""  # of the sum, by the one rule (core.records.qualifier_of_sum): 300余 + 5 = 305余

    @property
    def total(self) -> Decimal:
        return self.itemised + self.aggregate


def outputs_total(*, user, unit: str, what: str = "", **filters) -> OutputTotal:
    """"栽种105亩": every output of the selected projects measurable in ``unit`` (and, given ``what``,
    whose description contains it: "种植" leaves 土地流转 out), converted to it."""
    dimension = UNITS[unit][0]
    units = [u for u, (dim, _size) in UNITS.items() if dim == dimension]
    qs = ProjectOutput.objects.visible_to(user).filter(
        project__in=projects_for(user=user, **filters).values("pk"), unit__in=units
    )
    if what:
        qs = qs.filter(what__contains=what)
    parts = {Basis.ITEMISED: Decimal(0), Basis.AGGREGATE: Decimal(0)}
    records, qualifiers = 0, []
    for quantity, from_unit, basis, said in qs.values_list("quantity", "unit", "project__basis", "qualifiers"):
        parts[basis] += convert(quantity, from_unit, unit)
        records += 1
        qualifiers.append((said or {}).get("quantity", ""))
    return OutputTotal(
        unit, parts[Basis.ITEMISED].normalize(), parts[Basis.AGGREGATE].normalize(), records, qualifier_of_sum(qualifiers),
    )


@dataclass(frozen=True)
class Funding:
    """A project's (or a fund line's) allocations: the known amounts summed, the unknown counted."""

    rows: list[FundAllocation]
    known: int
    unknown: int

    @property
    def known_text(self) -> str:
        return format_money(self.known)


def _funding(qs) -> Funding:
    rows = list(qs.select_related("fund", "fund__kind", "project"))
    return Funding(rows, sum(a.amount for a in rows if a.amount is not None), sum(a.amount is None for a in rows))


def project_funding(*, project) -> Funding:
    return _funding(FundAllocation.objects.filter(project=project))


@dataclass(frozen=True)
class FundUse:
    funding: Funding
    amount: int | None

    @property
    def remaining(self) -> int | None:
        return None if self.amount is None else self.amount - self.funding.known


def fund_use(*, fund) -> FundUse:
    """How much of a fund line is allocated to projects, and how much is left."""
    return FundUse(_funding(FundAllocation.objects.filter(fund=fund)), fund.amount)


def project_benefit_links(*, project) -> list[BenefitLink]:
    return list(project.benefit_links.select_related("rule"))


@dataclass(frozen=True)
class LineRow:
    line: DistributionLine
    paid: int

    @property
    def owed(self) -> int:
        return self.line.amount - self.paid


def distribution_lines(*, distribution) -> list[LineRow]:
    """Each line with what has been paid against it and what is still owed."""
    paid = dict(
        Payment.objects.filter(line__distribution=distribution).order_by().values("line_id").annotate(t=Sum("amount")).values_list("line_id", "t")
    )
    return [LineRow(line, paid.get(line.pk, 0)) for line in distribution.lines.all()]


@dataclass(frozen=True)
class Balance:
    """A distribution's payment ledger: the lines add up to the profit, and paid + owed to the lines."""

    profit: int
    allocated: int
    paid: int
    owed: int
    lines: int

    @property
    def balanced(self) -> bool:
        return self.allocated == self.profit and self.paid + self.owed == self.allocated

    @property
    def settled(self) -> bool:
        return self.balanced and self.owed == 0

    def as_dict(self) -> dict:
        return {
            "profit": self.profit, "allocated": self.allocated, "paid": self.paid, "owed": self.owed,
            "lines": self.lines, "balanced": self.balanced, "settled": self.settled,
        }


def distribution_balance(*, distribution) -> Balance:
    rows = distribution_lines(distribution=distribution)
    return Balance(
        profit=distribution.profit,
        allocated=sum(r.line.amount for r in rows),
        paid=sum(r.paid for r in rows),
        owed=sum(r.owed for r in rows),
        lines=len(rows),
    )


def distribution_payments(*, distribution) -> list[Payment]:
    return list(Payment.objects.filter(line__distribution=distribution).select_related("line").order_by("date", "id"))


def project_distributions(*, project) -> list[Distribution]:
    return list(project.distributions.select_related("rule"))


def project_assets(*, project) -> list[ProjectAsset]:
    return list(project.assets.all())


def asset_incomes(*, asset) -> list[AssetIncome]:
    return list(asset.incomes.select_related("distribution"))
