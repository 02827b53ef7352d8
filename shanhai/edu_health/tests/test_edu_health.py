"""Education and health pairing: the 55 paired schools and 15 health centres (seed 000) read back from
the pairing machinery; the 铜仁班 of 苏州技师学院 and its 31 students under "1+1+1" (seed 003); Kunshan
TCM hospital's three-year tier-3 goal (seed 000) — through the selectors, the pages and the API, with
their basis; the templates, good and bad; and scope."""

import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.edu_health import services
from shanhai.edu_health.models import HospitalGoal, HostClass, OneOneOne
from shanhai.edu_health.selectors import (
    health_centre_coverage,
    hospital_goals_for,
    host_classes_for,
    host_classes_totals,
    one_one_one_for,
    one_one_one_totals,
    school_coverage,
)
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def pairing(reference):
    return Pairing.objects.get(reference=reference)


# ---------------------------------------------------------------- schools and health centres (the pairings)


def test_bijiang_55_schools_and_15_health_centres_fully_paired():
    # Seed 000: 昆山与碧江各校建立了点对点共建结对关系，实现全覆盖结对55所；昆山市与碧江区中医院和15个乡镇卫生院
    # 建立了点对点合作伙伴关系，实现全覆盖。
    bijiang = Region.objects.get(code="520602000000")
    schools = school_coverage(region=bijiang, year=2019, within=pairing("KS-BJ"))
    assert (schools.target_total, schools.paired_total, schools.aggregate_paired, schools.complete) == (55, 55, 55, True)
    assert schools.target_basis == "reported"
    centres = health_centre_coverage(region=bijiang, year=2019, within=pairing("KS-BJ"))
    assert (centres.target_total, centres.paired_total, centres.complete) == (15, 15, True)


# ---------------------------------------------------------------- the 铜仁班 and 1+1+1


def test_tongren_class_at_suzhou_technician_college_holds_31_poor_students(demo_users):
    # Seed 003: 在苏州技师学院开设“铜仁班”，目前已招收31名铜仁籍贫困学生免费就读
    tongren_class = host_classes_for(user=demo_users["jiangsu"]).get(name="铜仁班")
    assert tongren_class.school.name == "苏州技师学院" and tongren_class.school_region_id == "320500000000"
    assert (tongren_class.students, tongren_class.poor_students, tongren_class.free_tuition) == (31, 31, True)
    assert (tongren_class.year, tongren_class.origin_region_id, tongren_class.basis) == (2020, "520600000000", "aggregate")
    totals = host_classes_totals(user=demo_users["jiangsu"], pairing=pairing("SZ-TR"))
    assert (totals.classes, totals.students.total, totals.students.aggregate, totals.poor_students.total) == (1, 31, 31, 31)


def test_one_one_one_31_children_parents_and_households_unknown(demo_users):
    # Seed 003: 实现1名孩子来苏就读，促进至少1名家长来苏就业，带动1户家庭整体脱贫 — 31 students; parents and
    # households are not given, so they are unknown, not zero.
    totals = one_one_one_totals(user=demo_users["jiangsu"], pairing=pairing("SZ-TR"), year=2020)
    assert (totals.records, totals.children.total, totals.children.aggregate, totals.children.itemised) == (1, 31, 31, 0)
    assert (totals.poor_children.total, totals.parents_employed.records, totals.households_exited.records) == (31, 0, 0)
    assert (totals.parents_unknown, totals.households_unknown) == (1, 1)
    record = one_one_one_for(user=demo_users["jiangsu"]).get(reference="SZ-TR-111-2020")
    # The class fills in the school, the regions and the pairing.
    assert (record.host_school.name, record.host_region_id, record.origin_region_id, record.pairing.reference) == (
        "苏州技师学院", "320500000000", "520600000000", "SZ-TR",
    )
    assert (record.parents_employed, record.households_exited, record.parents_text, record.households_text) == (
        None, None, "不详", "不详",
    )


def test_one_one_one_and_host_class_pages_and_api(client_for):
    client = client_for("jiangsu")
    listing = text(client, "/one-one-one/")
    assert "SZ-TR-111-2020" in listing and "31 名" in listing and "不详" in listing and "汇总（只知总数）" in listing
    tongren_class = HostClass.objects.get(reference="SZ-TR-CLASS-SZJS")
    detail = text(client, f"/host-classes/{tongren_class.pk}/")
    assert "苏州技师学院" in detail and "铜仁班" in detail and "在读学生 31" in detail
    assert "来东部就读学生 31" in detail and "条记录不详" in detail  # the 1+1+1 panel
    [row] = client.get("/api/one-one-one/?search=1%2B1%2B1").json()["results"]
    assert (row["children"], row["poor_children"], row["parents_employed"], row["households_exited"], row["basis"]) == (
        31, 31, None, None, "aggregate",
    )
    assert (row["host_class"], row["pairing"]) == ("SZ-TR-CLASS-SZJS", "SZ-TR")
    [row] = client.get("/api/host-classes/").json()["results"]
    assert (row["school_display"], row["name"], row["students"], row["poor_students"], row["basis"]) == (
        "苏州技师学院", "铜仁班", 31, 31, "aggregate",
    )


