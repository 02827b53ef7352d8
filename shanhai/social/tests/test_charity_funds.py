"""The 昆·碧爱基金 "1+5" fund (seed 000): its sub-funds, the 102 万余元 raised, and balances derived
from receipts and disbursements with sub-funds rolled up — through the selectors, pages and API."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from shanhai.core.importing import import_file
from shanhai.core.models import AuditEntry
from shanhai.core.records import Basis, Qualifier
from shanhai.core.registry import importer_get
from shanhai.core.services import StillReferenced
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.social import services
from shanhai.social.models import CharityDisbursement, CharityFund, CharityReceipt
from shanhai.social.selectors import (
    charity_funds_for,
    charity_receipts_total,
    fund_balance,
    fund_balances,
)

pytestmark = pytest.mark.django_db



def fund(reference) -> CharityFund:
    return CharityFund.objects.get(reference=reference)


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def region(code) -> Region:
    return Region.objects.get(code=code.ljust(12, "0"))


# ---------------------------------------------------------------- the seed's fund


def test_kun_bi_ai_fund_is_one_plus_five(demo_users):
    # Seed 000: "1+5"母子基金，下设助学、助医、助残、助困、助业5个子基金
    kba = fund("KS-BJ-FUND-KBA")
    subs = list(kba.sub_funds.order_by("reference"))
    assert [s.purpose for s in subs] == ["助学", "助医", "助残", "助困", "助业"]
    # A sub-fund takes its parent's founders, regions and pairing.
    assert {(s.east_founder, s.east_region_id, s.west_founder, s.west_region_id, s.pairing.reference) for s in subs} == {
        ("昆山市", "320583000000", "碧江区", "520602000000", "KS-BJ")
    }
    roots = charity_funds_for(user=demo_users["admin"], pairing=Pairing.objects.get(reference="KS-BJ"), roots_only=True)
    assert list(roots.values_list("reference", flat=True)) == ["KS-BJ-FUND-KBA"]


def test_kun_bi_ai_fund_raised_more_than_102_wan(demo_users):
    # Seed 000: 目前已筹得善款102万余元 — one aggregate receipt, "more than"; no disbursement is known.
    admin = demo_users["admin"]
    raised = charity_receipts_total(user=admin, fund=fund("KS-BJ-FUND-KBA"))
    assert (raised.itemised, raised.aggregate, raised.at_least, str(raised)) == (0, 102_0000_00, True, "102 万元以上")
    balance = fund_balance(user=admin, fund=fund("KS-BJ-FUND-KBA"))
    assert (balance.balance, balance.bound, balance.balance_text) == (102_0000_00, "at_least", "102 万元以上")
    assert balance.disbursements.records == 0
    assert not CharityDisbursement.objects.filter(fund__reference__startswith="KS-BJ-FUND-KBA").exists()


def test_both_sides_read_the_fund(demo_users):
    for username in ("kunshan", "bijiang", "workteam", "auditor"):
        assert charity_funds_for(user=demo_users[username]).filter(reference="KS-BJ-FUND-KBA").exists(), username
    assert not charity_funds_for(user=demo_users["zhangjiagang"]).filter(reference="KS-BJ-FUND-KBA").exists()


def test_fund_page_shows_the_balance_and_its_basis(client_for):
    client = client_for("bijiang")
    page = text(client, f"/charity-funds/{fund('KS-BJ-FUND-KBA').pk}/")
    assert "收支与余额" in page and "余额 102 万元以上" in page
    for name in ("助学子基金", "助医子基金", "助残子基金", "助困子基金", "助业子基金"):
        assert name in page
    receipt = CharityReceipt.objects.get(reference="KS-BJ-KBA-RCPT")
    detail = text(client, f"/charity-receipts/{receipt.pk}/")
    assert "102 万元" in detail and "汇总（只知总数）" in detail and "以上" in detail
    listing = text(client, "/charity-receipts/?q=碧爱")
    assert "KS-BJ-KBA-RCPT" in listing and "102 万元以上" in listing


def test_receipt_api_amount_in_fen_with_its_basis(client_for):
    results = client_for("kunshan").get("/api/charity-receipts/?search=KBA").json()["results"]
    [row] = [r for r in results if r["reference"] == "KS-BJ-KBA-RCPT"]
    assert (row["amount"], row["amount_display"], row["basis"], row["basis_display"], row["qualifier"]) == (
        102_0000_00, "102 万元", "aggregate", "汇总（只知总数）", "at_least",
    )
    assert row["fund"] == "KS-BJ-FUND-KBA" and row["fund_display"] == "昆·碧爱基金"


def test_balance_api_rolls_up_the_sub_funds(client_for):
    client = client_for("bijiang")
    data = client.get(f"/api/charity-fund-balances/{fund('KS-BJ-FUND-KBA').pk}/").json()
    assert (data["balance"], data["balance_bound"], data["balance_display"]) == (102_0000_00, "at_least", "102 万元以上")
    assert (data["receipts"]["aggregate"], data["receipts"]["itemised"], data["disbursements"]["total"]) == (102_0000_00, 0, 0)
    assert [s["name"] for s in data["sub_funds"]] == ["助学子基金", "助医子基金", "助残子基金", "助困子基金", "助业子基金"]
    listing = client.get("/api/charity-fund-balances/?search=碧爱").json()["results"]
    assert [r["fund"] for r in listing] == ["KS-BJ-FUND-KBA"]
    schema = client.get("/api/schema/").content.decode()
    assert "/api/charity-fund-balances/" in schema


# ---------------------------------------------------------------- balance derivation


@pytest.fixture
def funds(demo_users):
    """A parent fund, two sub-funds and a sub-sub-fund, with receipts and disbursements in 2019 and 2020."""
    admin = demo_users["admin"]
    common = {"east_region": region("320583"), "west_region": region("520602"), "east_founder": "昆山市", "west_founder": "碧江区"}
    parent = services.charity_fund_create(actor=admin, reference="T-P", name="测试基金", **common)
    a = services.charity_fund_create(actor=admin, reference="T-A", name="助学", parent=parent)
    b = services.charity_fund_create(actor=admin, reference="T-B", name="助医", parent=parent)
    a1 = services.charity_fund_create(actor=admin, reference="T-A1", name="助学·高中", parent=a)

    def receipt(ref, f, fen, year, basis=Basis.ITEMISED, qualifier=Qualifier.EXACT):
        services.charity_receipt_create(
            actor=admin, reference=ref, fund=f, year=year, donor_name="某镇", amount=fen, basis=basis, qualifier=qualifier
        )

    def paid(ref, f, fen, year, qualifier=Qualifier.EXACT):
        services.charity_disbursement_create(
            actor=admin, reference=ref, fund=f, year=year, recipient_name="贫困学生", amount=fen, qualifier=qualifier
        )

    receipt("T-R1", parent, 10_0000_00, 2019)
    receipt("T-R2", a, 5_0000_00, 2019)
    receipt("T-R3", b, 3_0000_00, 2020, Basis.AGGREGATE, Qualifier.AT_LEAST)
    receipt("T-R4", a1, 1_0000_00, 2020)
    paid("T-D1", a, 2_0000_00, 2019)
    paid("T-D2", b, 1_0000_00, 2020)
    paid("T-D3", a1, 5000_00, 2020)
    return {"P": parent, "A": a, "B": b, "A1": a1}


def test_balance_is_receipts_minus_disbursements_with_sub_funds_rolled_up(funds, demo_users):
    rows = fund_balances(user=demo_users["admin"], fund=funds["P"])
    got = {b.fund.reference: (b.receipts.total, b.disbursements.total, b.balance, b.bound, b.depth) for b in rows}
    assert got == {
        # 10 + (5 + 1) + 3 = 19 万 in; 2 + 0.5 + 1 = 3.5 万 out; the aggregate "more than" carries up
        "T-P": (19_0000_00, 3_5000_00, 15_5000_00, "at_least", 0),
        "T-A": (6_0000_00, 2_5000_00, 3_5000_00, "exact", 1),
        "T-A1": (1_0000_00, 5000_00, 5000_00, "exact", 2),
        "T-B": (3_0000_00, 1_0000_00, 2_0000_00, "at_least", 1),
    }
    # The parent's row comes first and each sub-fund sits above its own sub-funds.
    assert [b.fund.reference for b in rows] == ["T-P", "T-A", "T-A1", "T-B"]
    top = rows[0]
    assert (top.receipts.itemised, top.receipts.aggregate) == (16_0000_00, 3_0000_00)
    assert top.balance_text == "15.5 万元以上"


def test_balance_at_the_end_of_a_year_and_within_a_year(funds, demo_users):
    admin = demo_users["admin"]
    end_2019 = fund_balance(user=admin, fund=funds["P"], up_to_year=2019)
    assert (end_2019.receipts.total, end_2019.disbursements.total, end_2019.balance, end_2019.bound) == (
        15_0000_00, 2_0000_00, 13_0000_00, "exact",
    )
    in_2020 = fund_balance(user=admin, fund=funds["P"], year=2020)
    assert (in_2020.receipts.total, in_2020.disbursements.total) == (4_0000_00, 1_5000_00)


def test_a_disbursement_known_only_as_more_than_bounds_the_balance_from_above(funds, demo_users):
    admin = demo_users["admin"]
    services.charity_disbursement_create(
        actor=admin, reference="T-D4", fund=funds["A"], year=2020, recipient_name="助学", amount=1_0000_00,
        qualifier=Qualifier.AT_LEAST,
    )
    a = fund_balance(user=admin, fund=funds["A"])
    assert (a.balance, a.bound, a.balance_text) == (2_5000_00, "at_most", "不超过 2.5 万元")
    assert fund_balance(user=admin, fund=funds["P"]).bound == "unknown"


def test_a_fund_with_sub_funds_or_money_is_not_deleted(funds, demo_users):
    admin = demo_users["admin"]
    with pytest.raises(StillReferenced):
        services.charity_fund_delete(actor=admin, obj=funds["B"])
    assert CharityFund.objects.filter(reference="T-B").exists()
    with pytest.raises(StillReferenced):
        services.charity_fund_delete(actor=admin, obj=funds["P"])


def test_a_fund_cannot_sit_under_its_own_sub_fund(funds, demo_users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.charity_fund_update(actor=demo_users["admin"], obj=funds["P"], parent=funds["A1"])
    assert "parent" in exc.value.message_dict


# ---------------------------------------------------------------- writing through the page, API and import


def test_kunshan_records_a_receipt_through_the_page(client_for):
    client = client_for("kunshan")
    response = client.post("/charity-receipts/new/", {
        "reference": "KS-BJ-KBA-RCPT-NEW", "fund": "KS-BJ-FUND-KBA-1", "year": "2020", "date": "2020-06-01",
        "donor_name": "千灯镇党员", "amount": "1.5万元", "basis": "itemised", "qualifier": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = CharityReceipt.objects.get(reference="KS-BJ-KBA-RCPT-NEW")
    assert created.amount == 1_5000_00 and created.fund.purpose == "助学"
    assert AuditEntry.objects.filter(object_id=str(created.pk), content_type__model="charityreceipt", source="ui").exists()


def yanhe_fund(admin) -> CharityFund:
    return services.charity_fund_create(
        actor=admin, reference="ZJG-YH-FUND-T", name="沿河测试基金", east_founder="张家港市", east_region=region("320582"),
        west_founder="沿河县", west_region=region("520627"),
    )


def test_bijiang_cannot_see_or_change_a_yanhe_fund(client_for, demo_users):
    other = yanhe_fund(demo_users["admin"])
    client = client_for("bijiang")
    assert client.get(f"/charity-funds/{other.pk}/").status_code == 404
    assert client.get(f"/charity-funds/{other.pk}/edit/").status_code == 404
    assert client.get(f"/api/charity-funds/{other.pk}/").status_code == 404
    assert client.patch(f"/api/charity-funds/{other.pk}/", {"name": "x"}, content_type="application/json").status_code == 404
    assert "ZJG-YH-FUND-T" not in text(client, "/charity-funds/")
    # Nor put money into it, by page or API: the fund is not found for Bijiang.
    before = CharityReceipt.objects.count()
    response = client.post("/charity-receipts/new/", {
        "reference": "X-1", "fund": "ZJG-YH-FUND-T", "year": "2020", "donor_name": "x", "amount": "1", "basis": "itemised",
    })
    assert response.status_code == 200 and "不存在或不在您的权限范围内" in response.content.decode()
    response = client.post("/api/charity-receipts/", {
        "reference": "X-2", "fund": "ZJG-YH-FUND-T", "year": 2020, "donor_name": "x", "amount": 100, "basis": "itemised",
    }, content_type="application/json")
    assert response.status_code == 400 and CharityReceipt.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.charity_receipt_create(
            actor=demo_users["bijiang"], reference="X-3", fund=other, year=2020, donor_name="x", amount=100
        )


def test_bijiang_cannot_import_into_a_yanhe_fund(demo_users):
    yanhe_fund(demo_users["admin"])
    before = CharityReceipt.objects.count()
    result = import_file(importer_get("charity-receipts"), filename="r.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["台账编号", "基金编号", "年度", "捐赠方", "金额"],
        ["BJ-R-1", "KS-BJ-FUND-KBA-1", "2020", "碧江区某单位", "1万元"],
        ["BJ-R-2", "ZJG-YH-FUND-T", "2020", "碧江区某单位", "1万元"],
    ]))
    [problem] = result.problems
    assert problem.row == 3 and out_of_reach(problem.reason)
    assert CharityReceipt.objects.count() == before


# ---------------------------------------------------------------- templates: a good file and a bad one


FUND_HEADER = ["台账编号", "基金名称", "上级基金编号", "宗旨/资助方向", "东部发起方", "东部发起方区划代码", "西部发起方", "西部发起方区划代码", "结对编号"]


def test_fund_template_takes_sub_funds_under_a_parent_listed_earlier(demo_users):
    result = import_file(importer_get("charity-funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        FUND_HEADER,
        ["KS-T-F", "昆山测试基金", "", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ"],
        ["KS-T-F-1", "测试助学", "KS-T-F", "助学", "", "", "", "", ""],
    ]))
    assert result.ok and result.created == 2, result.problems
    child = fund("KS-T-F-1")
    assert child.parent.reference == "KS-T-F" and child.west_region_id == "520602000000"


def test_fund_template_names_a_missing_parent_and_writes_nothing(demo_users):
    before = CharityFund.objects.count()
    result = import_file(importer_get("charity-funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        FUND_HEADER,
        ["KS-T-F", "昆山测试基金", "", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ"],
        ["KS-T-F-1", "测试助学", "KS-T-NOPE", "助学", "", "", "", "", ""],
    ]))
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "上级基金编号") and "KS-T-NOPE" in problem.reason
    assert CharityFund.objects.count() == before


RECEIPT_HEADER = ["台账编号", "基金编号", "年度", "日期", "捐赠方", "金额", "登记方式", "数额限定"]


def test_receipt_template_good_and_bad(demo_users):
    importer, kunshan = importer_get("charity-receipts"), demo_users["kunshan"]
    good = import_file(importer, filename="r.csv", actor=kunshan, data=csv_bytes([
        RECEIPT_HEADER, ["KS-T-R1", "KS-BJ-FUND-KBA-2", "2020", "2020-05-01", "周市镇", "3万元", "逐笔登记", "确数"],
    ]))
    assert good.ok and good.created == 1
    assert charity_receipts_total(user=kunshan, fund=fund("KS-BJ-FUND-KBA")).total == 105_0000_00

    before = CharityReceipt.objects.count()
    bad = import_file(importer, filename="r.csv", actor=kunshan, data=csv_bytes([
        RECEIPT_HEADER,
        ["KS-T-R2", "KS-BJ-FUND-KBA-2", "2020", "2020-05-01", "周市镇", "3万元", "逐笔登记", "确数"],
        ["KS-T-R3", "KS-BJ-FUND-KBA-2", "2021", "2020-05-01", "周市镇", "3万元", "逐笔登记", "确数"],
        ["KS-T-R4", "KS-BJ-FUND-KBA-2", "2020", "", "周市镇", "0元", "逐笔登记", "确数"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(3, "年度")].startswith("年度与日期不符")
    assert reasons[(4, "金额")] == "金额应大于零。"
    assert CharityReceipt.objects.count() == before


DISBURSEMENT_HEADER = ["台账编号", "基金编号", "年度", "支出对象", "支出对象区划代码", "金额", "受助人数"]


def test_disbursement_template_good_and_bad(demo_users):
    importer, bijiang = importer_get("charity-disbursements"), demo_users["bijiang"]
    good = import_file(importer, filename="d.csv", actor=bijiang, data=csv_bytes([
        DISBURSEMENT_HEADER, ["BJ-T-D1", "KS-BJ-FUND-KBA-1", "2020", "坝黄镇贫困学生", "520602101", "2万元", "10"],
    ]))
    assert good.ok and good.created == 1
    b = fund_balance(user=bijiang, fund=fund("KS-BJ-FUND-KBA"))
    assert (b.disbursements.total, b.balance, b.balance_text) == (2_0000_00, 100_0000_00, "100 万元以上")

    before = CharityDisbursement.objects.count()
    bad = import_file(importer, filename="d.csv", actor=bijiang, data=csv_bytes([
        DISBURSEMENT_HEADER,
        ["BJ-T-D2", "KS-BJ-FUND-KBA-1", "2020", "坝黄镇贫困学生", "520602101", "2万元", "10"],
        ["BJ-T-D3", "KS-BJ-FUND-NOPE", "2020", "坝黄镇贫困学生", "520602101", "2万元", "10"],
    ]))
    [problem] = bad.problems
    assert (problem.row, problem.column) == (3, "基金编号") and "KS-BJ-FUND-NOPE" in problem.reason
    assert CharityDisbursement.objects.count() == before


def test_receipt_export_writes_what_the_page_shows(client_for):
    response = client_for("bijiang").get("/charity-receipts/?export=csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "KS-BJ-KBA-RCPT" in body and "102 万元以上" in body and "汇总（只知总数）" in body


@pytest.mark.parametrize("name", ["charity-funds", "charity-receipts", "charity-disbursements", "scholarships", "care-centres"])
def test_each_social_template_downloads(client_for, name):
    response = client_for("kunshan").get(f"/imports/{name}/template.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
