"""Talent exchange: seed 000/001's "six tens" plan for Kunshan ↔ Bijiang and 孙道寻's secondment,
through the selectors, the pages and the API; months served and plan completion derived."""

import datetime
import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.records import Basis
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.talent import services
from shanhai.talent.models import (
    Direction,
    QuotaPlan,
    TalentKind,
    TalentPlacement,
    TrainingBatch,
    months_between,
)
from shanhai.talent.selectors import (
    pairing_quota_completion,
    placements_for,
    placements_serving,
    placements_total,
    quota_completion,
    quota_completions,
    quota_plans_for,
    quota_target_total,
    trainings_total,
)

pytestmark = pytest.mark.django_db

SIX_TENS = {"教师", "医生", "农技专家", "科技人才", "企业家", "社会工作者"}


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


def kind(code):
    return TalentKind.objects.get(code=code)


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def placement(actor, reference, *, kind_code="teacher", year=2019, persons=1, basis=Basis.ITEMISED, name="",
              pairing_ref="KS-BJ", east="320583", west="520602", direction=Direction.EAST_TO_WEST, **extra):
    return services.talent_placement_create(
        actor=actor, reference=reference, kind=kind(kind_code), direction=direction, person_name=name, persons=persons,
        east_party="东部测试单位", east_region=region(east), west_party="西部测试单位", west_region=region(west),
        pairing=pairing(pairing_ref) if pairing_ref else None, year=year, basis=basis, **extra,
    )


# ---------------------------------------------------------------- the seeds' records


def test_kunshan_sends_ten_of_each_of_six_kinds_a_year(demo_users):
    # Seed 000: 每年选派10名优秀教师支教，10名骨干医生支医，10名农业科技专家支农，10名科技人才交流，
    # 10名优秀企业家考察，10名社会工作专家指导.
    for year in (2019, 2020):
        plans = list(quota_plans_for(user=demo_users["kunshan"], pairing=pairing("KS-BJ"), year=year))
        assert {p.kind.name for p in plans} == SIX_TENS
        assert {p.target for p in plans} == {10}
        assert {p.direction for p in plans} == {Direction.EAST_TO_WEST}
        assert quota_target_total(user=demo_users["bijiang"], pairing=pairing("KS-BJ"), year=year) == 60
    assert not quota_plans_for(user=demo_users["admin"], pairing=pairing("KS-BJ"), year=2018).exists()
    activities = set(QuotaPlan.objects.filter(reference__startswith="KS-BJ-SIX-TENS").values_list("activity", flat=True))
    assert activities == {"优秀教师支教", "骨干医生支医", "农业科技专家支农", "科技人才交流", "优秀企业家考察", "社会工作专家指导"}


def test_six_tens_completion_is_unknown_not_zero_while_nobody_is_recorded(demo_users):
    rows = pairing_quota_completion(user=demo_users["admin"], pairing=pairing("KS-BJ"), year=2019)
    assert len(rows) == 6
    assert {(r.target, r.known, r.rate, r.done_text) for r in rows} == {(10, False, None, "未登记")}


def test_sun_daoxun_seconded_from_kunshan_as_bijiang_deputy_head(demo_users):
    # Seed 001: 昆山挂职干部、碧江区区委常委、副区长孙道寻 — start date not given.
    [p] = placements_for(user=demo_users["bijiang"], pairing=pairing("KS-BJ"), kind=kind("cadre"))
    assert (p.person_name, p.post, p.year, p.persons, p.basis) == ("孙道寻", "碧江区委常委、副区长", 2019, 1, "itemised")
    assert (p.home_party, p.host_party, p.home_region.code, p.host_region.code) == (
        "昆山市", "碧江区", "320583000000", "520602000000",
    )
    assert (p.start_date, p.end_date, p.months_served(datetime.date(2020, 6, 29))) == (None, None, None)
    total = placements_total(user=demo_users["kunshan"], pairing=pairing("KS-BJ"), year=2019)
    assert (total.total, total.itemised, total.aggregate) == (1, 1, 0)


