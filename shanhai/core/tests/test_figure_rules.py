"""The rules every figure shares: the qualifier of a sum, a number's own qualifier, totals with their
parts taken once, spans of years (core/records.py)."""

import pytest
from django.core.exceptions import ValidationError

from shanhai.core.records import (
    Qualifier,
    count_total,
    money_total,
    qualified,
    qualifier_of_sum,
    split_qualifier,
)
from shanhai.funds.models import Fund, FundKind
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

Q = Qualifier


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((), Q.EXACT),
        ((Q.EXACT, Q.EXACT), Q.EXACT),
        ((Q.EXACT, Q.OVER), Q.OVER),  # 100 + 300余 = 400余
        ((Q.OVER, Q.OVER), Q.OVER),
        ((Q.OVER, Q.AT_LEAST), Q.AT_LEAST),
        ((Q.NEARLY, Q.EXACT), Q.NEARLY),
        ((Q.NEARLY, Q.UNDER), Q.UNDER),
        ((Q.AT_LEAST, Q.NEARLY), Q.ABOUT),  # bounds both ways say nothing sharper than 约
        ((Q.ABOUT, Q.EXACT), Q.ABOUT),
    ],
)
def test_the_qualifier_of_a_sum(parts, expected):
    assert qualifier_of_sum(parts) == expected


@pytest.mark.parametrize(
    ("text", "number", "qualifier"),
    [
        ("102万余元", "102万元", Q.OVER),
        ("300余", "300", Q.OVER),
        ("近10", "10", Q.NEARLY),
        ("1.3万多", "1.3万", Q.AT_LEAST),
        ("700万元以上", "700万元", Q.AT_LEAST),
        ("约100", "100", Q.ABOUT),
        ("不足5", "5", Q.UNDER),
        ("2345", "2345", Q.EXACT),
    ],
)
def test_a_qualifier_is_read_off_the_number_it_qualifies(text, number, qualifier):
    assert split_qualifier(text) == (number, qualifier)


def test_two_qualifiers_on_one_number_are_refused():
    with pytest.raises(ValueError, match="一个数只能有一个数额限定"):
        split_qualifier("约300余")


@pytest.mark.parametrize(
    ("text", "qualifier", "written"),
    [("102 万元", Q.OVER, "102万余元"), ("300 亩", Q.OVER, "300余亩"), ("10 个", Q.NEARLY, "近 10 个"), ("700 万元", Q.AT_LEAST, "700 万元以上")],
)
def test_a_qualified_number_is_written_as_offices_write_it(text, qualifier, written):
    assert qualified(text, qualifier) == written


def _fund(reference, amount, **extra):
    fields = dict(
        reference=reference, kind=FundKind.objects.get(code="mixed"), title=reference, source_name="东", recipient_name="西",
        source_region=Region.objects.get(code="320583000000"), recipient_region=Region.objects.get(code="520602000000"),
        pairing=Pairing.objects.get(reference="KS-BJ"), year=2019, amount=amount,
    )
    fields.update(extra)
    fund = Fund(**fields)
    fund.full_clean()
    fund.save()
    return fund


@pytest.mark.django_db
def test_a_total_is_taken_once_and_its_parts_not_again(demo_users):
    total = _fund("T-ALL", 500_0000_00)  # 各类帮扶资金 500 万元
    _fund("T-FIN", 300_0000_00, part_of=total)  # 其中 财政援助 300 万元
    _fund("T-LAB", 50_0000_00, part_of=total, qualifiers={"amount": Q.OVER})  # 其中 劳务协作 50万余元
    sums = money_total(Fund.objects.filter(reference__startswith="T-"))
    assert (sums.total, sums.records, sums.qualifier) == (500_0000_00, 1, Q.EXACT)
    # the parts alone, without their total, add up as themselves
    parts = money_total(Fund.objects.filter(reference__in=["T-FIN", "T-LAB"]))
    assert (parts.total, parts.qualifier, str(parts)) == (350_0000_00, Q.OVER, "350万余元")


@pytest.mark.django_db
def test_each_number_keeps_its_own_qualifier(demo_users):
    # 涉及项目 1 个以上, where the households were 约 100: the row's 数额限定 speaks of the amount only
    _fund("Q-1", 100_0000_00, qualifier=Q.AT_LEAST, project_count=1, poor_households=100, qualifiers={"poor_households": Q.ABOUT})
    qs = Fund.objects.filter(reference="Q-1")
    assert money_total(qs).qualifier == Q.AT_LEAST
    assert count_total(qs, "project_count").qualifier == Q.EXACT
    assert str(count_total(qs, "poor_households")) == "约 100"


@pytest.mark.django_db
def test_a_span_and_a_part_are_checked(demo_users):
    with pytest.raises(ValidationError, match="起始年度不能晚于截至年度"):
        _fund("S-1", 1, year=2018, year_from=2019)
    span = _fund("S-2", 1, year=2019, year_from=2017)
    assert (span.is_span, span.years_text) == (True, "2017—2019")
    with pytest.raises(ValidationError, match="未知的数额限定"):
        _fund("S-3", 1, qualifiers={"amount": "many"})
    with pytest.raises(ValidationError, match="所属合计不能是自身"):
        span.part_of = span
        span.full_clean()