# ---------------------------------------------------------------- hospital goal


def test_kunshan_tcm_hospital_to_bring_bijiang_tcm_hospital_to_tier_3_by_2022(demo_users):
    # Seed 000 (2019): 昆山中医院计划三年内帮助毕江中医院升级为三级医院
    [goal] = hospital_goals_for(user=demo_users["bijiang"], pairing=pairing("KS-BJ"))
    assert (goal.helper.name, goal.helped.name, goal.target_grade) == ("昆山市中医医院", "碧江区中医医院", "三级")
    assert (goal.start_year, goal.due_year, goal.years, goal.goal_status, goal.achieved_on) == (2019, 2022, 3, "underway", None)
    assert goal.pairing.reference == "KS-BJ-HOSPITALS" and "毕江" in goal.note


def test_hospital_goal_pages_and_api(client_for):
    client = client_for("kunshan")
    listing = text(client, "/hospital-goals/")
    assert "昆山市中医医院" in listing and "三级医院" in listing and "2019—2022年（3年）" in listing and "推进中" in listing
    [row] = client.get("/api/hospital-goals/").json()["results"]
    assert (row["start_year"], row["due_year"], row["goal_status"], row["goal_status_display"], row["basis"]) == (
        2019, 2022, "underway", "推进中", "itemised",
    )
    assert row["pairing"] == "KS-BJ-HOSPITALS"


# ---------------------------------------------------------------- scope


def yanhe_one_one_one(admin) -> OneOneOne:
    return services.one_one_one_create(
        actor=admin, reference="ZJG-YH-111-T", host_region=Region.objects.get(code="320582000000"),
        origin_region=Region.objects.get(code="520627107211"), year=2020, children=2, basis="aggregate",
    )


def test_bijiang_cannot_see_or_change_yanhe_one_one_one(client_for, demo_users):
    other = yanhe_one_one_one(demo_users["admin"])
    client = client_for("bijiang")
    assert client.get(f"/one-one-one/{other.pk}/").status_code == 404
    assert client.get(f"/api/one-one-one/{other.pk}/").status_code == 404
    assert client.post(f"/one-one-one/{other.pk}/delete/").status_code == 404
    assert client.delete(f"/api/one-one-one/{other.pk}/").status_code == 404
    response = client.post("/api/one-one-one/", {
        "reference": "X-111", "host_region": "320582", "origin_region": "520627107211", "year": 2020, "children": 1,
    }, content_type="application/json")
    assert response.status_code == 403
    assert not OneOneOne.objects.filter(reference="X-111").exists()
    assert one_one_one_totals(user=demo_users["bijiang"]).records == 0
    assert one_one_one_totals(user=demo_users["yanhe"]).children.total == 2


def test_bijiang_cannot_import_over_a_yanhe_one_one_one(demo_users):
    yanhe_one_one_one(demo_users["admin"])
    result = import_file(importer_get("one-one-one"), filename="o.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["台账编号", "就读地区划代码", "户籍地区划代码", "年度", "来东部就读学生", "登记方式"],
        ["ZJG-YH-111-T", "320582", "520627107211", "2020", "9", "汇总（只知总数）"],
    ]))
    [problem] = result.problems
    # Yanhe's record is beyond Bijiang's sight: its 台账编号 reads as taken, and nothing more is said.
    assert problem.row == 2 and "已被其他单位的记录使用" in problem.reason and "520627" not in problem.reason
    assert OneOneOne.objects.get(reference="ZJG-YH-111-T").children == 2


# ---------------------------------------------------------------- templates: a good file and a bad one


CLASS_HEADER = ["台账编号", "承办学校", "班级名称", "生源地区划代码", "结对编号", "人数所属年度", "在读学生", "其中建档立卡贫困学生", "登记方式"]


