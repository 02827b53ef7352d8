"""The money and project figures of seeds 000–003, read back from the demo on the ledger pages
and through the API, each with its basis (逐笔 / 汇总). The numbers asserted are the seeds'."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client_for):
    return client_for("admin")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def row(client, ledger, reference) -> dict:
    results = client.get(f"/api/{ledger}/?search={reference}&page_size=100").json()["results"]
    [found] = [r for r in results if r.get("reference") == reference]
    return found


def test_kunshan_bijiang_money(admin):
    fund = row(admin, "funds", "KS-BJ-FUND-ALL")  # seed 001: 1.2 亿元 over 57 projects
    assert (fund["amount_display"], fund["project_count"], fund["basis"]) == ("1.2 亿元", 57, "aggregate")
    towns = row(admin, "funds", "KS-BJ-FUND-TOWNS")  # seed 000: 结对资金700多万元
    assert (towns["amount_display"], towns["qualifier"], towns["basis"]) == ("700 万元", "at_least", "aggregate")
    listing = page(admin, "/funds/?q=KS-BJ")
    assert "1.2 亿元" in listing and "700 万元以上" in listing
    for reference, shown in (("KS-BJ-DON-ZP", "60 万元"), ("KS-BJ-DON-ZS", "60 万元"), ("KS-BJ-DON-SOCIAL", "560 万元以上")):
        assert shown in page(admin, f"/donations/?q={reference}")
    coop = row(admin, "donations", "KS-BJ-DON-COOP")  # in kind, not valued in the seed
    assert (coop["form"], coop["amount"], coop["items"]) == ("in_kind", None, "农资")


def test_kunshan_bijiang_funds_schemes_and_care(admin):
    [kba] = [b for b in admin.get("/api/charity-fund-balances/").json()["results"] if b["fund"] == "KS-BJ-FUND-KBA"]
    assert kba["receipts"]["display"] == "102 万元以上" and kba["receipts"]["aggregate"] == 102_0000_00
    subs = [b["name"] for b in admin.get("/api/charity-fund-balances/").json()["results"] if b["parent"] == "KS-BJ-FUND-KBA"]
    assert sorted(subs) == sorted(["助学子基金", "助医子基金", "助残子基金", "助困子基金", "助业子基金"])
    scholarship = row(admin, "scholarships", "KS-BJ-SCH-YX")
    assert "亚香" in scholarship["name"] and scholarship["capital"] == 100_0000_00
    care = row(admin, "care-centres", "KS-BJ-CARE-PCC")
    assert care["cost"] == 80_0000_00 and care["opened_on"] == "2019-04-18"
    assert "昆碧幸福里" in page(admin, "/care-centres/") and "80 万元" in page(admin, "/care-centres/")


def test_enterprise_pool_eight_projects_and_the_blueberry_base(admin):
    eight = row(admin, "projects", "KS-BJ-PRJ-ENT-8")  # 937 households / 2,088 persons
    assert (eight["project_count"], eight["basis"]) == (8, "aggregate")
    assert (eight["poor_households"], eight["poor_persons"], eight["part_of"]) == (937, 2088, "KS-BJ-PRJ-ENT-POOL")
    pool = row(admin, "projects", "KS-BJ-PRJ-ENT-POOL")
    assert pool["project_count"] == 10
    blueberry = row(admin, "projects", "KS-BJ-PRJ-BLUEBERRY")
    assert (blueberry["poor_households"], blueberry["poor_persons"], blueberry["pairing"]) == (188, 734, "KS-BJ-ENT-XH")
    assert "公司+合作社+农户" in blueberry["operating_model"]
    outputs = admin.get("/api/project-outputs/?page_size=100").json()["results"]
    figures = {(o["what"], o["quantity"], o["unit"]) for o in outputs}
    assert ("土地流转", "138", "亩") in figures and ("蓝莓种植", "105", "亩") in figures
    modes = {link["mode_display"] for link in admin.get("/api/benefit-links/?page_size=100").json()["results"]}
    assert modes == {"流转租金", "务工薪金", "分红股金"}


def test_the_co_built_park(admin):
    [park] = [p for p in admin.get("/api/park-figures/").json()["results"] if p["park"] == "KS-BJ-PARK-TS"]
    assert park["start_area_display"] == "6.18 平方公里（9,270 亩）"
    assert (park["company_capital_display"], park["credit_lines"]["display"]) == ("1 亿元", "20 亿元")
    enterprises = park["enterprises"]["enterprises"]
    assert (enterprises["display"], enterprises["itemised"]) == ("约 10", 4)
    listing = page(admin, "/west-enterprises/")
    for name in ("布瑞克", "同仁之光", "曾氏机械", "新宁物流"):
        assert name in listing


def test_zhangjiagang_yanhe_money(admin):
    chambers = admin.get("/api/donations/?search=ZJG-YH-DON&page_size=100").json()["results"]
    by_ref = {d["reference"]: d for d in chambers}
    # 12 firms and chambers, 10 万元 each: 亨通集团's itemised, the other eleven as one aggregate line
    assert by_ref["ZJG-YH-DON-HT"]["amount"] + by_ref["ZJG-YH-DON-12"]["amount"] == 120_0000_00
    assert (by_ref["ZJG-YH-DON-JS"]["amount_display"], by_ref["ZJG-YH-DON-JS"]["basis"]) == ("1,704 万元", "aggregate")
    assert by_ref["ZJG-YH-DON-GCH-TR"]["amount_display"] == "500 万元"
    assert by_ref["ZJG-YH-DON-GCH-YH"]["amount_display"] == "30 万元"
    assert by_ref["ZJG-YH-DON-QSH"]["amount_display"] == "14 万元"
    road = row(admin, "funds", "ZJG-YH-FUND-GSC")
    assert road["amount_display"] == "200 万元"
    assert "高峰有机农业产业园" in page(admin, "/parks/")


def test_suzhou_tongren_fiscal_aid_and_the_may_signing(admin):
    fiscal = row(admin, "funds", "SZ-TR-FUND-FISCAL")  # 16.6 亿元 over 1,093 projects, 520,000 poor people
    assert (fiscal["amount_display"], fiscal["project_count"], fiscal["poor_persons"]) == ("16.6 亿元", 1093, 520000)
    [event] = admin.get("/api/signing-totals/").json()["results"]
    assert (event["projects"]["total"], event["amount"]["display"], event["agreements"]["total"]) == (26, "27 亿元", 5)
    by_type = {t["label"]: t for t in event["by_type"]}
    assert (by_type["产业合作"]["projects"]["total"], by_type["产业合作"]["amount"]["display"]) == (19, "23 亿元")
    assert (by_type["消费帮扶"]["projects"]["total"], by_type["消费帮扶"]["amount"]["display"]) == (7, "4 亿元")
    assert (by_type["劳务协作"]["agreements"]["total"], by_type["扶志扶智"]["agreements"]["total"]) == (3, 2)
