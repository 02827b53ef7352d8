"""Reconciliation: the seeds' own disagreements, with the figures from the seeds in the assertions.

(a) seed 000 says 100 亩 of blueberries were planted, seed 001 says 105 亩;
(b) seed 000 says the towns' pairing funds were "700多万元", seed 001 itemises the towns' gifts
    (张浦镇 60万元, 周市镇 60万元).
"""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shanhai.assessment.models import Indicator, IndicatorSet, ReportedValue, Scoring
from shanhai.core.records import Qualifier
from shanhai.pairings.models import Pairing
from shanhai.reports.reconciliation import Side, Source, Status, compare, reconciliation_rows
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db

WAN = Decimal(10_000)


def ksbj():
    return Pairing.objects.get(reference="KS-BJ")


def row_for(rows, key, source=None):
    found = [r for r in rows if r.indicator.key == key and (source is None or r.source == source)]
    assert len(found) == 1, [(r.indicator.key, r.pairing.reference, r.year) for r in rows]
    return found[0]


def test_blueberries_reported_100_mu_against_105_mu_planted(demo_users):
    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    row = row_for(rows, "planting_area", Source.REPORTED)
    assert row.reference == "KS-BJ-RPT-2019-BLUEBERRY-000"
    assert row.stated.value == 100  # seed 000: 栽种100亩
    assert row.counted.value == 105  # seed 001: 栽种了105亩蓝莓
    assert row.difference == 5
    assert row.status == Status.MISMATCH
    assert row.status_text == "不符（+5 亩）"
    assert any("/project-outputs/" in url or "project" in url for _label, url in row.counted.links)


def test_town_funds_over_700_wan_against_the_towns_itemised_gifts(demo_users):
    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    row = row_for(rows, "town_pair_money", Source.STATED_TOTAL)
    # seed 000: 结对资金700多万元 — a lower bound
    assert row.stated.value == 700 * WAN
    assert row.stated.qualifier == Qualifier.AT_LEAST
    assert row.stated.display == "700 万元以上"
    # seed 001: 张浦镇……捐资60万元；周市镇……捐资60万元
    assert row.counted.value == (60 + 60) * WAN
    assert row.difference == -(700 - 120) * WAN
    assert row.status == Status.MISMATCH
    assert row.share == Decimal("17.1")  # 120 / 700
    assert "逐笔记录合计 120 万元" in row.summary and "尚差 580 万元" in row.summary
    urls = [url for _label, url in row.counted.links]
    assert any("/donations/" in u and "pairing=KS-BJ-TOWNS" in u and "basis=itemised" in u for u in urls)
    assert any("kind=town_pairing" in u and "basis=aggregate" in u for u in [u for _l, u in row.stated.links])


def test_town_money_row_is_shown_once_where_it_is_filed_not_again_for_the_city_pair(demo_users):
    rows = reconciliation_rows(user=demo_users["jiangsu"], pairing=Pairing.objects.get(reference="JS-GZ"), year=2019)
    town_rows = [r for r in rows if r.indicator.key == "town_pair_money" and r.source == Source.STATED_TOTAL]
    assert [r.pairing.reference for r in town_rows] == ["KS-BJ"]


def test_itemised_gifts_above_the_stated_lower_bound_agree(demo_users):
    zp = Donation.objects.get(reference="KS-BJ-DON-ZP")
    zp.pk, zp.reference, zp.amount = None, "TEST-DON-ZP-2", 600 * WAN * 100  # fen: 600万 more → 720万 itemised
    zp.save()
    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    row = row_for(rows, "town_pair_money", Source.STATED_TOTAL)
    assert row.counted.value == 720 * WAN
    assert row.status == Status.MATCH
    assert row.status_text == "相符（报告数为下限）"


def test_social_donations_over_560_wan_agree_with_the_records(demo_users):
    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    row = row_for(rows, "donations", Source.REPORTED)
    assert row.stated.value == 560 * WAN and row.stated.qualifier == Qualifier.AT_LEAST  # seed 000: 已经超过560万元
    assert row.counted.value == (560 + 60 + 60) * WAN
    assert row.status_text == "相符（报告数为下限）"


@pytest.mark.parametrize(("stated", "qualifier", "counted", "status", "text"), [
    ("700", Qualifier.AT_LEAST, "720", Status.MATCH, "相符（报告数为下限）"),
    ("700", Qualifier.AT_LEAST, "700", Status.MATCH, "相符（报告数为下限）"),
    ("700", Qualifier.AT_LEAST, "690", Status.MISMATCH, "台账比报告数下限少 10 元"),
    ("100", Qualifier.ABOUT, "104", Status.MATCH, "相符（报告数为约数）"),
    ("100", Qualifier.ABOUT, "110", Status.MISMATCH, "超出约数的允许范围"),
    ("100", Qualifier.EXACT, "100", Status.MATCH, "相符"),
    ("100", Qualifier.EXACT, "105", Status.MISMATCH, "不符"),
])
def test_status_respects_the_qualifier(stated, qualifier, counted, status, text):
    found = compare(Side("报告数", Decimal(stated), "元", qualifier), Side("台账", Decimal(counted), "元", records=1))
    assert found == (status, text)