def test_host_class_template_good_and_bad(demo_users):
    importer, jiangsu = importer_get("host-classes"), demo_users["jiangsu"]
    good = import_file(importer, filename="h.csv", actor=jiangsu, data=csv_bytes([
        CLASS_HEADER, ["SZ-T-CLASS", "苏州技师学院", "测试班", "520602", "SZ-TR", "2021", "", "", "汇总（只知总数）"],
    ]))
    assert good.ok and good.created == 1
    created = HostClass.objects.get(reference="SZ-T-CLASS")
    assert (created.school_region_id, created.students) == ("320500000000", None)  # unknown stays empty
    assert host_classes_totals(user=jiangsu).students_unknown == 1

    before = HostClass.objects.count()
    bad = import_file(importer, filename="h.csv", actor=jiangsu, data=csv_bytes([
        CLASS_HEADER,
        ["SZ-T-CLASS-2", "苏州技师学院", "测试二班", "520602", "SZ-TR", "2021", "10", "12", "汇总（只知总数）"],
        ["SZ-T-CLASS-3", "不存在的学校", "测试三班", "520602", "SZ-TR", "2021", "10", "", "汇总（只知总数）"],
        ["SZ-T-CLASS-4", "苏州技师学院", "测试四班", "520602", "SZ-TR", "", "10", "", "汇总（只知总数）"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "其中建档立卡贫困学生")] == "贫困学生不能多于在读学生。"
    assert reasons[(3, "承办学校")].startswith("找不到单位")
    assert reasons[(4, "人数所属年度")] == "必填项为空"
    assert HostClass.objects.count() == before


ONE_HEADER = ["台账编号", "就读班级编号", "户籍地区划代码", "年度", "来东部就读学生", "来东部就业家长", "带动脱贫户", "登记方式"]


def test_one_one_one_template_good_and_bad(demo_users):
    importer, jiangsu = importer_get("one-one-one"), demo_users["jiangsu"]
    good = import_file(importer, filename="o.csv", actor=jiangsu, data=csv_bytes([
        ONE_HEADER, ["SZ-T-111-H1", "SZ-TR-CLASS-SZJS", "", "2020", "1", "1", "1", "逐笔登记"],
    ]))
    assert good.ok and good.created == 1
    totals = one_one_one_totals(user=jiangsu, pairing=pairing("SZ-TR"))
    assert (totals.children.total, totals.children.itemised, totals.parents_employed.total, totals.parents_unknown) == (32, 1, 1, 1)

    before = OneOneOne.objects.count()
    bad = import_file(importer, filename="o.csv", actor=jiangsu, data=csv_bytes([
        ONE_HEADER,
        ["SZ-T-111-H2", "SZ-TR-CLASS-SZJS", "", "2020", "1", "1", "3", "逐笔登记"],
        ["SZ-T-111-H3", "SZ-NO-SUCH-CLASS", "", "2020", "1", "", "", "逐笔登记"],
        ["SZ-T-111-H4", "", "", "2020", "2", "", "", "汇总（只知总数）"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "带动脱贫户")].startswith("逐户登记的记录只代表 1 户")
    assert reasons[(3, "就读班级编号")].startswith("东部学校定向班编号不存在")
    assert reasons[(4, "就读地区划代码")].startswith("请填就读学校、班级或就读地区划")
    assert OneOneOne.objects.count() == before


GOAL_HEADER = ["台账编号", "医院结对编号", "帮扶医院", "受帮扶医院", "目标", "起始年度", "目标年度", "进展", "实现日期"]


def test_hospital_goal_template_good_and_bad(demo_users):
    importer, kunshan = importer_get("hospital-goals"), demo_users["kunshan"]
    good = import_file(importer, filename="g.csv", actor=kunshan, data=csv_bytes([
        GOAL_HEADER, ["KS-T-GOAL", "KS-BJ-HOSPITALS", "昆山市中医医院", "碧江区中医医院", "共建重点专科", "2019", "2020", "已实现", "2020-12-01"],
    ]))
    assert good.ok and good.created == 1
    assert HospitalGoal.objects.get(reference="KS-T-GOAL").helped_region_id == "520602000000"

    before = HospitalGoal.objects.count()
    bad = import_file(importer, filename="g.csv", actor=kunshan, data=csv_bytes([
        GOAL_HEADER,
        ["KS-T-GOAL-2", "KS-BJ-HOSPITALS", "昆山市中医医院", "碧江区中医医院", "目标二", "2019", "2018", "推进中", ""],
        ["KS-T-GOAL-3", "KS-BJ-HOSPITALS", "昆山市中医医院", "碧江区中医医院", "目标三", "2019", "2022", "已实现", ""],
        ["KS-T-GOAL-4", "KS-BJ-NO-SUCH", "昆山市中医医院", "碧江区中医医院", "目标四", "2019", "2022", "推进中", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "目标年度")] == "目标年度不能早于起始年度。"
    assert reasons[(3, "实现日期")] == "已实现的目标请填实现日期。"
    assert reasons[(4, "医院结对编号")].startswith("结对编号不存在")
    assert HospitalGoal.objects.count() == before


def test_yanhe_operator_cannot_import_a_kunshan_hospital_goal(demo_users):
    result = import_file(importer_get("hospital-goals"), filename="g.csv", actor=demo_users["yanhe"], data=csv_bytes([
        GOAL_HEADER, ["YH-T-GOAL", "KS-BJ-HOSPITALS", "昆山市中医医院", "碧江区中医医院", "x", "2019", "2022", "推进中", ""],
    ]))
    assert not result.ok and result.problems[0].reason.startswith("结对编号不存在或不在您的权限范围内：KS-BJ-HOSPITALS")
    assert not HospitalGoal.objects.filter(reference="YH-T-GOAL").exists()
    assert Organisation.objects.filter(name="苏州技师学院").count() == 1
