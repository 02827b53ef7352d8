"""Aggregate exchanges count the events they stand for: "先后组织党政代表团32批次、286人次赴西部考察" is 32
visits and 286 person-times in the year's figures, not 1; a county's "召开县委常委会专题研究东西部协作12次"
is 12 meetings; "流动宣传车宣传40场次" is 40 events. An aggregate that does not give its number is
counted apart ("批次/次数未载 1 条"), never as 1; a year is enough for an aggregate."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from shanhai.assessment.figures import figure_compute
from shanhai.core.importing import import_file
from shanhai.core.records import Basis
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.exchanges import services
from shanhai.exchanges.models import Direction, MeetingKind, PromotionKind, Visit
from shanhai.exchanges.selectors import exchanges_totals, visits_count, visits_person_times
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db

YEAR = 2021  # a year the demo holds no exchanges for KS-BJ


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


def sides(**extra):
    return dict(east_party="昆山市", east_region=region("320583"), west_party="碧江区", west_region=region("520602"),
                pairing=pairing("KS-BJ"), **extra)


def figure(key, user, parameter="", year=YEAR):
    return figure_compute(key=key, user=user, pairing=pairing("KS-BJ"), period={"year": year}, parameter=parameter)


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_thirty_two_delegations_with_286_person_times_count_as_32_visits(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    # "先后组织党政代表团32批次、286人次赴西部考察": one aggregate record, a year and no date
    services.visit_create(actor=admin, reference="T-VISIT-AGG", name="党政代表团赴碧江考察", year=YEAR,
                          basis=Basis.AGGREGATE, trips=32, person_times=286, **sides())
    # one itemised visit of 12 people the same year, west to east
    services.visit_create(actor=admin, reference="T-VISIT-ONE", name="碧江区考察团", direction=Direction.WEST_TO_EAST,
                          start_date=datetime.date(2021, 6, 1), people=12, **sides())
    assert Visit.objects.get(reference="T-VISIT-ONE").year == YEAR  # the year of its date
    count = visits_count(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert (count.total, count.aggregate, count.itemised, count.unknown) == (33, 32, 1, 0)
    assert visits_person_times(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR).total == 286 + 12
    visits = figure("visits", bijiang)
    assert (visits.value, visits.display, visits.basis_label) == (33, "33 次", "逐笔+汇总")
    assert figure("visits", bijiang, "east_to_west").value == 32
    assert figure("visit_people", bijiang).value == 298
    assert figure("visit_people", bijiang, "east_to_west").display == "286 人次"
    totals = exchanges_totals(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert (totals.visits, totals.visits_east_to_west, totals.visits_west_to_east, totals.person_times.total) == (33, 32, 1, 298)
    # the year's cumulative figure takes them too; the year before holds none of them
    assert figure_compute(key="visits", user=bijiang, pairing=pairing("KS-BJ"), period={"up_to_year": YEAR},
                          parameter="").value >= 33
    assert figure("visits", bijiang, year=YEAR - 1).value == 0


def test_an_aggregate_without_its_number_is_counted_apart_never_as_one(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    # "多批次赴碧江考察" with no number given
    services.visit_create(actor=admin, reference="T-VISIT-NONUM", name="各镇考察团", year=YEAR, basis=Basis.AGGREGATE,
                          **sides())
    services.visit_create(actor=admin, reference="T-VISIT-5", name="部门考察团", year=YEAR, basis=Basis.AGGREGATE,
                          trips=5, **sides())
    visits = figure("visits", bijiang)
    assert (visits.value, visits.records) == (5, 1)
    assert visits.basis_text == "汇总 5 次（1 条记录）；批次/次数未载 1 条"
    # 人次 unknown for both: nothing counted, both said apart
    people = figure("visit_people", bijiang)
    assert (people.value, people.basis_text) == (0, "人次未载 2 条")
    api = demo_users["admin"]
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(api)
    body = client.get(f"/api/exchange-totals/?pairing=KS-BJ&year={YEAR}").json()
    assert (body["visits"], body["visits_unknown_records"], body["person_times"]["unknown_records"]) == (5, 1, 2)


def test_a_visit_needs_a_year_or_a_date_that_agree(demo_users):
    admin = demo_users["admin"]
    with pytest.raises(ValidationError) as no_year:
        services.visit_create(actor=admin, reference="T-VISIT-X", name="甲", basis=Basis.AGGREGATE, trips=3, **sides())
    assert "请填年度或开始日期" in str(no_year.value)
    with pytest.raises(ValidationError) as disagree:
        services.visit_create(actor=admin, reference="T-VISIT-Y", name="乙", year=2020, start_date=datetime.date(2021, 3, 1), **sides())
    assert "年度与日期不符" in str(disagree.value)
    with pytest.raises(ValidationError) as zero:
        services.visit_create(actor=admin, reference="T-VISIT-Z", name="丙", year=YEAR, basis=Basis.AGGREGATE, trips=0,
                              **sides())
    assert "不要填 0" in str(zero.value)


def test_the_countys_own_meetings_and_the_joint_ones_apart(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    # "区委常委会专题研究东西部扶贫协作工作12次"; one joint meeting with Kunshan the same year
    services.joint_meeting_create(actor=admin, reference="T-JM-OWN", name="区委常委会专题研究东西部扶贫协作", year=YEAR,
                                  kind=MeetingKind.WEST, basis=Basis.AGGREGATE, sessions=12, **sides())
    services.joint_meeting_create(actor=admin, reference="T-JM-JOINT", name="昆山·碧江联席会议", year=YEAR, **sides())
    services.joint_meeting_create(actor=admin, reference="T-JM-NONUM", name="镇级联席会议", year=YEAR,
                                  basis=Basis.AGGREGATE, **sides())
    joint = figure("joint_meetings", bijiang)
    assert (joint.value, joint.basis_text) == (1, "逐笔 1 次（1 条记录）；次数未载 1 条")
    assert figure("own_meetings", bijiang).value == 12
    assert figure("own_meetings", bijiang, "west").display == "12 次"
    assert figure("own_meetings", bijiang, "east").value == 0


def test_publicity_events_count_their_sessions(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    # "开展流动宣传车宣传40场次" and one expo
    services.promotion_event_create(actor=admin, reference="T-PUB-CAR", name="劳务协作流动宣传车", year=YEAR,
                                    event_type=PromotionKind.PUBLICITY, basis=Basis.AGGREGATE, sessions=40, **sides())
    services.promotion_event_create(actor=admin, reference="T-EXPO", name="农产品展销会", start_date=datetime.date(2021, 10, 15), **sides())
    assert figure("promotion_events", bijiang).value == 41
    assert figure("promotion_events", bijiang, "publicity").display == "40 场"
    assert exchanges_totals(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR).promotion_events == 41


def test_import_template_takes_an_aggregate_with_its_counts_and_no_date(demo_users):
    kunshan = demo_users["kunshan"]
    header = ["台账编号", "考察团/活动", "方向", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度", "开始日期",
              "批次/次数", "人次", "登记方式"]
    result = import_file(importer_get("visits"), filename="v.csv", actor=kunshan, data=csv_bytes([
        header,
        ["T-V-AGG", "党政代表团赴碧江考察", "东部→西部", "昆山市", "320583", "碧江区", "520602", "KS-BJ", str(YEAR), "", "32",
         "286", "汇总（只知总数）"],
        ["T-V-DATED", "千灯镇考察团", "东部→西部", "千灯镇", "320583108", "碧江区", "520602", "KS-BJ", "", "2021-05-06", "",
         "", "逐笔登记"],
    ]))
    assert result.ok and result.created == 2, [str(p) for p in result.problems]
    agg = Visit.objects.get(reference="T-V-AGG")
    assert (agg.year, agg.start_date, agg.trips, agg.person_times) == (YEAR, None, 32, 286)
    assert Visit.objects.get(reference="T-V-DATED").year == YEAR
    assert figure("visits", demo_users["bijiang"]).value == 33
    meetings = import_file(importer_get("joint-meetings"), filename="m.csv", actor=kunshan, data=csv_bytes([
        ["台账编号", "会议名称", "会议类型", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度", "次数", "登记方式"],
        ["T-JM-IMP", "市委常委会研究东西部协作", "东部专题会议", "昆山市", "320583", "碧江区", "520602", "KS-BJ", str(YEAR), "6",
         "汇总（只知总数）"],
    ]))
    assert meetings.ok, [str(p) for p in meetings.problems]
    assert figure("own_meetings", demo_users["bijiang"], "east").value == 6


def test_pages_and_api_carry_the_counts(demo_users, client_for):
    admin = demo_users["admin"]
    services.visit_create(actor=admin, reference="T-VISIT-PAGE", name="党政代表团赴碧江考察", year=YEAR,
                          basis=Basis.AGGREGATE, trips=32, person_times=286, **sides())
    client = client_for("bijiang")
    listing = text(client, f"/visits/?year={YEAR}")
    assert "批次/次数" in listing and "人次" in listing
    assert re.search(r"T-VISIT-PAGE .*2021年 .*党政代表团赴碧江考察 .* 32 286", listing)
    row = client.get("/api/visits/?search=T-VISIT-PAGE").json()["results"][0]
    assert (row["year"], row["trips"], row["person_times"], row["start_date"]) == (YEAR, 32, 286, None)
    detail = text(client, f"/visits/{Visit.objects.get(reference='T-VISIT-PAGE').pk}/")
    assert re.search(r"批次/次数 32 人次 286", detail), detail[:2000]
    form = text(client_for("kunshan"), "/visits/new/")
    assert all(label in form for label in ("年度", "批次/次数", "人次", "团组人数"))
    assert all(label in text(client, "/joint-meetings/new/") for label in ("会议类型", "次数"))
    assert all(label in text(client, "/promotion-events/new/") for label in ("宣传活动/流动宣传车", "场次"))


def test_ten_haves_evidence_counts_the_delegations_and_only_joint_meetings(demo_users):
    from shanhai.agreements.rules import rule_evaluate

    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    services.visit_create(actor=admin, reference="T-VISIT-TH", name="党政代表团赴碧江考察", year=YEAR,
                          basis=Basis.AGGREGATE, trips=32, person_times=286, **sides())
    services.visit_create(actor=admin, reference="T-VISIT-TH2", name="各镇考察团", year=YEAR, basis=Basis.AGGREGATE, **sides())
    visits = rule_evaluate(key="visits", user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert visits.met and "考察互访 32 次（东部赴西部 32 次、西部赴东部 0 次；批次/次数未载 1 条）" in str(visits.summary)
    # a county's own 专题会议 is no joint meeting
    services.joint_meeting_create(actor=admin, reference="T-JM-TH", name="区委常委会专题研究东西部扶贫协作", year=YEAR,
                                  kind=MeetingKind.WEST, basis=Basis.AGGREGATE, sessions=12, **sides())
    assert not rule_evaluate(key="joint_meetings", user=bijiang, pairing=pairing("KS-BJ"), year=YEAR).met
    services.joint_meeting_create(actor=admin, reference="T-JM-TH2", name="昆山·碧江联席会议", year=YEAR,
                                  basis=Basis.AGGREGATE, sessions=2, **sides())
    joint = rule_evaluate(key="joint_meetings", user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert joint.met and "联席会议 2 次" in str(joint.summary)