def test_a_reported_number_without_records_and_records_without_a_report(demo_users):
    indicators = IndicatorSet.objects.get(code="2016-2020").indicators
    ReportedValue.objects.create(
        reference="TEST-RPT-EXITED", pairing=ksbj(), year=2019, indicator=indicators.get(key="persons_exited"),
        value=Decimal(1000), source="测试",
    )
    sales = indicators.get(key="sales")
    Indicator.objects.create(
        indicator_set=sales.indicator_set, key="test_sales_reported", name="测试填报消费帮扶", dimension=sales.dimension,
        unit="元", figure="sales", reported=True, scoring=Scoring.NONE,
    )
    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    exited = row_for(rows, "persons_exited")
    assert exited.status == Status.REPORTED_ONLY and exited.difference is None
    sold = row_for(rows, "test_sales_reported")
    assert sold.status == Status.RECORDS_ONLY
    assert sold.counted.value == Decimal(106_000_000)  # seed 000: 共计1.06亿元


def test_scope_other_offices_see_none_of_kunshans_rows(demo_users, client_for):
    rows = reconciliation_rows(user=demo_users["zhangjiagang"])
    assert not [r for r in rows if r.pairing.reference.startswith("KS-BJ")]
    bijiang = [(r.indicator.key, r.source) for r in reconciliation_rows(user=demo_users["bijiang"], year=2019)]
    assert {("planting_area", Source.REPORTED), ("town_pair_money", Source.STATED_TOTAL)} <= set(bijiang)
    client = client_for("zhangjiagang")
    assert client.get("/reports/reconciliation/?pairing=KS-BJ").status_code == 404
    assert client.get("/api/reconciliation/?pairing=KS-BJ").status_code == 404


def test_reconciliation_page_api_and_export_show_the_same_rows(client, client_for, demo_users):
    assert client.get("/reports/reconciliation/?pairing=KS-BJ").status_code == 302  # login first
    kunshan = client_for("kunshan")
    page = kunshan.get("/reports/reconciliation/?pairing=KS-BJ&year=2019").content.decode()
    assert "不符（+5 亩）" in page and "相符（报告数为下限）" in page and "700 万元以上" in page
    assert "只有报告数" in page and "只有台账" in page  # the four statuses are named in the summary
    api = kunshan.get("/api/reconciliation/?pairing=KS-BJ&year=2019").json()
    by_key = {r["indicator"]: r for r in api if r["source"] != Source.RETURN}
    assert by_key["planting_area"]["difference"] == "5.00" or Decimal(by_key["planting_area"]["difference"]) == 5
    assert Decimal(by_key["town_pair_money"]["counted"]["value"]) == 120 * WAN
    export = kunshan.get("/reports/reconciliation/?pairing=KS-BJ&year=2019&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    statuses = {(line[3], line[4]): line[8] for line in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses[("产业项目种植面积", "报告数与台账")] == "不符（+5 亩）"
    assert len(api) == sheet.max_row - 1 == len(reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019))


def test_approved_return_figures_are_set_against_the_records(demo_users):
    """A return approving 100 亩, after which the records were corrected to 105 亩, is 不符 (+5 亩)."""
    from shanhai.projects.models import ProjectOutput
    from shanhai.projects.services import output_update
    from shanhai.returns import services as returns

    planting = ProjectOutput.objects.get(project__reference="KS-BJ-PRJ-BLUEBERRY", what="蓝莓种植")
    output_update(actor=demo_users["admin"], obj=planting, quantity=Decimal(100))  # as seed 000 had it
    ret = returns.return_create(actor=demo_users["kunshan"], pairing=ksbj(), period_kind="yearly", year=2019, period_no=1)
    returns.return_submit(actor=demo_users["kunshan"], ret=ret)
    returns.return_approve(actor=demo_users["suzhou"], ret=ret)
    output_update(actor=demo_users["admin"], obj=planting, quantity=Decimal(105))  # seed 001, the ledger's figure

    rows = reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    row = row_for(rows, "planting_area", Source.RETURN)
    assert row.stated.value == 100 and row.counted.value == 105 and row.status_text == "不符（+5 亩）"
    assert row.stated.label == "报表数" and row.summary.startswith("报表数 100 亩，台账 105 亩")


def test_the_returns_apps_approved_figures_are_read_as_approved(demo_users):
    from shanhai.returns.selectors import approved_return_for

    ret = approved_return_for(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    if ret is None:
        pytest.skip("the demo holds no approved 2019 return for KS-BJ")
    approved = {f.indicator.key: f.approved for f in ret.figures.select_related("indicator") if f.approved is not None}
    rows = [r for r in reconciliation_rows(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
            if r.source == Source.RETURN]
    assert rows
    for row in rows:
        assert row.stated.value == approved[row.indicator.key]
