from dataclasses import dataclass, field

from django.db.models import Count, Sum

from shanhai.core.records import (
    Basis,
    CountTotal,
    MoneyTotal,
    count_part,
    money_total,
    qualifier_expr,
    totals,
    without_parts,
)
from shanhai.pairings.selectors import records_filtered

from .models import AmountKind, Park, ParkCreditLine, SigningEvent, SigningLine, SigningType, WestEnterprise

# ---------------------------------------------------------------- counts, itemised and aggregate apart


def _money_part(fen: int, basis: str, qualifier: str, records: int) -> MoneyTotal:
    aggregate = basis == Basis.AGGREGATE
    return MoneyTotal(0 if aggregate else fen, fen if aggregate else 0, records, qualifier or "")


# ---------------------------------------------------------------- parks


def parks_for(*, user, pairing=None, region_prefix: str = ""):
    return records_filtered(Park.objects.visible_to(user), Park, pairing=pairing, region_prefix=region_prefix)


def park_credit_lines_for(*, user, park: Park | None = None, pairing=None, region_prefix: str = ""):
    qs = records_filtered(
        ParkCreditLine.objects.visible_to(user), ParkCreditLine, pairing=pairing, pairing_path="park__pairing",
        region_prefix=region_prefix,
    )
    return qs.filter(park=park) if park is not None else qs


def park_credit_total(*, user, **filters) -> MoneyTotal:
    return money_total(park_credit_lines_for(user=user, **filters))


def west_enterprises_for(
    *, user, park: Park | None = None, pairing=None, region_prefix: str = "", year: int | None = None,
    up_to_year: int | None = None,
):
    qs = records_filtered(
        WestEnterprise.objects.visible_to(user), WestEnterprise, pairing=pairing, region_prefix=region_prefix,
        year=year, up_to_year=up_to_year,
    )
    if park is not None:
        qs = qs.filter(park=park)
    return qs


@dataclass(frozen=True)
class EnterpriseTotals:
    enterprises: CountTotal
    pledged_investment: MoneyTotal
    actual_investment: MoneyTotal
    jobs: CountTotal
    poor_employed: CountTotal

    def as_dict(self) -> dict:
        return {name: getattr(self, name).as_dict() for name in self.__dataclass_fields__}


def west_enterprises_totals(*, user, **filters) -> EnterpriseTotals:
    """Enterprises brought west (named ones plus counted remainders) and what they invested and employ."""
    found = totals(
        west_enterprises_for(user=user, **filters),
        counts=("count", "jobs", "poor_employed"), money=("pledged_investment", "actual_investment"),
    )
    return EnterpriseTotals(
        enterprises=found["count"], pledged_investment=found["pledged_investment"],
        actual_investment=found["actual_investment"], jobs=found["jobs"], poor_employed=found["poor_employed"],
    )


@dataclass(frozen=True)
class ParkFigures:
    park: Park
    credit: MoneyTotal
    enterprises: EnterpriseTotals
    named_enterprises: list = field(default_factory=list)

    def as_dict(self) -> dict:
        park = self.park
        return {
            "park": park.reference, "name": park.name, "pairing": park.pairing.reference if park.pairing_id else None,
            "start_area_km2": None if park.start_area is None else format(park.start_area, "f"),
            "start_area_mu": None if park.start_area is None else format(park.start_area_mu, "f"),
            "start_area_display": park.start_area_text,
            "company_name": park.company_name, "company_capital": park.company_capital,
            "company_capital_display": park.company_capital_text,
            "credit_lines": self.credit.as_dict(), "enterprises": self.enterprises.as_dict(),
            "named_enterprises": [e.name for e in self.named_enterprises],
        }


def park_figures(*, user, park: Park) -> ParkFigures:
    enterprises = west_enterprises_for(user=user, park=park)
    return ParkFigures(
        park=park,
        credit=park_credit_total(user=user, park=park),
        enterprises=west_enterprises_totals(user=user, park=park),
        named_enterprises=list(enterprises.filter(basis=Basis.ITEMISED).order_by("reference")),
    )


# ---------------------------------------------------------------- signings


