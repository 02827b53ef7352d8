"""Funds: the seeds' money through the selectors, the ledger pages and the API."""

import re

import pytest
from django.core.exceptions import ValidationError

from shanhai.core.importing import import_file
from shanhai.core.models import AuditEntry
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.funds.models import Fund, FundKind
from shanhai.funds.selectors import (
    funds_by_kind,
    funds_by_year,
    funds_for,
    funds_project_count,
    funds_total,
    funds_unvalued,
)
from shanhai.funds.services import fund_update
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def kind(code):
    return FundKind.objects.get(code=code)


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def api_row(client, reference) -> dict:
    [row] = [r for r in client.get(f"/api/funds/?search={reference}").json()["results"] if r["reference"] == reference]
    return row


def test_kunshan_bijiang_1_2_yi_over_57_projects(demo_users):
    # Seed 001: 共争取各类帮扶资金1.2亿元，涉及项目57个 — one aggregate line, not 57 invented ones.
    admin = demo_users["admin"]
    mixed = funds_total(user=admin, pairing=pairing("KS-BJ"), kind=kind("mixed"))
    assert (mixed.itemised, mixed.aggregate, str(mixed)) == (0, 1_2000_0000_00, "1.2 亿元")
    assert funds_project_count(user=admin, pairing=pairing("KS-BJ"), kind=kind("mixed")).aggregate == 57


def test_town_pairing_funds_more_than_700_wan(demo_users):
    # Seed 000: 结对资金700多万元, under the town pairs.
    total = funds_total(user=demo_users["admin"], pairing=pairing("KS-BJ-TOWNS"))
    assert (total.aggregate, total.at_least, str(total)) == (700_0000_00, True, "700 万元以上")


def test_kunshan_bijiang_adds_itemised_and_aggregate_honestly(demo_users):
    admin = demo_users["admin"]
    total = funds_total(user=admin, pairing=pairing("KS-BJ"))
    # 1.2 亿 of every kind since 2017 (seed 001) may contain the towns' "700多万" of 2019 (seed 000): the
    # total is taken once and what it may contain not again; the enterprise pool's amount is unknown
    # and counted apart, not guessed.
    assert (total.itemised, total.aggregate, str(total)) == (0, 1_2000_0000_00, "1.2 亿元")
    assert funds_unvalued(user=admin, pairing=pairing("KS-BJ")) == 1
    by_kind = {k.code: t.total for k, t in funds_by_kind(user=admin, pairing=pairing("KS-BJ"))}
    assert by_kind == {"town_pairing": 700_0000_00, "mixed": 1_2000_0000_00}


def test_enterprise_pool_backs_ten_projects_amount_unknown(demo_users):
    admin = demo_users["admin"]
    pool = Fund.objects.get(reference="KS-BJ-FUND-ENT-POOL")
    assert pool.amount is None and pool.project_count == 10 and pool.amount_text == "金额不详"
    assert funds_total(user=admin, pairing=pairing("KS-BJ-ENTERPRISES")).records == 0
    assert funds_project_count(user=admin, pairing=pairing("KS-BJ-ENTERPRISES")).aggregate == 10


def test_suzhou_tongren_16_6_yi_over_1093_projects_520000_poor(demo_users):
    admin = demo_users["admin"]
    fiscal = funds_total(user=admin, pairing=pairing("SZ-TR"), kind=kind("fiscal_aid"))
    assert (fiscal.aggregate, str(fiscal)) == (16_6000_0000_00, "16.6 亿元")
    assert funds_project_count(user=admin, pairing=pairing("SZ-TR"), kind=kind("fiscal_aid")).total == 1093
    line = funds_for(user=admin, pairing=pairing("SZ-TR"), kind=kind("fiscal_aid")).get()
    assert line.poor_persons == 520_000


def test_gaoshan_village_road_200_wan_of_cooperation_funds(demo_users):
    total = funds_total(user=demo_users["admin"], pairing=pairing("ZJG-YH"))
    assert (total.itemised, total.aggregate, str(total)) == (200_0000_00, 0, "200 万元")