# ---------------------------------------------------------------- derived figures


def test_months_served_are_whole_months_across_year_ends():
    assert months_between(datetime.date(2019, 11, 15), datetime.date(2020, 2, 14)) == 2
    assert months_between(datetime.date(2019, 11, 15), datetime.date(2020, 2, 15)) == 3
    assert months_between(datetime.date(2019, 12, 31), datetime.date(2020, 1, 30)) == 0
    assert months_between(datetime.date(2019, 12, 31), datetime.date(2020, 1, 31)) == 1
    assert months_between(datetime.date(2020, 1, 31), datetime.date(2020, 2, 29)) == 1  # to the month's last day
    assert months_between(datetime.date(2017, 10, 1), datetime.date(2020, 9, 30)) == 35
    assert months_between(datetime.date(2020, 3, 1), datetime.date(2020, 2, 1)) == 0


def test_months_served_still_serving_are_counted_to_the_given_day(demo_users):
    admin = demo_users["admin"]
    serving = placement(admin, "T-SERVE", kind_code="cadre", name="测试", start_date=datetime.date(2019, 8, 20))
    assert serving.months_served(datetime.date(2020, 1, 19)) == 4
    assert serving.months_served(datetime.date(2020, 1, 20)) == 5
    assert serving.months_served(datetime.date(2019, 8, 1)) == 0
    ended = placement(admin, "T-ENDED", kind_code="cadre", name="测试二", start_date=datetime.date(2019, 8, 20),
                      end_date=datetime.date(2021, 8, 19))
    assert ended.months_served(datetime.date(2030, 1, 1)) == 23  # the end date, not the day asked
    assert ended.months_served(datetime.date(2020, 8, 20)) == 12
    on = datetime.date(2021, 12, 1)
    refs = set(placements_serving(user=admin, on=on, pairing=pairing("KS-BJ")).values_list("reference", flat=True))
    assert {"T-SERVE", "KS-BJ-TAL-SDX"} <= refs and "T-ENDED" not in refs


def test_completion_counts_the_year_kind_and_direction_with_basis_apart(demo_users):
    admin = demo_users["admin"]
    for i in range(3):
        placement(admin, f"T-TEACH-{i}", name=f"教师{i}")
    placement(admin, "T-TEACH-GROUP", persons=5, basis=Basis.AGGREGATE, pairing_ref="KS-BJ-SCHOOLS")  # nested pair
    placement(admin, "T-TEACH-2020", name="次年", year=2020)
    placement(admin, "T-TEACH-WEST", name="西来", direction=Direction.WEST_TO_EAST)
    placement(admin, "T-DOCTOR", kind_code="doctor", name="医生")
    plan = QuotaPlan.objects.get(reference="KS-BJ-SIX-TENS-TEACHER")
    c = quota_completion(user=admin, plan=plan, year=2019)
    assert (c.done.total, c.done.itemised, c.done.aggregate, c.rate, c.rate_text) == (8, 3, 5, 80.0, "80%")
    by_year = {c.year: c for c in quota_completions(user=admin, plan=plan, up_to_year=2020)}
    assert (by_year[2020].done.total, by_year[2020].rate) == (1, 10.0)
    # Bijiang reads the same figure: the records lie in its county.
    assert quota_completion(user=demo_users["bijiang"], plan=plan, year=2019).done.total == 8


