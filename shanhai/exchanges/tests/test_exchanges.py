"""Exchanges: the Kunshan visits to Bijiang of November 2019 (seed 001), the 15th cross-strait farm-produce
expo, and the Tongren delegation to Suzhou of 17–19 May 2020 with its joint meeting (seed 003), through the
selectors, the pages and the API; gifts and signings linked by reference, not recorded twice."""

import datetime
import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.services import StillReferenced
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.exchanges import services
from shanhai.exchanges.models import Direction, JointMeeting, PromotionEvent, Visit
from shanhai.exchanges.selectors import (
    exchanges_totals,
    joint_meetings_for,
    promotion_events_for,
    visit_links,
    visits_for,
)
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.social.models import Donation
from shanhai.social.selectors import donations_total

pytestmark = pytest.mark.django_db

WAN = 1_0000_00  # 1 万元 in fen


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


def visit(reference) -> Visit:
    return Visit.objects.get(reference=reference)


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---------------------------------------------------------------- the seeds' records


def test_kunshan_visits_to_bijiang_in_november_2019(demo_users):
    # Seed 001: 11月20日张浦镇考察团到坝黄镇，捐资60万元；11月13日周市镇考察团到瓦屋乡，捐资60万元；
    # 11月12日昆山4个城市管理办事处组成考察组；11月4日昆山市供销合作总社、昆山农资协会农资捐赠。
    visits = list(visits_for(user=demo_users["bijiang"], pairing=pairing("KS-BJ"), year=2019).order_by("start_date"))
    assert [(v.start_date, v.from_party, v.to_party) for v in visits] == [
        (datetime.date(2019, 11, 4), "昆山市供销合作总社、昆山农资协会", "碧江区"),
        (datetime.date(2019, 11, 12), "昆山市4个城市管理办事处", "碧江区"),
        (datetime.date(2019, 11, 13), "周市镇", "瓦屋乡"),
        (datetime.date(2019, 11, 20), "张浦镇", "坝黄镇"),
    ]
    assert [v.donation.reference if v.donation_id else None for v in visits] == [
        "KS-BJ-DON-COOP", None, "KS-BJ-DON-ZS", "KS-BJ-DON-ZP",
    ]
    assert {v.direction for v in visits} == {Direction.EAST_TO_WEST}
    assert {v.basis for v in visits} == {"itemised"}
    # Unknown figures stay unknown: the seed gives neither leaders nor head counts.
    assert {(v.people, v.leader) for v in visits} == {(None, "")}
    assert visit("KS-BJ-VISIT-2019-11-12").pairing.reference == "KS-BJ-STREETS"


def test_visit_gifts_are_the_donation_ledgers_not_recorded_twice(demo_users):
    admin = demo_users["admin"]
    gifts = Donation.objects.filter(visits__in=visits_for(user=admin, pairing=pairing("KS-BJ"), year=2019))
    assert donations_total(user=admin, pairing=pairing("KS-BJ-TOWNS")).total == 120 * WAN
    assert sum(d.amount for d in gifts if d.amount) == 120 * WAN  # 60 万元 from 周市镇 + 60 万元 from 张浦镇
    coop = visit("KS-BJ-VISIT-2019-11-04").donation
    assert (coop.form, coop.items, coop.amount) == ("in_kind", "农资", None)


def test_tongren_delegation_to_suzhou_17_to_19_may_2020(demo_users):
    # Seed 003: 5月17日至19日，市委书记陈昌旭率我市党政代表团赴江苏省苏州市考察……11个考察点，2场座谈会
    [v] = visits_for(user=demo_users["jiangsu"], pairing=pairing("SZ-TR"), year=2020)
    assert (v.start_date, v.end_date, v.direction) == (datetime.date(2020, 5, 17), datetime.date(2020, 5, 19), "west_to_east")
    assert (v.from_party, v.to_party, v.leader) == ("铜仁市党政代表团", "苏州市", "市委书记陈昌旭")
    assert (v.sites_count, v.meetings_count, v.people) == (11, 2, None)
    assert len(v.sites_list) == 7 and "苏州技师学院" in v.sites_list  # the ones the report names; 11 is its count
    assert v.signing_event.reference == "SZ-TR-SIGN-2020-05"
    [meeting] = joint_meetings_for(user=demo_users["jiangsu"], pairing=pairing("SZ-TR"), year=2020)
    assert (meeting.name, meeting.visit, meeting.date, meeting.year) == ("苏州·铜仁扶贫协作联席会议", v, None, 2020)
    assert meeting.when_text == "2020-05-17 至 2020-05-19（考察期间）"
    links = visit_links(user=demo_users["jiangsu"], visit=v)
    assert (links["signing_event"].reference, links["joint_meetings"], links["donation"]) == (
        "SZ-TR-SIGN-2020-05", [meeting], None,
    )


