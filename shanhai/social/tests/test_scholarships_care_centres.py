"""亚香奖助学金 (seed 000) and 昆碧幸福里 (seeds 000/001): the seeds' figures through the selectors,
the ledger pages and the API, and their templates."""

import datetime
import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.social import services
from shanhai.social.models import CareCentre, Scholarship
from shanhai.social.selectors import (
    care_centres_for,
    care_centres_totals,
    scholarships_for,
    scholarships_totals,
)

pytestmark = pytest.mark.django_db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


# ---------------------------------------------------------------- 亚香奖助学金


def test_yaxiang_scholarship_of_100_wan_and_40_students_at_kunshan_summer_camps(demo_users):
    # Seed 000: 昆山亚香香料有限公司出资100万元成立“亚香奖助学金”……已连续两年组织碧江品学兼优的40名贫困学生到昆山开展夏令营
    totals = scholarships_totals(user=demo_users["bijiang"], pairing=ks_bj())
    assert (totals.schemes, totals.capital.total, str(totals.capital), totals.camp_students) == (1, 100_0000_00, "100 万元", 40)
    yaxiang = scholarships_for(user=demo_users["bijiang"]).get(name="亚香奖助学金")
    assert (yaxiang.donor_name, yaxiang.donor_region_id) == ("昆山亚香香料有限公司", "320583000000")
    assert (yaxiang.camp_students, yaxiang.camp_years, yaxiang.camp_place, yaxiang.basis) == (40, 2, "昆山", "aggregate")
    assert yaxiang.camps_text == "40 名学生赴昆山夏令营（连续 2 年）"


def test_scholarship_pages_and_api(client_for):
    client = client_for("kunshan")
    listing = text(client, "/scholarships/?q=亚香")
    assert "亚香奖助学金" in listing and "100 万元" in listing and "40 名学生赴昆山夏令营（连续 2 年）" in listing
    yaxiang = Scholarship.objects.get(reference="KS-BJ-SCH-YX")
    detail = text(client, f"/scholarships/{yaxiang.pk}/")
    assert "昆山亚香香料有限公司" in detail and "汇总（只知总数）" in detail and "夏令营学生人数 40" in detail
    [row] = client.get("/api/scholarships/?search=亚香").json()["results"]
    assert (row["capital"], row["capital_display"], row["camp_students"], row["camp_years"], row["basis"]) == (
        100_0000_00, "100 万元", 40, 2, "aggregate",
    )


# ---------------------------------------------------------------- 昆碧幸福里


def test_kunbi_xingfuli_cost_80_wan_opened_18_april_2019_and_serves_15_elders(demo_users):
    # Seed 001 (written late 2019): 7月由昆山东西部协作资金支持80万元修建，并于今年4月18日启用；
    # 现在来这里吃饭的有10个老人，还有5个老人我们每天送餐到家。
    centre = care_centres_for(user=demo_users["bijiang"]).get(name="昆碧幸福里")
    assert (centre.cost, centre.built_text, centre.opened_on) == (80_0000_00, "2018年7月", datetime.date(2019, 4, 18))
    assert (centre.dining_elders, centre.home_delivery_elders, centre.elders_served, centre.served_year) == (10, 5, 15, 2019)
    assert centre.region.name == "坪茶村村民委员会" and centre.funding_kind == "东西部协作资金"
    assert "四中心合一" in centre.functions
    totals = care_centres_totals(user=demo_users["kunshan"], pairing=ks_bj())
    assert (totals.centres, str(totals.cost), totals.dining_elders, totals.home_delivery_elders) == (1, "80 万元", 10, 5)


def test_care_centre_pages_and_api(client_for):
    client = client_for("bijiang")
    listing = text(client, "/care-centres/?q=幸福里")
    assert "昆碧幸福里" in listing and "80 万元" in listing and "2018年7月" in listing and "2019-04-18" in listing
    centre = CareCentre.objects.get(reference="KS-BJ-CARE-PCC")
    detail = text(client, f"/care-centres/{centre.pk}/")
    assert "到中心就餐老人 10" in detail and "送餐到家老人 5" in detail and "逐笔登记" in detail
    [row] = client.get("/api/care-centres/?search=幸福里").json()["results"]
    assert (row["cost"], row["cost_display"], row["opened_on"], row["dining_elders"], row["home_delivery_elders"]) == (
        80_0000_00, "80 万元", "2019-04-18", 10, 5,
    )
    assert (row["built_year"], row["built_month"], row["basis"]) == (2018, 7, "itemised")


# ---------------------------------------------------------------- scope


def yanhe_centre(admin) -> CareCentre:
    return services.care_centre_create(
        actor=admin, reference="ZJG-YH-CARE-T", name="沿河测试关爱中心", region=Region.objects.get(code="520627107211"),
        funder_name="张家港市", funder_region=Region.objects.get(code="320582000000"), cost=10_0000_00,
    )


