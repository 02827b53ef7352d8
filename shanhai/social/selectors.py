from dataclasses import dataclass

from django.db.models import Count, Sum

from shanhai.core.money import format_money
from shanhai.core.records import Basis, MoneyTotal, money_total, qualifier_expr, without_parts
from shanhai.pairings.selectors import records_filtered

from .models import CareCentre, CharityDisbursement, CharityFund, CharityReceipt, Donation, Scholarship

# ---------------------------------------------------------------- donations


def donations_for(*, user, pairing=None, region_prefix: str = "", year: int | None = None, up_to_year: int | None = None):
    return records_filtered(
        Donation.objects.visible_to(user), Donation, pairing=pairing, region_prefix=region_prefix, year=year,
        up_to_year=up_to_year,
    )


def donations_total(*, user, **filters) -> MoneyTotal:
    """Donations valued in yuan (unvalued gifts in kind count as records, not as money)."""
    return money_total(donations_for(user=user, **filters).exclude(amount=None))


def donations_without_amount(*, user, **filters) -> dict[str, int]:
    """Gifts counted but not summed: cash whose amount the source does not give (金额不详) and goods
    not valued (未折价), each by the number of records."""
    qs = donations_for(user=user, **filters).filter(amount=None)
    return {"金额不详": qs.filter(amount_unknown=True).count(), "未折价": qs.filter(amount_unknown=False).count()}


# ---------------------------------------------------------------- charity funds


def charity_funds_for(*, user, pairing=None, region_prefix: str = "", roots_only: bool = False):
    qs = records_filtered(CharityFund.objects.visible_to(user), CharityFund, pairing=pairing, region_prefix=region_prefix)
    return qs.filter(parent=None) if roots_only else qs