def test_exchange_totals_per_pair_and_year(demo_users):
    admin = demo_users["admin"]
    ks = exchanges_totals(user=admin, pairing=pairing("KS-BJ"), year=2019)
    assert (ks.visits, ks.visits_east_to_west, ks.visits_west_to_east, ks.promotion_events) == (4, 4, 0, 1)
    assert (ks.visits_with_donation, ks.joint_meetings, ks.people.records) == (3, 0, 0)  # head counts unknown
    sz = exchanges_totals(user=admin, pairing=pairing("SZ-TR"), year=2020)
    assert (sz.visits, sz.visits_west_to_east, sz.joint_meetings, sz.visits_with_signing) == (1, 1, 1, 1)
    assert (sz.sites.total, sz.sites.itemised, sz.meetings.total, str(sz.meetings)) == (11, 11, 2, "2")


def test_the_15th_cross_strait_farm_produce_expo(demo_users):
    # Seed 001: 11月15-17日，在昆山国际会展中心，第十五届海峡两岸（昆山）农产品展示展销会
    [e] = promotion_events_for(user=demo_users["bijiang"], pairing=pairing("KS-BJ"), year=2019)
    assert (e.name, e.start_date, e.end_date, e.place) == (
        "第十五届海峡两岸（昆山）农产品展示展销会", datetime.date(2019, 11, 15), datetime.date(2019, 11, 17), "昆山国际会展中心",
    )
    assert e.launched == "昆山-碧江优质稻米产业化开发技术协作联盟"
    assert (e.signed, e.agreements) == ("昆山·碧江东西部扶贫协作“组团式”帮扶协议", 1)
    assert "陈代文" in e.activities and "特装展台" in e.activities
    # The 7 distribution contracts belong to the consumption ledger: named in the note only.
    assert "碧江白水大米合作社与昆山7家企业" in e.note and "消费帮扶台账" in e.note


# ---------------------------------------------------------------- pages and API


def test_pages_show_the_visits_and_their_links(client_for):
    client = client_for("kunshan")
    listing = text(client, "/visits/?q=考察团")
    assert "张浦镇考察团" in listing and "KS-BJ-DON-ZP" in listing and "周市镇考察团" in listing
    detail = text(client, f"/visits/{visit('KS-BJ-VISIT-2019-11-20').pk}/")
    assert "张浦镇 → 坝黄镇" in detail and "KS-BJ-DON-ZP 张浦镇考察团 → 坝黄镇：60 万元" in detail
    coop = text(client, f"/visits/{visit('KS-BJ-VISIT-2019-11-04').pk}/")
    assert "农资（未折价）" in coop
    expo = PromotionEvent.objects.get(reference="KS-BJ-EXPO-2019-11")
    page = text(client, f"/promotion-events/{expo.pk}/")
    assert "2019-11-15" in page and "昆山国际会展中心" in page and "签订协议数 1" in page
    assert "2019-11-15 至 2019-11-17" in text(client, "/promotion-events/")
    tongren = text(client_for("jiangsu"), f"/visits/{visit('SZ-TR-VISIT-2020-05').pk}/")
    assert "考察点 11 个" in tongren and "来源列出 7 个" in tongren and "座谈会 2 场" in tongren
    assert "SZ-TR-SIGN-2020-05" in tongren and "苏州·铜仁扶贫协作联席会议" in tongren
    meetings = text(client_for("jiangsu"), "/joint-meetings/")
    assert "苏州·铜仁扶贫协作联席会议" in meetings and "2020-05-17 至 2020-05-19（考察期间）" in meetings
    for slug in ("visits", "joint-meetings", "promotion-events"):
        assert client.get(f"/{slug}/new/").status_code == 200
        export = client.get(f"/{slug}/?export=csv")
        assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
        assert client.get(f"/imports/{slug}/template.xlsx").status_code == 200


