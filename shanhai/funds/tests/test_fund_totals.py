"""A total is never added to what it may contain: seed 001's 1.2 亿元 "以来" and seed 000's 700 多万元 of
town funds (the note says one may contain the other)."""

import pytest

from shanhai.funds.models import Fund, FundKind
from shanhai.funds.selectors import funds_inside_totals, funds_total
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


def test_the_1_2_yi_since_2017_is_a_span_of_the_pair(demo_users):
    total = Fund.objects.get(reference="KS-BJ-FUND-ALL")
    assert (total.year_from, total.year, total.kind.is_total, total.years_text) == (2017, 2019, True, "2017—2019")


def test_a_single_year_leaves_the_span_out(demo_users):
    # 2019 alone: the town pairs' 700多万元 (filed under 2019), not the 2017—2019 total
    year = funds_total(user=demo_users["admin"], pairing=ks_bj(), year=2019)
    assert (year.total, str(year)) == (700_0000_00, "700 万元以上")


def test_cumulatively_the_total_is_taken_once_and_what_it_may_contain_not_again(demo_users):
    admin = demo_users["admin"]
    cumulative = funds_total(user=admin, pairing=ks_bj(), up_to_year=2019)
    inside = {f.reference for total, parts in funds_inside_totals(user=admin, pairing=ks_bj(), up_to_year=2019) for f in parts}
    assert "KS-BJ-FUND-TOWNS" in inside  # 700多万元 in 2019, under KS-BJ-TOWNS, inside the 2017—2019 span
    # every other KS-BJ line of 2017—2019 lies inside the span: the sum is the 1.2 亿元 alone
    assert cumulative.total == 1_2000_0000_00
    assert str(cumulative) == "1.2 亿元"


def test_a_total_kind_is_data(demo_users):
    assert list(FundKind.objects.filter(is_total=True).values_list("name", flat=True)) == ["各类帮扶资金（合计）"]


def test_the_reconciliation_page_lists_what_the_total_may_contain(client_for):
    page = client_for("bijiang").get("/reports/reconciliation/?pairing=KS-BJ&year=2019").content.decode()
    section = page[page.index('id="overlaps"'):page.index('id="duplicates"')]
    assert 'data-overlap="KS-BJ-FUND-ALL"' in section
    # the towns' 700多万元 and the enterprises' pool of unknown amount, both of 2019 under KS-BJ
    assert "KS-BJ-FUND-TOWNS" in section and "KS-BJ-FUND-ENT-POOL" in section
    assert "1.2 亿元（2017—2019）是各类资金的合计，可能已含以下 2 条记录（700 万元以上）" in section


def test_a_span_of_one_kind_contains_that_kinds_single_years(demo_users):
    # 2018年以来累计投入财政援助资金8600万元; 2020年投入财政援助资金3150万元 (two lines, not linked)
    from shanhai.funds.services import fund_create
    from shanhai.regions.models import Region

    admin, pair = demo_users["admin"], Pairing.objects.get(reference="ZJG-YH")
    common = dict(kind=FundKind.objects.get(code="fiscal_aid"), source_name="张家港市", recipient_name="沿河县",
                  source_region=Region.objects.get(code="320582000000"), recipient_region=Region.objects.get(code="520627000000"),
                  pairing=pair)
    fund_create(actor=admin, reference="ZY-FIS-SPAN", title="累计财政援助", year_from=2018, year=2020, amount=8600_0000_00, **common)
    fund_create(actor=admin, reference="ZY-FIS-2020", title="2020年财政援助", year=2020, amount=3150_0000_00, **common)
    fiscal = FundKind.objects.get(code="fiscal_aid")
    cumulative = funds_total(user=admin, pairing=pair, kind=fiscal, up_to_year=2020)
    year = funds_total(user=admin, pairing=pair, kind=fiscal, year=2020)
    assert cumulative.total - funds_total(user=admin, pairing=pair, kind=fiscal, up_to_year=2017).total == 8600_0000_00
    assert year.total >= 3150_0000_00  # the year alone still has its own line
    inside = {f.reference for _t, parts in funds_inside_totals(user=admin, pairing=pair) for f in parts}
    assert "ZY-FIS-2020" in inside