def test_yearly_and_cumulative(demo_users):
    admin = demo_users["admin"]
    years = funds_by_year(user=admin, pairing=pairing("SZ-TR"))
    # 2019 alone: the towns' 700多万 (the 1.2 亿 spans 2017—2019 and is no one year's); 2020: 16.62 亿
    assert {y: t.total for y, t in years.items()} == {2019: 700_0000_00, 2020: 16_6200_0000_00}
    # up to 2019: the 1.2 亿 once, the 700多万 inside it not again; up to 2020: and 2020's 16.62 亿
    assert funds_total(user=admin, pairing=pairing("SZ-TR"), up_to_year=2019).total == 1_2000_0000_00
    assert funds_total(user=admin, pairing=pairing("SZ-TR"), up_to_year=2020).total == 17_8200_0000_00


def test_offices_see_their_own_side(demo_users):
    bijiang = set(funds_for(user=demo_users["bijiang"]).values_list("reference", flat=True))
    assert {"KS-BJ-FUND-ALL", "KS-BJ-FUND-TOWNS", "KS-BJ-FUND-ENT-POOL"} <= bijiang
    assert not any(r.startswith("ZJG") for r in bijiang)
    # The provincial 200 万 lies in 高山村, inside the 思渠镇 operator's subtree.
    assert set(funds_for(user=demo_users["yanhe"]).values_list("reference", flat=True)) == {"ZJG-YH-FUND-GSC"}


def test_fund_pages_show_the_seed_figures(client_for):
    client = client_for("kunshan")
    listing = page_text(client, "/funds/?q=各类帮扶资金")
    assert "KS-BJ-FUND-ALL" in listing and "1.2 亿元" in listing and "57" in listing
    detail = page_text(client, f"/funds/{Fund.objects.get(reference='KS-BJ-FUND-ALL').pk}/")
    assert "1.2 亿元" in detail and "57" in detail and "汇总（只知总数）" in detail
    towns = page_text(client, f"/funds/{Fund.objects.get(reference='KS-BJ-FUND-TOWNS').pk}/")
    assert "700 万元" in towns and "以上" in towns
    tongren = page_text(client_for("admin"), f"/funds/{Fund.objects.get(reference='SZ-TR-FUND-FISCAL').pk}/")
    assert "16.6 亿元" in tongren and "1093" in tongren and "520000" in tongren