def test_training_totals_keep_aggregate_apart(demo_users):
    admin = demo_users["admin"]
    common = dict(east_party="昆山市", east_region=region("320583"), west_party="碧江区", west_region=region("520602"),
                  pairing=pairing("KS-BJ"), year=2020)
    services.training_batch_create(actor=admin, reference="T-TRN-1", topic="测试培训", persons=40, person_times=80,
                                   poor_persons=12, **common)
    services.training_batch_create(actor=admin, reference="T-TRN-AGG", topic="测试汇总", batches=3, persons=100,
                                   basis=Basis.AGGREGATE, **common)
    t = trainings_total(user=demo_users["bijiang"], pairing=pairing("KS-BJ"), year=2020)
    assert (t.batches.total, t.batches.aggregate, t.persons.total, t.persons.itemised, t.persons.aggregate) == (4, 3, 140, 40, 100)
    # person-times and poor persons: only the batch that gives them counts; the other is unknown, not zero
    assert (t.person_times.total, t.person_times.records, t.poor_persons.total, t.poor_persons.records) == (80, 1, 12, 1)


def test_model_rules(demo_users):
    from django.core.exceptions import ValidationError

    admin = demo_users["admin"]
    with pytest.raises(ValidationError) as exc:
        placement(admin, "T-BAD-1", persons=3, name="某人")
    assert "persons" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        placement(admin, "T-BAD-2", name="某人", start_date=datetime.date(2020, 1, 2), end_date=datetime.date(2020, 1, 1))
    assert "end_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.quota_plan_create(
            actor=admin, reference="T-PLAN-DUP", plan_name="重复", pairing=pairing("KS-BJ"), kind=kind("teacher"),
            target=5, first_year=2020, east_party="昆山市", east_region=region("320583"), west_party="碧江区",
            west_region=region("520602"),
        )
    assert "KS-BJ-SIX-TENS-TEACHER" in str(exc.value)


# ---------------------------------------------------------------- pages and API


def test_pages_show_the_plan_and_the_secondment(client_for):
    client = client_for("bijiang")
    plan = QuotaPlan.objects.get(reference="KS-BJ-SIX-TENS-DOCTOR")
    detail = text(client, f"/quota-plans/{plan.pk}/")
    assert "骨干医生支医" in detail and "每年目标人数 10" in detail and "2019 10 未登记" in detail
    listing = text(client, "/quota-plans/?q=SIX-TENS")
    assert listing.count("2019年起") == 6 and "社会工作专家指导" in listing
    page = text(client, "/talent-placements/?q=孙道寻")
    assert "孙道寻" in page and "碧江区委常委、副区长" in page and "昆山市" in page and "逐笔登记" in page
    p = TalentPlacement.objects.get(reference="KS-BJ-TAL-SDX")
    assert "不详（未载开始日期）" in text(client, f"/talent-placements/{p.pk}/")
    for slug in ("talent-placements", "quota-plans", "training-batches"):
        assert client.get(f"/{slug}/new/").status_code == 200
        export = client.get(f"/{slug}/?export=csv")
        assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
        assert client_for("admin").get(f"/imports/{slug}/template.xlsx").status_code == 200