def test_bijiang_cannot_see_or_change_yanhe_care_centres(client_for, demo_users):
    other = yanhe_centre(demo_users["admin"])
    client = client_for("bijiang")
    assert client.get(f"/care-centres/{other.pk}/").status_code == 404
    assert client.get(f"/api/care-centres/{other.pk}/").status_code == 404
    assert client.post(f"/care-centres/{other.pk}/delete/").status_code == 404
    assert client.delete(f"/api/care-centres/{other.pk}/").status_code == 404
    response = client.post("/api/care-centres/", {
        "reference": "X-1", "name": "x", "region": "520627107211", "funder_name": "x", "funder_region": "320582",
    }, content_type="application/json")
    assert response.status_code == 403
    assert not CareCentre.objects.filter(reference="X-1").exists()
    assert care_centres_totals(user=demo_users["bijiang"]).centres == 1


def test_bijiang_cannot_import_over_a_yanhe_care_centre(demo_users):
    yanhe_centre(demo_users["admin"])
    result = import_file(importer_get("care-centres"), filename="c.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["台账编号", "名称", "所在区划代码", "出资方", "出资方区划代码", "建设投入"],
        ["ZJG-YH-CARE-T", "改名", "520627107211", "张家港市", "320582", "1万元"],
    ]))
    [problem] = result.problems
    assert problem.row == 2 and out_of_reach(problem.reason)
    assert CareCentre.objects.get(reference="ZJG-YH-CARE-T").name == "沿河测试关爱中心"


# ---------------------------------------------------------------- templates: a good file and a bad one


SCHOLARSHIP_HEADER = ["台账编号", "名称", "出资方", "出资单位", "出资方区划代码", "资助地区区划代码", "出资额", "夏令营学生人数", "夏令营举办年数", "登记方式"]


def test_scholarship_template_good_and_bad(demo_users):
    importer, kunshan = importer_get("scholarships"), demo_users["kunshan"]
    good = import_file(importer, filename="s.csv", actor=kunshan, data=csv_bytes([
        SCHOLARSHIP_HEADER, ["KS-T-SCH", "测试助学金", "昆山亚香香料有限公司", "亚香香料", "", "520602", "5万元", "", "", "逐笔登记"],
    ]))
    assert good.ok and good.created == 1
    assert Scholarship.objects.get(reference="KS-T-SCH").donor_region_id == "320583000000"

    before = Scholarship.objects.count()
    bad = import_file(importer, filename="s.csv", actor=kunshan, data=csv_bytes([
        SCHOLARSHIP_HEADER,
        ["KS-T-SCH-2", "测试助学金二", "千灯镇", "", "320583108", "520602", "5万元", "", "", "逐笔登记"],
        ["KS-T-SCH-3", "测试助学金三", "某企业", "", "", "520602", "5万元", "", "", "逐笔登记"],
        ["KS-T-SCH-4", "测试助学金四", "千灯镇", "", "320583108", "520602", "", "", "2", "汇总（只知总数）"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(3, "出资方区划代码")].startswith("请填出资方区划")
    assert reasons[(4, "夏令营学生人数")].startswith("填了夏令营年数")
    assert Scholarship.objects.count() == before


CARE_HEADER = ["台账编号", "名称", "所在区划代码", "出资方", "出资方区划代码", "建设投入", "修建年度", "修建月份", "启用日期", "到中心就餐老人", "服务人数所属年度"]


def test_care_centre_template_good_and_bad(demo_users):
    importer, bijiang = importer_get("care-centres"), demo_users["bijiang"]
    good = import_file(importer, filename="c.csv", actor=bijiang, data=csv_bytes([
        CARE_HEADER, ["BJ-T-CARE", "测试日间照料中心", "520602101208", "张浦镇", "320583106", "20万元", "2019", "9", "2020-01-10", "8", "2020"],
    ]))
    assert good.ok and good.created == 1
    assert care_centres_totals(user=bijiang).dining_elders == 18

    before = CareCentre.objects.count()
    bad = import_file(importer, filename="c.csv", actor=bijiang, data=csv_bytes([
        CARE_HEADER,
        ["BJ-T-CARE-2", "测试二", "520602101208", "张浦镇", "320583106", "20万元", "2019", "13", "", "", ""],
        ["BJ-T-CARE-3", "测试三", "520602101208", "张浦镇", "320583106", "20万元", "2020", "9", "2020-01-10", "", ""],
        ["BJ-T-CARE-4", "测试四", "520602101208", "张浦镇", "320583106", "20万元", "", "", "", "8", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "修建月份")] == "月份应为 1–12。"
    assert reasons[(3, "启用日期")] == "启用日期早于修建时间。"
    assert reasons[(4, "服务人数所属年度")] == "请填服务人数所属年度。"
    assert CareCentre.objects.count() == before