def test_fund_api_amounts_in_fen_and_as_written(client_for):
    client = client_for("admin")
    row = api_row(client, "KS-BJ-FUND-ALL")
    assert (row["amount"], row["amount_display"], row["project_count"], row["basis"]) == (1_2000_0000_00, "1.2 亿元", 57, "aggregate")
    row = api_row(client, "SZ-TR-FUND-FISCAL")
    assert (row["amount_display"], row["project_count"], row["poor_persons"], row["kind_display"]) == ("16.6 亿元", 1093, 520000, "财政援助资金")
    row = api_row(client, "KS-BJ-FUND-TOWNS")
    assert (row["amount_display"], row["qualifier"]) == ("700 万元", "at_least")
    assert api_row(client, "KS-BJ-FUND-ENT-POOL")["amount"] is None
    response = client.post("/api/funds/", {
        "reference": "API-F-1", "kind": "town_pairing", "title": "千灯镇结对资金", "source_name": "千灯镇",
        "source_region": "320583108", "recipient_name": "云场坪镇", "recipient_region": "520602102",
        "pairing": "KS-BJ-TOWNS", "year": 2020, "amount": 50000000, "basis": "itemised",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Fund.objects.get(reference="API-F-1").amount == 50_0000_00


def test_fund_form_writes_through_the_service_and_audits(client_for):
    client = client_for("kunshan")
    response = client.post("/funds/new/", {
        "reference": "KS-BJ-FUND-NEW", "kind": "department_pairing", "title": "昆山市人社局结对资金",
        "source_name": "昆山市人社局", "source_org": "昆山市人社局", "source_region": "320583",
        "recipient_name": "碧江区人社局", "recipient_region": "520602", "pairing": "KS-BJ-DEPT-HR",
        "year": "2020", "amount": "12.5万元", "basis": "itemised", "qualifier": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    fund = Fund.objects.get(reference="KS-BJ-FUND-NEW")
    assert fund.amount == 12_5000_00 and fund.source_org.name == "昆山市人力资源和社会保障局"
    assert AuditEntry.objects.filter(object_id=str(fund.pk), content_type__model="fund", source="ui").exists()


def test_out_of_scope_writes_nothing(client_for):
    client = client_for("kunshan")
    before = Fund.objects.count()
    response = client.post("/funds/new/", {
        "reference": "X-F-1", "kind": "fiscal_aid", "title": "x", "source_name": "张家港市", "source_region": "320582",
        "recipient_name": "沿河县", "recipient_region": "520627", "year": "2020", "amount": "1", "basis": "itemised",
    })
    assert response.status_code == 403 and Fund.objects.count() == before
    assert client.get(f"/funds/{Fund.objects.get(reference='ZJG-YH-FUND-GSC').pk}/").status_code == 404


def test_itemised_line_needs_an_amount_and_cannot_fall_below_its_allocations(demo_users):
    admin = demo_users["admin"]
    fund = Fund.objects.get(reference="ZJG-YH-FUND-GSC")  # 200 万, all of it allocated to 高山村's road
    with pytest.raises(ValidationError) as exc:
        fund_update(actor=admin, obj=fund, amount=150_0000_00)
    assert "已安排到项目 200 万元" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        fund_update(actor=admin, obj=Fund.objects.get(pk=fund.pk), amount=None)
    assert "逐笔登记的资金须填金额" in str(exc.value)
    assert Fund.objects.get(pk=fund.pk).amount == 200_0000_00


FUND_HEADER = ["台账编号", "资金类别", "资金名称", "来源方", "来源方区划代码", "使用方", "使用方区划代码", "结对编号", "年度", "金额", "登记方式"]


def test_import_good_file_writes_every_row(demo_users):
    result = import_file(importer_get("funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        FUND_HEADER,
        ["IMP-F-1", "乡镇结对资金", "千灯镇结对资金", "千灯镇", "320583108", "云场坪镇", "520602102", "KS-BJ-TOWNS", "2020", "30万元", "逐笔登记"],
        ["IMP-F-2", "部门结对资金", "昆山市司法局结对资金", "昆山市司法局", "320583", "碧江区司法局", "520602", "KS-BJ-DEPT-JUS", "2020", "5万元", "逐笔登记"],
    ], encoding="gbk"))
    assert result.ok, result.problems
    assert (result.created, Fund.objects.get(reference="IMP-F-1").amount) == (2, 30_0000_00)


def test_import_bad_row_is_named_and_nothing_written(demo_users):
    before = Fund.objects.count()
    result = import_file(importer_get("funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        FUND_HEADER,
        ["IMP-F-3", "乡镇结对资金", "千灯镇结对资金", "千灯镇", "320583108", "云场坪镇", "520602102", "KS-BJ-TOWNS", "2020", "30万元", "逐笔登记"],
        ["IMP-F-4", "乡镇结对资金", "千灯镇结对资金", "千灯镇", "320583108", "云场坪镇", "520602102", "KS-BJ-TOWNS", "2020", "", "逐笔登记"],
        ["IMP-F-5", "无此类别", "x", "千灯镇", "320583108", "云场坪镇", "520602102", "", "2020", "1万元", "逐笔登记"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in result.problems}
    assert "逐笔登记的资金须填金额" in reasons[(3, "金额")]
    assert reasons[(4, "资金类别")].startswith("未知资金类别")
    assert Fund.objects.count() == before
