"""The 622 distribution: a profit split to the fen, down to each household, with a payment ledger.

The split is Hamilton's largest-remainder method, first across the rule's classes, then within the
household class across households; ties go to the earlier part. The parts always add up to the
profit exactly, and no part is a fen or more away from its exact share.
"""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from shanhai.core.services import StillReferenced
from shanhai.projects.models import DistributionRule, Project
from shanhai.projects.selectors import distribution_balance, distribution_lines
from shanhai.projects.services import (
    distribution_create,
    distribution_delete,
    distribution_split,
    distribution_update,
    largest_remainder,
    payment_create,
)

P622 = [("poor_households", Decimal(60)), ("village_collective", Decimal(20)), ("reinvestment", Decimal(20))]


# ---------------------------------------------------------------- the method, without a database


def test_largest_remainder_by_hand():
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]  # the tie goes to the first
    assert largest_remainder(1, [60, 20, 20]) == [1, 0, 0]  # 0.6, 0.2, 0.2: the largest remainder
    assert largest_remainder(2, [60, 20, 20]) == [1, 1, 0]  # 1.2, 0.4, 0.4: tie between the last two
    assert largest_remainder(0, [3, 1]) == [0, 0]
    with pytest.raises(ValueError):
        largest_remainder(10, [0, 0])


@st.composite
def split_cases(draw):
    profit = draw(st.integers(min_value=0, max_value=10**12))
    households = draw(st.integers(min_value=1, max_value=2000))
    weighted = draw(st.booleans())
    weights = None
    if weighted:
        # shares or 亩 with up to 2 decimals; some households may hold none, but not all
        weights = draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=households, max_size=households))
        if not any(weights):
            weights[draw(st.integers(0, households - 1))] = 1
        weights = [Decimal(w) / 100 for w in weights]
    # the 622 rule, or any rule: 1–5 classes whose percentages (2 decimals) add up to 100
    if draw(st.booleans()):
        shares = P622
    else:
        cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=0, max_size=4, unique=True)))
        bounds = [0, *cuts, 10000]
        percents = [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]
        others = ["village_collective", "reinvestment", "cooperative", "other"]
        position = draw(st.integers(0, len(percents) - 1))
        classes = others[:position] + ["poor_households"] + others[position:len(percents) - 1]
        shares = list(zip(classes, percents, strict=True))
    return profit, households, weights, shares


@settings(max_examples=150, deadline=None)
@given(split_cases())
def test_parts_sum_to_the_profit_and_each_is_within_a_fen(case):
    profit, households, weights, shares = case
    lines = distribution_split(profit=profit, shares=shares, household_count=households, weights=weights)
    assert sum(line.amount for line in lines) == profit
    assert all(line.amount >= 0 for line in lines)

    # across classes: each class's part within a fen of its percentage of the profit
    total_percent = sum(p for _, p in shares)
    class_parts = {}
    for line in lines:
        class_parts[line.recipient_class] = class_parts.get(line.recipient_class, 0) + line.amount
    for recipient_class, percent in shares:
        exact = Fraction(profit) * Fraction(percent) / Fraction(total_percent)
        assert abs(class_parts[recipient_class] - exact) < 1

    # within the household class: each household within a fen of its share of that part
    household_lines = [line for line in lines if line.household_no is not None]
    assert [line.household_no for line in household_lines] == list(range(1, households + 1))
    part = class_parts["poor_households"]
    household_weights = [Fraction(w) for w in weights] if weights else [Fraction(1)] * households
    whole = sum(household_weights)
    for line, weight in zip(household_lines, household_weights, strict=True):
        assert abs(line.amount - Fraction(part) * weight / whole) < 1


def test_622_of_12345_67_yuan_over_188_households_by_hand():
    # 1,234,567 fen × 60 % = 740,740.2; × 20 % = 246,913.4 twice. Rounded down: 740,740 + 246,913 +
    # 246,913 = 1,234,566, one fen over; the largest remainders are the two .4s, tied: the earlier
    # class, the village collective, takes it.
    lines = distribution_split(profit=1_234_567, shares=P622, household_count=188)
    by_class = {}
    for line in lines:
        by_class[line.recipient_class] = by_class.get(line.recipient_class, 0) + line.amount
    assert by_class == {"poor_households": 740_740, "village_collective": 246_914, "reinvestment": 246_913}
    # 740,740 fen over 188 households: 3,940 each is 740,720; the 20 fen left go to households 1–20.
    households = [line.amount for line in lines if line.household_no]
    assert households == [3941] * 20 + [3940] * 168


# ---------------------------------------------------------------- through the services and the ledger


@pytest.fixture
def blueberry(db):
    return Project.objects.get(reference="KS-BJ-PRJ-BLUEBERRY")


@pytest.fixture
def rule_622(db):
    return DistributionRule.objects.get(code="622")