def signing_events_for(*, user, pairing=None, region_prefix: str = "", year: int | None = None):
    qs = records_filtered(SigningEvent.objects.visible_to(user), SigningEvent, pairing=pairing, region_prefix=region_prefix)
    return qs.filter(start_date__year=year) if year is not None else qs


def signing_lines_for(
    *, user, event: SigningEvent | None = None, pairing=None, region_prefix: str = "", year: int | None = None,
    up_to_year: int | None = None,
):
    qs = records_filtered(
        SigningLine.objects.visible_to(user), SigningLine, pairing=pairing, pairing_path="event__pairing",
        region_prefix=region_prefix,
    )
    if event is not None:
        qs = qs.filter(event=event)
    if year is not None:
        qs = qs.filter(event__start_date__year=year)
    if up_to_year is not None:
        qs = qs.filter(event__start_date__year__lte=up_to_year)
    return qs


@dataclass(frozen=True)
class SigningTypeTotal:
    line_type: str
    label: str
    projects: CountTotal
    amount: MoneyTotal
    agreements: CountTotal
    amount_kinds: tuple[str, ...] = ()  # 投资额 / 采购额, as the lines state them

    def as_dict(self) -> dict:
        return {
            "type": self.line_type, "label": self.label, "projects": self.projects.as_dict(),
            "amount": self.amount.as_dict(), "amount_kinds": list(self.amount_kinds), "agreements": self.agreements.as_dict(),
        }


@dataclass(frozen=True)
class SigningTotals:
    by_type: list[SigningTypeTotal]

    @property
    def projects(self) -> CountTotal:
        return sum((t.projects for t in self.by_type), CountTotal())

    @property
    def amount(self) -> MoneyTotal:
        total = MoneyTotal()
        for t in self.by_type:
            total += t.amount
        return total

    @property
    def agreements(self) -> CountTotal:
        return sum((t.agreements for t in self.by_type), CountTotal())

    def of(self, line_type: str) -> SigningTypeTotal | None:
        return next((t for t in self.by_type if t.line_type == line_type), None)

    def as_dict(self) -> dict:
        return {
            "projects": self.projects.as_dict(), "amount": self.amount.as_dict(), "agreements": self.agreements.as_dict(),
            "by_type": [t.as_dict() for t in self.by_type],
        }


def signing_totals(*, user, **filters) -> SigningTotals:
    """Projects, amounts and agreements signed, per type and in all (seed 003: 26 = 19 + 7; 27 亿 = 23 + 4)."""
    rows = (
        without_parts(signing_lines_for(user=user, **filters)).order_by()
        .annotate(
            q_projects=qualifier_expr(SigningLine, "projects"), q_amount=qualifier_expr(SigningLine, "amount"),
            q_agreements=qualifier_expr(SigningLine, "agreements"),
        )
        .values("line_type", "basis", "q_projects", "q_amount", "q_agreements", "amount_kind")
        .annotate(
            sum_projects=Sum("projects"), n_projects=Count("projects"), sum_amount=Sum("amount"), n_amount=Count("amount"),
            sum_agreements=Sum("agreements"), n_agreements=Count("agreements"),
        )
    )
    parts: dict[str, dict] = {}
    for row in rows:
        p = parts.setdefault(row["line_type"], {"projects": CountTotal(), "amount": MoneyTotal(), "agreements": CountTotal(), "kinds": []})
        basis = row["basis"]
        if row["n_projects"]:
            p["projects"] += count_part(row["sum_projects"] or 0, basis, row["q_projects"], row["n_projects"])
        if row["n_agreements"]:
            p["agreements"] += count_part(row["sum_agreements"] or 0, basis, row["q_agreements"], row["n_agreements"])
        if row["n_amount"]:
            p["amount"] += _money_part(row["sum_amount"] or 0, basis, row["q_amount"], row["n_amount"])
        if row["amount_kind"] and row["amount_kind"] not in p["kinds"]:
            p["kinds"].append(row["amount_kind"])
    kind_labels = dict(AmountKind.choices)
    return SigningTotals([
        SigningTypeTotal(
            value, str(label), parts[value]["projects"], parts[value]["amount"], parts[value]["agreements"],
            tuple(str(kind_labels[k]) for k in parts[value]["kinds"]),
        )
        for value, label in SigningType.choices if value in parts
    ])