def test_api_reads_the_visits_meeting_and_expo_with_basis(client_for):
    client = client_for("jiangsu")
    [row] = client.get("/api/visits/?search=SZ-TR-VISIT").json()["results"]
    assert (row["start_date"], row["end_date"], row["leader"], row["sites_count"], row["meetings_count"]) == (
        "2020-05-17", "2020-05-19", "市委书记陈昌旭", 11, 2,
    )
    assert (row["signing_event"], row["donation"], row["people"], row["basis"], row["direction"]) == (
        "SZ-TR-SIGN-2020-05", None, None, "itemised", "west_to_east",
    )
    rows = client.get("/api/visits/?search=KS-BJ-VISIT-2019").json()["results"]
    assert {r["start_date"]: r["donation"] for r in rows} == {
        "2019-11-04": "KS-BJ-DON-COOP", "2019-11-12": None, "2019-11-13": "KS-BJ-DON-ZS", "2019-11-20": "KS-BJ-DON-ZP",
    }
    [meeting] = client.get("/api/joint-meetings/").json()["results"]
    assert (meeting["visit"], meeting["date"], meeting["year"], meeting["pairing"], meeting["basis"]) == (
        "SZ-TR-VISIT-2020-05", None, 2020, "SZ-TR", "itemised",
    )
    [expo] = client.get("/api/promotion-events/?search=十五届").json()["results"]
    assert (expo["start_date"], expo["end_date"], expo["agreements"], expo["event_type"], expo["basis"]) == (
        "2019-11-15", "2019-11-17", 1, "expo", "itemised",
    )
    response = client_for("kunshan").post("/api/visits/", {
        "reference": "API-V-1", "name": "千灯镇考察团", "east_party": "千灯镇", "east_region": "320583108",
        "west_party": "云场坪镇", "west_region": "520602102", "start_date": "2020-06-01", "donation": "KS-BJ-DON-ZP",
    }, content_type="application/json")
    assert response.status_code == 400 and "donation" in response.json()  # the gift was made on 20 November 2019


# ---------------------------------------------------------------- rules and imports


def test_a_visit_named_by_a_meeting_and_a_donation_named_by_a_visit_are_kept(demo_users):
    from shanhai.social.services import donation_delete

    admin = demo_users["admin"]
    with pytest.raises(StillReferenced):
        services.visit_delete(actor=admin, obj=visit("SZ-TR-VISIT-2020-05"))
    with pytest.raises(StillReferenced):
        donation_delete(actor=admin, obj=Donation.objects.get(reference="KS-BJ-DON-ZP"))


VISIT_HEADER = ["台账编号", "考察团/活动", "方向", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "开始日期",
                "结束日期", "考察点数", "考察点", "捐赠编号", "签约活动编号"]