def fund_subtree(fund: CharityFund) -> list[CharityFund]:
    """The fund and every sub-fund under it, breadth first."""
    out, level = [], [fund.pk]
    while level:
        nodes = list(CharityFund.objects.filter(pk__in=level).order_by("reference"))
        out.extend(nodes)
        level = list(CharityFund.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    return out


def _flows(model, *, user, fund=None, pairing=None, region_prefix="", year=None, up_to_year=None):
    qs = records_filtered(
        model.objects.visible_to(user), model, pairing=pairing, pairing_path="fund__pairing",
        region_prefix=region_prefix, year=year, up_to_year=up_to_year,
    )
    if fund is not None:
        qs = qs.filter(fund__in=[f.pk for f in fund_subtree(fund)])
    return qs


def charity_receipts_for(*, user, fund: CharityFund | None = None, **filters):
    """Receipts of ``fund`` and its sub-funds (or of every visible fund)."""
    return _flows(CharityReceipt, user=user, fund=fund, **filters)


def charity_disbursements_for(*, user, fund: CharityFund | None = None, **filters):
    return _flows(CharityDisbursement, user=user, fund=fund, **filters)


def charity_receipts_total(*, user, **filters) -> MoneyTotal:
    return money_total(charity_receipts_for(user=user, **filters))


def charity_disbursements_total(*, user, **filters) -> MoneyTotal:
    return money_total(charity_disbursements_for(user=user, **filters))


@dataclass(frozen=True)
class FundBalance:
    """A fund's receipts, disbursements and balance, its sub-funds rolled in.

    The balance is derived, never stored. A receipt known only as "more than" makes the balance
    "more than" too; a disbursement known only as "more than" makes it "at most".
    """

    fund: CharityFund
    receipts: MoneyTotal
    disbursements: MoneyTotal
    depth: int = 0  # 0 for the fund asked about, 1 for its sub-funds …

    @property
    def balance(self) -> int:
        return self.receipts.total - self.disbursements.total

    @property
    def bound(self) -> str:
        if self.receipts.at_least and self.disbursements.at_least:
            return "unknown"
        if self.receipts.at_least:
            return "at_least"
        if self.disbursements.at_least:
            return "at_most"
        return "exact"

    @property
    def balance_text(self) -> str:
        text = format_money(self.balance)
        return {
            "exact": text, "at_least": f"{text}以上", "at_most": f"不超过 {text}", "unknown": f"约 {text}（收支均为约数）",
        }[self.bound]

    def as_dict(self) -> dict:
        return {
            "fund": self.fund.reference, "name": self.fund.name,
            "parent": self.fund.parent.reference if self.fund.parent_id else None,
            "receipts": self.receipts.as_dict(), "disbursements": self.disbursements.as_dict(),
            "balance": self.balance, "balance_bound": self.bound, "balance_display": self.balance_text,
        }


def _totals_by_fund(model, *, user, fund_ids, year=None, up_to_year=None) -> dict[int, MoneyTotal]:
    qs = records_filtered(model.objects.visible_to(user).filter(fund__in=fund_ids), model, year=year, up_to_year=up_to_year)
    out: dict[int, MoneyTotal] = {}
    rows = (
        without_parts(qs).order_by().annotate(_q=qualifier_expr(model, "amount"))
        .values("fund_id", "basis", "_q").annotate(amount=Sum("amount"), n=Count("pk"))
    )
    for row in rows:
        amount = row["amount"] or 0
        aggregate = row["basis"] == Basis.AGGREGATE
        part = MoneyTotal(0 if aggregate else amount, amount if aggregate else 0, row["n"], row["_q"] or "")
        out[row["fund_id"]] = out.get(row["fund_id"], MoneyTotal()) + part
    return out


def fund_balances(*, user, fund: CharityFund, year: int | None = None, up_to_year: int | None = None) -> list[FundBalance]:
    """The fund rolled up (its sub-funds included), then each sub-fund rolled up, depth first.

    Two queries for the money however many sub-funds there are. ``up_to_year`` gives the balance
    at the end of that year; ``year``, that year's movements only.
    """
    nodes = fund_subtree(fund)
    ids = [n.pk for n in nodes]
    children: dict[int, list[CharityFund]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    receipts = _totals_by_fund(CharityReceipt, user=user, fund_ids=ids, year=year, up_to_year=up_to_year)
    paid = _totals_by_fund(CharityDisbursement, user=user, fund_ids=ids, year=year, up_to_year=up_to_year)

    out: list[FundBalance] = []

    def walk(node: CharityFund, depth: int) -> tuple[MoneyTotal, MoneyTotal]:
        position = len(out)
        out.append(None)  # keep the parent's row above its sub-funds; filled in below
        r, d = receipts.get(node.pk, MoneyTotal()), paid.get(node.pk, MoneyTotal())
        for child in children.get(node.pk, []):
            cr, cd = walk(child, depth + 1)
            r, d = r + cr, d + cd
        out[position] = FundBalance(node, r, d, depth)
        return r, d

    walk(nodes[0], 0)
    return out


def fund_balance(*, user, fund: CharityFund, **filters) -> FundBalance:
    """The fund's balance with every sub-fund rolled up into it."""
    return fund_balances(user=user, fund=fund, **filters)[0]


# ---------------------------------------------------------------- scholarships


def scholarships_for(*, user, pairing=None, region_prefix: str = ""):
    return records_filtered(Scholarship.objects.visible_to(user), Scholarship, pairing=pairing, region_prefix=region_prefix)


@dataclass(frozen=True)
class ScholarshipTotals:
    schemes: int
    capital: MoneyTotal
    students_supported: int
    camp_students: int

    def as_dict(self) -> dict:
        return {
            "schemes": self.schemes, "capital": self.capital.as_dict(),
            "students_supported": self.students_supported, "camp_students": self.camp_students,
        }


def scholarships_totals(*, user, **filters) -> ScholarshipTotals:
    qs = scholarships_for(user=user, **filters)
    sums = qs.aggregate(n=Count("pk"), students=Sum("students_supported"), camp=Sum("camp_students"))
    return ScholarshipTotals(
        sums["n"], money_total(qs.exclude(capital=None), field="capital"), sums["students"] or 0, sums["camp"] or 0
    )


# ---------------------------------------------------------------- care centres


def care_centres_for(*, user, pairing=None, region_prefix: str = ""):
    return records_filtered(CareCentre.objects.visible_to(user), CareCentre, pairing=pairing, region_prefix=region_prefix)


@dataclass(frozen=True)
class CareCentreTotals:
    centres: int
    cost: MoneyTotal
    dining_elders: int
    home_delivery_elders: int

    @property
    def elders_served(self) -> int:
        return self.dining_elders + self.home_delivery_elders

    def as_dict(self) -> dict:
        return {
            "centres": self.centres, "cost": self.cost.as_dict(), "dining_elders": self.dining_elders,
            "home_delivery_elders": self.home_delivery_elders, "elders_served": self.elders_served,
        }


def care_centres_totals(*, user, **filters) -> CareCentreTotals:
    qs = care_centres_for(user=user, **filters)
    sums = qs.aggregate(n=Count("pk"), dining=Sum("dining_elders"), delivered=Sum("home_delivery_elders"))
    return CareCentreTotals(
        sums["n"], money_total(qs.exclude(cost=None), field="cost"), sums["dining"] or 0, sums["delivered"] or 0
    )
