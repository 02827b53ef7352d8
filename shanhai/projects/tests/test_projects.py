"""Projects, funding, benefit links and assets: the seeds' figures through the selectors, pages and API."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shanhai.funds.models import Fund
from shanhai.pairings.models import Pairing
from shanhai.projects.models import Project, ProjectAsset
from shanhai.projects.selectors import (
    fund_use,
    project_benefit_links,
    project_funding,
    project_outputs,
    projects_for,
    projects_total,
)
from shanhai.projects.services import allocation_create

pytestmark = pytest.mark.django_db


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def project(reference):
    return Project.objects.get(reference=reference)


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def api_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["results"]


def test_enterprise_pool_ten_projects_eight_reaching_937_households_2088_persons(demo_users):
    # Seed 000: the pool backs 10 industry projects; 8 of them (瓦屋乡 sika deer, 和平乡 camellia oil …)
    # reach 937 poor households / 2,088 persons. The 8 sit inside the 10: counted once.
    totals = projects_total(user=demo_users["admin"], pairing=pairing("KS-BJ-ENTERPRISES"))
    assert (totals.projects.itemised, totals.projects.aggregate, totals.projects.total) == (0, 10, 10)
    assert totals.beneficiaries["poor_households"].total == 937
    assert totals.beneficiaries["poor_persons"].total == 2088
    eight = project("KS-BJ-PRJ-ENT-8")
    assert (eight.project_count, eight.part_of.reference) == (8, "KS-BJ-PRJ-ENT-POOL")
    assert "瓦屋乡（520602203）梅花鹿养殖" in eight.note and "和平乡（520602202）油茶种植" in eight.note


def test_kunshan_bijiang_projects_without_double_counting(demo_users):
    totals = projects_total(user=demo_users["admin"], pairing=pairing("KS-BJ"))
    # the blueberry project, itemised; the pool's 10, aggregate
    assert (totals.projects.itemised, totals.projects.aggregate) == (1, 10)
    assert (totals.beneficiaries["poor_households"].itemised, totals.beneficiaries["poor_households"].aggregate) == (188, 937)
    assert (totals.beneficiaries["poor_persons"].itemised, totals.beneficiaries["poor_persons"].aggregate) == (734, 2088)


def test_blueberry_project_at_gaobatian(demo_users):
    # Seeds 000/001: 公司+合作社+农户; 138 亩 from 20-odd households, 105 亩 planted (seed 000 says 100),
    # 18,000 seedlings; 188 registered poor households / 734 persons; rent, wages, dividends by 622.
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    assert blueberry.pairing.reference == "KS-BJ-ENT-XH" and blueberry.helper_org.name == "昆山鲜活果汁有限公司"
    assert blueberry.operating_model.startswith("公司+合作社+农户")
    assert (blueberry.poor_households, blueberry.poor_persons, blueberry.get_status_display()) == (188, 734, "实施")
    outputs = {row.output.what: row for row in project_outputs(project=blueberry)}
    assert outputs["土地流转"].output.quantity_text == "138 亩" and "9.2 公顷" in outputs["土地流转"].conversions
    assert outputs["蓝莓种植"].output.quantity_text == "105 亩" and "100亩" in outputs["蓝莓种植"].output.note
    assert "7 公顷" in outputs["蓝莓种植"].conversions  # 105 亩 = 70,000 m², exactly
    assert outputs["蓝莓树苗栽种"].output.quantity_text == "18000 株" and outputs["蓝莓树苗栽种"].conversions == []
    links = {link.get_mode_display(): link for link in project_benefit_links(project=blueberry)}
    assert set(links) == {"流转租金", "务工薪金", "分红股金"}
    assert links["流转租金"].households_text == "20 户以上"
    rule = links["分红股金"].rule
    assert rule.code == "622" and [(s.recipient_class, int(s.percent)) for s in rule.shares.all()] == [
        ("poor_households", 60), ("village_collective", 20), ("reinvestment", 20)]
    [asset] = blueberry.assets.all()
    assert (asset.get_asset_class_display(), asset.owner_name, asset.value) == ("经营性", "高坝田村合作社", None)


def test_gaoshan_road_funded_by_200_wan(demo_users):
    road = project("ZJG-YH-PRJ-GSC-ROAD")
    funding = project_funding(project=road)
    assert (funding.known, funding.unknown, [a.fund.reference for a in funding.rows]) == (200_0000_00, 0, ["ZJG-YH-FUND-GSC"])
    use = fund_use(fund=Fund.objects.get(reference="ZJG-YH-FUND-GSC"))
    assert (use.funding.known, use.remaining) == (200_0000_00, 0)
    pool = fund_use(fund=Fund.objects.get(reference="KS-BJ-FUND-ENT-POOL"))
    assert (pool.funding.unknown, pool.remaining) == (1, None)


def test_allocations_never_exceed_their_line(demo_users):
    admin = demo_users["admin"]
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    town_funds = Fund.objects.get(reference="KS-BJ-FUND-TOWNS")  # 700 万 (以上)
    allocation_create(actor=admin, fund=town_funds, project=blueberry, amount=600_0000_00)
    with pytest.raises(ValidationError) as exc:
        allocation_create(actor=admin, fund=town_funds, project=project("KS-BJ-PRJ-ENT-8"), amount=100_0000_01)
    assert "超出资金余额" in str(exc.value) and "尚余 100 万元" in str(exc.value)
    allocation_create(actor=admin, fund=town_funds, project=project("KS-BJ-PRJ-ENT-8"), amount=100_0000_00)
    # one project, several lines
    allocation_create(actor=admin, fund=Fund.objects.get(reference="KS-BJ-FUND-ALL"), project=blueberry, amount=50_0000_00)
    assert project_funding(project=blueberry).known == 650_0000_00


def test_scope_follows_the_project(demo_users):
    refs = set(projects_for(user=demo_users["bijiang"]).values_list("reference", flat=True))
    assert refs == {"KS-BJ-PRJ-ENT-POOL", "KS-BJ-PRJ-ENT-8", "KS-BJ-PRJ-BLUEBERRY"}
    assert set(projects_for(user=demo_users["zhangjiagang"]).values_list("reference", flat=True)) == {"ZJG-YH-PRJ-GSC-ROAD"}
    assert not ProjectAsset.objects.visible_to(demo_users["zhangjiagang"]).exists()


def test_project_page_shows_its_rows(client_for):
    client = client_for("bijiang")
    page = page_text(client, f"/projects/{project('KS-BJ-PRJ-BLUEBERRY').pk}/")
    for text in ("高坝田村蓝莓种植项目", "公司+合作社+农户", "188", "734", "状态变更", "（登记）", "实施",
                 "138 亩", "9.2 公顷", "105 亩", "18000 株", "流转租金", "20 户以上", "务工薪金", "分红股金",
                 "622分配（按户均分）", "建档立卡贫困户 60%", "村集体经济 20%", "再投入 20%", "坝黄镇高坝田村蓝莓试种基地"):
        assert text in page, text
    pool = page_text(client, f"/projects/{project('KS-BJ-PRJ-ENT-POOL').pk}/")
    assert "项目个数 10" in pool and "其中" in pool and "8 个（汇总）" in pool and "937" in pool and "2088" in pool
    assert "KS-BJ-FUND-ENT-POOL" in pool and "金额不详" in pool
    road = page_text(client_for("zhangjiagang"), f"/projects/{project('ZJG-YH-PRJ-GSC-ROAD').pk}/")
    assert "200 万元" in road and "立项" in road
    # the provincial fund line lies in Jiangsu (32) and 高山村: the 思渠镇 operator reads it, Zhangjiagang does not
    fund = page_text(client_for("yanhe"), f"/funds/{Fund.objects.get(reference='ZJG-YH-FUND-GSC').pk}/")
    assert "安排到项目" in fund and "高山村村组道路硬化" in fund and "尚未安排 0 元" in fund


def test_region_page_sums_money_and_projects(client_for):
    bijiang = page_text(client_for("bijiang"), "/regions/520602/")
    assert "资金与项目" in bijiang and "另 1 笔金额不详" in bijiang
    # the towns' 700 万元以上 lies inside the 1.2 亿元 of all kinds since 2017: the total is taken once
    assert "乡镇结对资金 0 元 700 万元 700 万元以上" in bijiang and "合计（另 1 笔金额不详） 0 元 1.2 亿元 1.2 亿元" in bijiang
    assert "1.27 亿元" not in bijiang
    # the blueberry project (188 / 734) and the pool's 10 with the 8's 937 / 2,088
    assert "帮扶项目 11 个（逐项 1 + 汇总 10），惠及建档立卡贫困户 1125 户、贫困人口 2822 人" in bijiang
    tongren = page_text(client_for("admin"), "/regions/520600/")
    assert "16.6 亿元" in tongren and "财政援助资金" in tongren


def test_project_api(client_for):
    client = client_for("admin")
    [eight] = [r for r in api_rows(client, "/api/projects/?search=KS-BJ-PRJ-ENT-8") if r["reference"] == "KS-BJ-PRJ-ENT-8"]
    assert (eight["project_count"], eight["poor_households"], eight["poor_persons"], eight["basis"]) == (8, 937, 2088, "aggregate")
    assert eight["part_of"] == "KS-BJ-PRJ-ENT-POOL"
    [blueberry] = [r for r in api_rows(client, "/api/projects/?search=蓝莓") if r["reference"] == "KS-BJ-PRJ-BLUEBERRY"]
    assert (blueberry["status_display"], blueberry["poor_households"], blueberry["poor_persons"]) == ("实施", 188, 734)
    outputs = {r["what"]: r for r in api_rows(client, "/api/project-outputs/?search=KS-BJ-PRJ-BLUEBERRY")}
    assert (Decimal(outputs["蓝莓种植"]["quantity"]), outputs["蓝莓种植"]["unit"]) == (105, "亩")
    links = api_rows(client, "/api/benefit-links/?search=KS-BJ-PRJ-BLUEBERRY")
    assert {r["mode_display"]: r["rule"] for r in links} == {"流转租金": None, "务工薪金": None, "分红股金": "622"}
    [road] = api_rows(client, "/api/fund-allocations/?search=ZJG-YH-PRJ-GSC-ROAD")
    assert (road["fund"], road["project"], road["amount"], road["amount_display"]) == ("ZJG-YH-FUND-GSC", "ZJG-YH-PRJ-GSC-ROAD", 200_0000_00, "200 万元")
    [asset] = api_rows(client, "/api/project-assets/?search=蓝莓")
    assert (asset["asset_class_display"], asset["value"], asset["project"]) == ("经营性", None, "KS-BJ-PRJ-BLUEBERRY")


def test_project_form_and_api_create(client_for):
    client = client_for("bijiang")
    response = client.post("/projects/new/", {
        "reference": "BJ-PRJ-NEW", "name": "坪茶村道路", "category": "infrastructure", "place": "520602101",
        "helper_region": "320583", "pairing": "KS-BJ", "year": "2020", "status": "reserve", "basis": "itemised", "qualifier": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Project.objects.get(reference="BJ-PRJ-NEW")
    assert [c.to_status for c in created.status_changes.all()] == ["reserve"]
    response = client.post("/api/projects/", {
        "reference": "BJ-PRJ-API", "name": "x", "category": "industry", "place": "520602101", "helper_region": "320583",
        "year": 2020, "basis": "itemised",
    }, content_type="application/json")
    assert response.status_code == 400 and "逐项登记的项目须填状态" in response.content.decode()
    response = client.post("/api/projects/", {
        "reference": "BJ-PRJ-API", "name": "x", "category": "industry", "place": "520627", "helper_region": "320582",
        "year": 2020, "basis": "itemised", "status": "reserve",
    }, content_type="application/json")
    assert response.status_code == 403 and not Project.objects.filter(reference="BJ-PRJ-API").exists()