@pytest.mark.django_db
def test_done_when_622_of_12345_67_over_188_households_pays_out_and_balances(demo_users, blueberry, rule_622, client_for):
    bijiang = demo_users["bijiang"]
    d = distribution_create(
        actor=bijiang, reference="KS-BJ-XH-2020", project=blueberry, year=2020, profit=1_234_567, rule=rule_622,
        household_count=188,
    )
    rows = distribution_lines(distribution=d)
    assert len(rows) == 190  # 188 households, the village collective, reinvestment
    assert [r.line.amount for r in rows if r.line.household_no] == [3941] * 20 + [3940] * 168
    assert {r.line.get_recipient_class_display(): r.line.amount for r in rows if not r.line.household_no} == {
        "村集体经济": 246_914, "再投入": 246_913,
    }
    balance = distribution_balance(distribution=d)
    assert (balance.profit, balance.allocated, balance.paid, balance.owed, balance.balanced) == (1_234_567, 1_234_567, 0, 1_234_567, True)

    # pay household 1 in two instalments, then everybody the rest
    first = rows[0].line
    payment_create(actor=bijiang, line=first, date=datetime.date(2021, 1, 20), amount=2000)
    assert distribution_balance(distribution=d).owed == 1_234_567 - 2000
    with pytest.raises(ValidationError) as exc:
        payment_create(actor=bijiang, line=first, date=datetime.date(2021, 1, 21), amount=1942)  # 1,941 fen are owed
    assert "超出应付余额" in str(exc.value)
    for row in distribution_lines(distribution=d):
        if row.owed:
            payment_create(actor=bijiang, line=row.line, date=datetime.date(2021, 1, 25), amount=row.owed)
    balance = distribution_balance(distribution=d)
    assert (balance.paid, balance.owed, balance.balanced, balance.settled) == (1_234_567, 0, True, True)

    page = client_for("bijiang").get(f"/distributions/{d.pk}/").content.decode()
    assert "12,345.67 元" in page and "39.41 元" in page and "39.4 元" in page and "已全部付清" in page
    assert "平衡" in page and page.count("KS-BJ-XH-2020#") == 190


@pytest.mark.django_db
def test_distribution_through_the_api_and_payment_by_line_reference(client_for, blueberry):
    client = client_for("bijiang")
    response = client.post("/api/distributions/", {
        "reference": "API-D-1", "project": "KS-BJ-PRJ-BLUEBERRY", "year": 2021, "profit": 1000, "rule": "622",
        "household_count": 3,
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    # 600 fen over 3 households, 200 each; 200 to the collective, 200 reinvested
    response = client.post("/api/payments/", {"line": "API-D-1#4", "date": "2021-02-01", "amount": 200}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["line"] == "API-D-1#4"
    response = client.post("/api/payments/", {"line": "API-D-1#4", "date": "2021-02-02", "amount": 1}, content_type="application/json")
    assert response.status_code == 400 and "超出应付余额" in response.content.decode()


@pytest.mark.django_db
def test_weighted_by_land(demo_users, blueberry):
    rule = DistributionRule.objects.get(code="622-land")
    d = distribution_create(
        actor=demo_users["bijiang"], reference="KS-BJ-XH-LAND", project=blueberry, year=2020, profit=10_000, rule=rule,
        household_count=3, weights="1.5, 2.5，2",
    )
    # 6,000 fen to households by 亩 1.5 : 2.5 : 2 → 1,500, 2,500, 2,000
    assert [r.line.amount for r in distribution_lines(distribution=d) if r.line.household_no] == [1500, 2500, 2000]
    with pytest.raises(ValidationError) as exc:
        distribution_create(
            actor=demo_users["bijiang"], reference="KS-BJ-XH-LAND-2", project=blueberry, year=2020, profit=10_000, rule=rule,
            household_count=3, weights="1, 2",
        )
    assert "须按户序填写 3 户的份额" in str(exc.value)


@pytest.mark.django_db
def test_rules_must_add_to_100_and_households_may_not_exceed_the_linked_poor(demo_users, blueberry, rule_622):
    bad = DistributionRule.objects.create(code="bad", name="错误规则")
    bad.shares.create(recipient_class="poor_households", percent=Decimal(60))
    bad.shares.create(recipient_class="village_collective", percent=Decimal("39.99"))
    with pytest.raises(ValidationError) as exc:
        distribution_create(actor=demo_users["bijiang"], reference="BAD-1", project=blueberry, year=2020, profit=100, rule=bad, household_count=2)
    assert "99.99" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        distribution_create(actor=demo_users["bijiang"], reference="BAD-2", project=blueberry, year=2020, profit=100, rule=rule_622, household_count=189)
    assert "188 户" in str(exc.value)


@pytest.mark.django_db
def test_paid_distribution_keeps_its_basis(demo_users, blueberry, rule_622):
    bijiang = demo_users["bijiang"]
    d = distribution_create(actor=bijiang, reference="KS-BJ-XH-P", project=blueberry, year=2020, profit=900, rule=rule_622, household_count=2)
    d = distribution_update(actor=bijiang, obj=d, profit=1000)  # nothing paid yet: lines are recomputed
    assert distribution_balance(distribution=d).allocated == 1000
    payment_create(actor=bijiang, line=d.lines.get(number=1), date=datetime.date(2021, 1, 1), amount=100)
    with pytest.raises(ValidationError):
        distribution_update(actor=bijiang, obj=d, profit=2000)
    distribution_update(actor=bijiang, obj=d, note="已公示")  # particulars may still change
    with pytest.raises(StillReferenced):
        distribution_delete(actor=bijiang, obj=d)


@pytest.mark.django_db
def test_out_of_scope_distribution_refused(demo_users, blueberry, rule_622):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        distribution_create(actor=demo_users["zhangjiagang"], reference="X-D", project=blueberry, year=2020, profit=1, rule=rule_622, household_count=1)