def test_api_reads_the_six_tens_and_the_secondment_with_basis(client_for):
    client = client_for("kunshan")
    rows = client.get("/api/quota-plans/?search=SIX-TENS").json()["results"]
    assert len(rows) == 6
    assert {(r["kind_display"], r["target"], r["first_year"], r["last_year"], r["pairing"]) for r in rows} == {
        (k, 10, 2019, None, "KS-BJ") for k in SIX_TENS
    }
    [row] = client.get("/api/talent-placements/?search=孙道寻").json()["results"]
    assert (row["person_name"], row["post"], row["kind"], row["year"], row["persons"], row["basis"]) == (
        "孙道寻", "碧江区委常委、副区长", "cadre", 2019, 1, "itemised",
    )
    assert (row["start_date"], row["end_date"], row["direction"]) == (None, None, "east_to_west")
    response = client.post("/api/talent-placements/", {
        "reference": "API-TAL-1", "kind": "doctor", "person_name": "测试医生", "east_party": "昆山市中医医院",
        "east_region": "320583", "west_party": "碧江区中医医院", "west_region": "520602", "pairing": "KS-BJ-HOSPITALS",
        "year": 2020, "start_date": "2020-03-01",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert TalentPlacement.objects.get(reference="API-TAL-1").pairing.reference == "KS-BJ-HOSPITALS"


# ---------------------------------------------------------------- imports


PLACEMENT_HEADER = ["台账编号", "人才类别", "方向", "姓名", "人数", "东部一方", "东部区划代码", "西部一方", "西部区划代码",
                    "结对编号", "挂任职务/岗位", "年度", "开始日期", "结束日期", "登记方式"]


def test_placement_import_good_and_bad(demo_users):
    kunshan = demo_users["kunshan"]
    good = import_file(importer_get("talent-placements"), filename="p.csv", actor=kunshan, data=csv_bytes([
        PLACEMENT_HEADER,
        ["T-IMP-1", "教师", "东部→西部", "测试教师", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ-SCHOOLS", "支教", "2020",
         "2020-02-10", "", "逐笔登记"],
        ["T-IMP-2", "医生", "", "", "6", "昆山市", "320583", "碧江区", "520602", "KS-BJ-HOSPITALS", "", "2020", "", "",
         "汇总（只知总数）"],
    ]))
    assert good.ok and good.created == 2, [str(p) for p in good.problems]
    assert TalentPlacement.objects.get(reference="T-IMP-2").persons == 6
    before = TalentPlacement.objects.count()
    bad = import_file(importer_get("talent-placements"), filename="p.csv", actor=kunshan, data=csv_bytes([
        PLACEMENT_HEADER,
        ["T-IMP-3", "教师", "", "甲", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "", "2020", "", "", ""],
        ["T-IMP-4", "厨师", "", "乙", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "", "2020", "", "", ""],
        ["T-IMP-5", "教师", "", "丙", "", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "", "2020", "2020-05-01",
         "2020-04-01", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert "未知人才类别" in reasons[(3, "人才类别")]
    assert reasons[(4, "结束日期")] == "结束日期不能早于开始日期。"
    assert TalentPlacement.objects.count() == before


QUOTA_HEADER = ["台账编号", "计划名称", "结对编号", "人才类别", "每年目标人数", "起始年度", "截止年度", "东部一方", "东部区划代码",
                "西部一方", "西部区划代码"]


def test_quota_plan_import_good_and_bad(demo_users):
    admin = demo_users["admin"]
    good = import_file(importer_get("quota-plans"), filename="q.csv", actor=admin, data=csv_bytes([
        QUOTA_HEADER, ["T-Q-1", "测试计划", "ZJG-YH", "教师", "5", "2020", "2020", "张家港市", "320582", "沿河县", "520627"],
    ]))
    assert good.ok and good.created == 1, [str(p) for p in good.problems]
    before = QuotaPlan.objects.count()
    bad = import_file(importer_get("quota-plans"), filename="q.csv", actor=admin, data=csv_bytes([
        QUOTA_HEADER,
        ["T-Q-2", "测试计划", "ZJG-YH", "医生", "5", "2020", "", "张家港市", "320582", "沿河县", "520627"],
        ["T-Q-3", "测试计划", "ZJG-YH", "医生", "5", "2021", "2020", "张家港市", "320582", "沿河县", "520627"],
        ["T-Q-4", "测试计划", "NOPE", "医生", "十", "2020", "", "张家港市", "320582", "沿河县", "520627"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(3, "截止年度")] == "截止年度不能早于起始年度。"
    assert "结对编号不存在" in reasons[(4, "结对编号")] and reasons[(4, "每年目标人数")] == "应为整数"
    assert QuotaPlan.objects.count() == before


TRAINING_HEADER = ["台账编号", "培训主题", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "年度", "开始日期", "培训人数",
                   "培训人次", "其中贫困人口"]


def test_training_import_good_and_bad(demo_users):
    kunshan = demo_users["kunshan"]
    good = import_file(importer_get("training-batches"), filename="t.csv", actor=kunshan, data=csv_bytes([
        TRAINING_HEADER, ["T-TR-1", "测试培训", "昆山市", "320583", "碧江区", "520602", "2020", "2020-06-01", "30", "30", "10"],
    ]))
    assert good.ok and good.created == 1
    before = TrainingBatch.objects.count()
    bad = import_file(importer_get("training-batches"), filename="t.csv", actor=kunshan, data=csv_bytes([
        TRAINING_HEADER,
        ["T-TR-2", "测试培训", "昆山市", "320583", "碧江区", "520602", "2020", "", "30", "30", "10"],
        ["T-TR-3", "测试培训", "昆山市", "320583", "碧江区", "520602", "2020", "2019-06-01", "30", "20", "40"],
    ]))
    columns = {(p.row, p.column) for p in bad.problems}
    assert {(3, "年度"), (3, "培训人次"), (3, "其中贫困人口")} <= columns and all(p.row == 3 for p in bad.problems)
    assert TrainingBatch.objects.count() == before


# ---------------------------------------------------------------- scope


def test_bijiang_cannot_see_or_change_yanhe_placements(client_for, demo_users):
    yanhe = placement(demo_users["admin"], "T-YH-1", name="沿河测试", pairing_ref="ZJG-YH", east="320582", west="520627107")
    assert not placements_for(user=demo_users["bijiang"]).filter(reference="T-YH-1").exists()
    assert placements_for(user=demo_users["yanhe"]).filter(reference="T-YH-1").exists()
    client = client_for("bijiang")
    assert client.get(f"/talent-placements/{yanhe.pk}/").status_code == 404
    assert client.get(f"/api/talent-placements/{yanhe.pk}/").status_code == 404
    assert client.post(f"/talent-placements/{yanhe.pk}/edit/", {}).status_code == 404
    response = client.post("/api/talent-placements/", {
        "reference": "API-YH", "kind": "teacher", "person_name": "越权", "east_party": "张家港市", "east_region": "320582",
        "west_party": "沿河县", "west_region": "520627", "year": 2020,
    }, content_type="application/json")
    assert response.status_code == 403 and not TalentPlacement.objects.filter(reference="API-YH").exists()
    result = import_file(importer_get("talent-placements"), filename="p.csv", actor=demo_users["bijiang"], data=csv_bytes([
        PLACEMENT_HEADER,
        ["T-YH-1", "教师", "", "改名", "", "张家港市", "320582", "沿河县", "520627107", "ZJG-YH", "", "2019", "", "", ""],
    ]))
    assert [(p.row, out_of_reach(p.reason)) for p in result.problems] == [(2, True)]
    assert TalentPlacement.objects.get(reference="T-YH-1").person_name == "沿河测试"


# ---------------------------------------------------------------- derived figures through the API


def test_quota_completion_api(client_for, demo_users):
    placement(demo_users["admin"], "T-API-TEACH", persons=4, basis=Basis.AGGREGATE)
    client = client_for("bijiang")
    plan = QuotaPlan.objects.get(reference="KS-BJ-SIX-TENS-TEACHER")
    data = client.get(f"/api/quota-completion/{plan.pk}/?up_to_year=2020").json()
    assert (data["plan"], data["kind"], data["target"], data["pairing"]) == ("KS-BJ-SIX-TENS-TEACHER", "教师", 10, "KS-BJ")
    y2019, y2020 = data["years"]
    assert (y2019["year"], y2019["done"]["total"], y2019["done"]["aggregate"], y2019["rate"]) == (2019, 4, 4, 40.0)
    assert (y2020["year"], y2020["done"], y2020["rate"], y2020["done_display"]) == (2020, None, None, "未登记")
    rows = client.get("/api/quota-completion/?search=SIX-TENS&up_to_year=2019").json()["results"]
    assert {r["kind"]: r["years"][0]["target"] for r in rows} == {k: 10 for k in SIX_TENS}
    assert client.get("/api/quota-completion/?up_to_year=abc").status_code == 400