def test_visit_import_good_and_bad(demo_users):
    kunshan = demo_users["kunshan"]
    good = import_file(importer_get("visits"), filename="v.csv", actor=kunshan, data=csv_bytes([
        VISIT_HEADER,
        ["T-V-1", "千灯镇考察团", "东部→西部", "千灯镇", "320583108", "云场坪镇", "520602102", "KS-BJ", "2020-06-01",
         "2020-06-03", "3", "甲村、乙村", "", ""],
        ["T-V-2", "碧江区考察团", "西部→东部", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "2020-07-01", "", "", "", "", ""],
    ]))
    assert good.ok and good.created == 2, [str(p) for p in good.problems]
    assert visit("T-V-2").from_party == "碧江区"
    before = Visit.objects.count()
    bad = import_file(importer_get("visits"), filename="v.csv", actor=kunshan, data=csv_bytes([
        VISIT_HEADER,
        ["T-V-3", "甲", "", "千灯镇", "320583108", "云场坪镇", "520602102", "", "2020-06-01", "", "", "", "KS-BJ-DON-ZP", ""],
        ["T-V-4", "乙", "", "千灯镇", "320583108", "云场坪镇", "520602102", "", "2020-06-01", "", "1", "甲村、乙村", "", ""],
        ["T-V-5", "丙", "", "千灯镇", "320583108", "云场坪镇", "520602102", "", "2020-06-01", "", "", "", "NOPE", ""],
        ["T-V-6", "丁", "", "千灯镇", "320583108", "云场坪镇", "520602102", "", "2020-06-02", "2020-06-01", "", "", "", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert "不在考察日期内" in reasons[(2, "捐赠编号")]
    assert "多于考察点数" in reasons[(3, "考察点")]
    assert "捐赠编号不存在或不在您的权限范围内：NOPE" in reasons[(4, "捐赠编号")]
    assert reasons[(5, "结束日期")] == "结束日期不能早于开始日期。"
    assert Visit.objects.count() == before


MEETING_HEADER = ["台账编号", "会议名称", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度", "日期", "地点",
                  "召开期间的考察编号"]


def test_joint_meeting_import_good_and_bad(demo_users):
    admin = demo_users["admin"]
    good = import_file(importer_get("joint-meetings"), filename="m.csv", actor=admin, data=csv_bytes([
        MEETING_HEADER, ["T-JM-1", "测试联席会议", "张家港市", "320582", "沿河县", "520627", "ZJG-YH", "2020", "2020-08-01", "沿河", ""],
    ]))
    assert good.ok and good.created == 1
    before = JointMeeting.objects.count()
    bad = import_file(importer_get("joint-meetings"), filename="m.csv", actor=admin, data=csv_bytes([
        MEETING_HEADER,
        ["T-JM-2", "测试", "苏州市", "3205", "铜仁市", "5206", "SZ-TR", "2020", "2020-06-01", "苏州", "SZ-TR-VISIT-2020-05"],
        ["T-JM-3", "测试", "苏州市", "3205", "铜仁市", "5206", "SZ-TR", "2019", "2020-05-18", "苏州", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "日期")] == "会议日期不在所填考察的日期内。"
    assert "年度与日期不符" in reasons[(3, "年度")]
    assert JointMeeting.objects.count() == before


EXPO_HEADER = ["台账编号", "活动名称", "类型", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "开始日期", "结束日期", "地点",
               "签订的协议", "签订协议数"]


def test_promotion_event_import_good_and_bad(demo_users):
    kunshan = demo_users["kunshan"]
    good = import_file(importer_get("promotion-events"), filename="e.csv", actor=kunshan, data=csv_bytes([
        EXPO_HEADER, ["T-E-1", "测试推介会", "推介会", "昆山市", "320583", "碧江区", "520602", "2020-09-01", "", "昆山", "", ""],
    ]))
    assert good.ok and good.created == 1
    before = PromotionEvent.objects.count()
    bad = import_file(importer_get("promotion-events"), filename="e.csv", actor=kunshan, data=csv_bytes([
        EXPO_HEADER,
        ["T-E-2", "测试", "展会", "昆山市", "320583", "碧江区", "520602", "2020-09-01", "", "", "", ""],
        ["T-E-3", "测试", "推介会", "昆山市", "320583", "碧江区", "520602", "2020-09-01", "", "", "", "2"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert "应为以下之一" in reasons[(2, "类型")]
    assert reasons[(3, "签订的协议")] == "填了协议数，请写明签订了什么协议。"
    assert PromotionEvent.objects.count() == before


# ---------------------------------------------------------------- scope


def test_bijiang_cannot_see_or_change_yanhe_exchanges(client_for, demo_users):
    yanhe = services.visit_create(
        actor=demo_users["admin"], reference="T-YH-V", name="张家港考察团", east_party="张家港市", east_region=region("320582"),
        west_party="思渠镇", west_region=region("520627107"), pairing=pairing("ZJG-YH"), start_date=datetime.date(2020, 4, 21),
    )
    assert visits_for(user=demo_users["yanhe"]).filter(pk=yanhe.pk).exists()
    assert not visits_for(user=demo_users["bijiang"]).filter(pk=yanhe.pk).exists()
    client = client_for("bijiang")
    assert client.get(f"/visits/{yanhe.pk}/").status_code == 404
    assert client.get(f"/api/visits/{yanhe.pk}/").status_code == 404
    assert client.patch(f"/api/visits/{yanhe.pk}/", {"name": "改"}, content_type="application/json").status_code == 404
    # Nor the city-level Tongren delegation: Bijiang's county scope holds neither side.
    assert client.get(f"/visits/{visit('SZ-TR-VISIT-2020-05').pk}/").status_code == 404
    response = client.post("/api/joint-meetings/", {
        "reference": "API-YH-JM", "name": "越权", "east_party": "张家港市", "east_region": "320582", "west_party": "沿河县",
        "west_region": "520627", "year": 2020,
    }, content_type="application/json")
    assert response.status_code == 403 and not JointMeeting.objects.filter(reference="API-YH-JM").exists()
    result = import_file(importer_get("visits"), filename="v.csv", actor=demo_users["bijiang"], data=csv_bytes([
        VISIT_HEADER,
        ["T-YH-V", "改名", "", "张家港市", "320582", "思渠镇", "520627107", "ZJG-YH", "2020-04-21", "", "", "", "", ""],
    ]))
    assert [(p.row, out_of_reach(p.reason)) for p in result.problems] == [(2, True)]
    assert visit("T-YH-V").name == "张家港考察团"


def test_exchange_totals_api(client_for):
    client = client_for("jiangsu")
    sz = client.get("/api/exchange-totals/?pairing=SZ-TR&year=2020").json()
    assert (sz["visits_west_to_east"], sz["joint_meetings"], sz["sites"]["total"], sz["meetings"]["total"]) == (1, 1, 11, 2)
    assert (sz["sites"]["itemised"], sz["sites"]["aggregate"], sz["people"]["records"]) == (11, 0, 0)
    ks = client.get("/api/exchange-totals/?pairing=KS-BJ&year=2019").json()
    assert (ks["visits_east_to_west"], ks["visits_with_donation"], ks["promotion_events"]) == (4, 3, 1)
    assert client_for("bijiang").get("/api/exchange-totals/?pairing=SZ-TR").status_code == 404
