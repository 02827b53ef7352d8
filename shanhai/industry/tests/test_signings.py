"""The May 2020 Suzhou ↔ Tongren signing (seed 003): 26 projects worth 27 亿元 — 19 industry worth 23 亿元
and 7 consumption worth 4 亿元 (采购额) — and 5 agreements (3 labour, 2 扶志扶智), the totals derived from
the lines, through the selectors, pages, API and templates."""

import datetime
import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.industry import services
from shanhai.industry.models import SigningEvent, SigningLine, SigningType
from shanhai.industry.selectors import signing_events_for, signing_lines_for, signing_totals
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db

YI = 1_0000_0000_00  # 1 亿元 in fen


def event() -> SigningEvent:
    return SigningEvent.objects.get(reference="SZ-TR-SIGN-2020-05")


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_may_2020_signing_during_the_tongren_delegations_visit(demo_users):
    # Seed 003: 5月17日至19日，市委书记陈昌旭率我市党政代表团赴江苏省苏州市考察
    e = signing_events_for(user=demo_users["jiangsu"], year=2020).get()
    assert (e.start_date, e.end_date, e.place, e.pairing.reference) == (
        datetime.date(2020, 5, 17), datetime.date(2020, 5, 19), "苏州", "SZ-TR",
    )
    assert (e.east_region_id, e.west_region_id) == ("320500000000", "520600000000")


def test_26_projects_worth_27_yi_are_19_industry_and_7_consumption(demo_users):
    totals = signing_totals(user=demo_users["admin"], event=event())
    industry, consumption = totals.of(SigningType.INDUSTRY), totals.of(SigningType.CONSUMPTION)
    assert (industry.projects.total, industry.amount.total, industry.amount_kinds) == (19, 23 * YI, ("投资额",))
    assert (consumption.projects.total, consumption.amount.total, consumption.amount_kinds) == (7, 4 * YI, ("采购额",))
    # The totals are added up from the lines, not typed in: 26 = 19 + 7; 27 亿 = 23 + 4.
    assert totals.projects.total == 26 == industry.projects.total + consumption.projects.total
    assert totals.amount.total == 27 * YI == industry.amount.total + consumption.amount.total
    assert (str(totals.projects), str(totals.amount)) == ("26", "27 亿元")
    # Only totals are known: every part is aggregate.
    assert (totals.projects.itemised, totals.projects.aggregate, totals.amount.itemised, totals.amount.aggregate) == (
        0, 26, 0, 27 * YI,
    )


def test_5_agreements_are_3_labour_and_2_aspiration(demo_users):
    totals = signing_totals(user=demo_users["admin"], event=event())
    assert totals.agreements.total == 5
    assert (totals.of(SigningType.LABOUR).agreements.total, totals.of(SigningType.ASPIRATION).agreements.total) == (3, 2)
    assert [t.label for t in totals.by_type] == ["产业合作", "消费帮扶", "劳务协作", "扶志扶智"]


def test_totals_per_pairing_and_year(demo_users):
    admin = demo_users["admin"]
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    assert signing_totals(user=admin, pairing=sz_tr, year=2020).projects.total == 26
    assert signing_totals(user=admin, pairing=sz_tr, year=2019).by_type == []
    assert signing_totals(user=admin, pairing=Pairing.objects.get(reference="ZJG-YH")).by_type == []


def test_a_second_event_adds_to_the_pairing_but_not_to_the_first(demo_users):
    admin = demo_users["admin"]
    later = services.signing_event_create(
        actor=admin, reference="T-SIGN", name="测试推介会", start_date=datetime.date(2020, 9, 1), east_party="苏州市",
        east_region=Region.objects.get(code="320500000000"), west_party="铜仁市",
        west_region=Region.objects.get(code="520600000000"), pairing=Pairing.objects.get(reference="SZ-TR"),
    )
    services.signing_line_create(
        actor=admin, reference="T-SIGN-1", event=later, line_type=SigningType.INDUSTRY, projects=1, amount=5000_0000_00,
        amount_kind="investment",
    )
    assert signing_totals(user=admin, event=event()).projects.total == 26
    year = signing_totals(user=admin, year=2020)
    assert (year.projects.total, year.projects.itemised, year.amount.total) == (27, 1, 27 * YI + 5000_0000_00)
    assert str(year.amount) == "27.5 亿元"


def test_signing_pages(client_for):
    client = client_for("jiangsu")
    detail = text(client, f"/signing-events/{event().pk}/")
    assert "签约项目 26 个，金额 27 亿元 ；签订协议 5 个" in detail
    assert "产业合作 19 23 亿元 投资额" in detail and "消费帮扶 7 4 亿元 采购额" in detail
    assert "劳务协作 3" in detail and "扶志扶智 2" in detail and "合计 26 27 亿元 5" in detail
    listing = text(client, "/signing-lines/?q=代表团")
    assert "投资额 23 亿元" in listing and "采购额 4 亿元" in listing and "汇总（只知总数）" in listing
    assert "2020-05-17 至 2020-05-19" in text(client, "/signing-events/")


def test_signing_lines_api_with_their_basis(client_for):
    rows = client_for("jiangsu").get("/api/signing-lines/?search=SZ-TR-SIGN-2020-05").json()["results"]
    got = {r["line_type"]: (r["projects"], r["amount"], r["amount_kind"], r["agreements"], r["basis"]) for r in rows}
    assert got == {
        "industry": (19, 23 * YI, "investment", None, "aggregate"),
        "consumption": (7, 4 * YI, "purchase", None, "aggregate"),
        "labour": (None, None, "", 3, "aggregate"),
        "aspiration": (None, None, "", 2, "aggregate"),
    }
    assert {r["event"] for r in rows} == {"SZ-TR-SIGN-2020-05"}


def test_signing_totals_api(client_for):
    client = client_for("jiangsu")
    data = client.get(f"/api/signing-totals/{event().pk}/").json()
    assert (data["projects"]["total"], data["amount"]["total"], data["amount"]["display"], data["agreements"]["total"]) == (
        26, 27 * YI, "27 亿元", 5,
    )
    assert (data["projects"]["aggregate"], data["amount"]["aggregate"]) == (26, 27 * YI)
    by_type = {t["type"]: t for t in data["by_type"]}
    assert (by_type["industry"]["projects"]["total"], by_type["industry"]["amount"]["display"]) == (19, "23 亿元")
    assert (by_type["consumption"]["projects"]["total"], by_type["consumption"]["amount_kinds"]) == (7, ["采购额"])
    assert (by_type["labour"]["agreements"]["total"], by_type["aspiration"]["agreements"]["total"]) == (3, 2)
    summary = client.get("/api/signing-totals/summary/?pairing=SZ-TR&year=2020").json()
    assert (summary["projects"]["total"], summary["amount"]["display"]) == (26, "27 亿元")
    assert client.get("/api/signing-totals/summary/?pairing=NOPE").status_code == 404
    schema = client.get("/api/schema/").content.decode()
    assert "/api/signing-totals/" in schema and "/api/park-figures/" in schema


# ---------------------------------------------------------------- scope


def test_a_county_office_neither_sees_nor_changes_the_city_signing(client_for, demo_users):
    # The event lies at city level (苏州市 ↔ 铜仁市): Bijiang's county scope holds neither side.
    client = client_for("bijiang")
    assert client.get(f"/signing-events/{event().pk}/").status_code == 404
    line = SigningLine.objects.get(reference="SZ-TR-SIGN-2020-05-IND")
    assert client.get(f"/api/signing-lines/{line.pk}/").status_code == 404
    assert signing_lines_for(user=demo_users["bijiang"]).count() == 0
    result = import_file(importer_get("signing-lines"), filename="l.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["台账编号", "签约活动编号", "类别", "签约项目数"],
        ["SZ-TR-SIGN-2020-05-IND", "SZ-TR-SIGN-2020-05", "产业合作", "99"],
    ]))
    assert [(p.row, out_of_reach(p.reason)) for p in result.problems] == [(2, True)]
    assert SigningLine.objects.get(reference="SZ-TR-SIGN-2020-05-IND").projects == 19


def test_bijiang_cannot_sign_for_yanhe(client_for, demo_users):
    client = client_for("bijiang")
    response = client.post("/api/signing-events/", {
        "reference": "X-SIGN", "name": "x", "start_date": "2020-01-01", "east_party": "张家港市", "east_region": "320582",
        "west_party": "沿河县", "west_region": "520627", "basis": "itemised",
    }, content_type="application/json")
    assert response.status_code == 403 and not SigningEvent.objects.filter(reference="X-SIGN").exists()
    yanhe = services.signing_event_create(
        actor=demo_users["admin"], reference="ZJG-YH-SIGN-T", name="沿河测试签约", start_date=datetime.date(2020, 4, 21),
        east_party="张家港市", east_region=Region.objects.get(code="320582000000"), west_party="沿河县",
        west_region=Region.objects.get(code="520627000000"),
    )
    assert client.get(f"/signing-events/{yanhe.pk}/").status_code == 404
    assert client.post(f"/signing-events/{yanhe.pk}/delete/").status_code == 404
    assert SigningEvent.objects.filter(pk=yanhe.pk).exists()


# ---------------------------------------------------------------- templates: a good file and a bad one


EVENT_HEADER = ["台账编号", "签约活动", "开始日期", "结束日期", "地点", "结对编号", "东部一方", "东部区划代码", "西部一方", "西部区划代码"]


def test_event_template_good_and_bad(demo_users):
    importer, kunshan = importer_get("signing-events"), demo_users["kunshan"]
    good = import_file(importer, filename="e.csv", actor=kunshan, data=csv_bytes([
        EVENT_HEADER, ["KS-T-SIGN", "昆山—碧江推介会", "2019-11-15", "2019-11-17", "昆山", "KS-BJ", "昆山市", "320583", "碧江区", "520602"],
    ]))
    assert good.ok and good.created == 1, good.problems

    before = SigningEvent.objects.count()
    bad = import_file(importer, filename="e.csv", actor=kunshan, data=csv_bytes([
        EVENT_HEADER,
        ["KS-T-SIGN-2", "推介会二", "2019-11-17", "2019-11-15", "昆山", "KS-BJ", "昆山市", "320583", "碧江区", "520602"],
        ["KS-T-SIGN-3", "推介会三", "2019-11-15", "", "昆山", "KS-BJ", "昆山市", "320583", "碧江区", "529999"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "结束日期")] == "结束日期不能早于开始日期。"
    assert "区划代码不存在" in reasons[(3, "西部区划代码")]
    assert SigningEvent.objects.count() == before


LINE_HEADER = ["台账编号", "签约活动编号", "类别", "签约项目数", "金额", "金额口径", "签订协议数", "登记方式"]


def test_line_template_good_and_bad(demo_users):
    importer, jiangsu = importer_get("signing-lines"), demo_users["jiangsu"]
    good = import_file(importer, filename="l.csv", actor=jiangsu, data=csv_bytes([
        LINE_HEADER,
        # the seed's own wording: "消费扶贫类" is 消费帮扶, "产业合作类" is 产业合作
        ["T-L-1", "SZ-TR-SIGN-2020-05", "消费扶贫类", "1", "0.5亿元", "采购额", "", "汇总（只知总数）"],
        ["T-L-2", "SZ-TR-SIGN-2020-05", "产业合作类", "", "", "", "1", "逐笔登记"],
    ]))
    assert good.ok and good.created == 2, good.problems
    totals = signing_totals(user=jiangsu, event=event())
    assert (totals.projects.total, str(totals.amount), totals.agreements.total) == (27, "27.5 亿元", 6)
    assert (totals.agreements.itemised, totals.agreements.aggregate) == (1, 5)

    before = SigningLine.objects.count()
    bad = import_file(importer, filename="l.csv", actor=jiangsu, data=csv_bytes([
        LINE_HEADER,
        ["T-L-3", "SZ-TR-SIGN-2020-05", "招商引资", "1", "", "", "", "逐笔登记"],
        ["T-L-4", "SZ-TR-SIGN-2020-05", "产业合作", "1", "1亿元", "", "", "逐笔登记"],
        ["T-L-5", "SZ-TR-SIGN-2020-05", "劳务协作", "", "", "", "", "逐笔登记"],
        ["T-L-6", "SZ-TR-SIGN-2020-05", "产业合作", "2", "", "", "", "逐笔登记"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "类别")].startswith("应为以下之一")
    assert reasons[(3, "金额口径")].startswith("填了金额，请注明口径")
    assert reasons[(4, "签约项目数")].startswith("签约项目数、金额、协议数至少填一项")
    assert len(reasons) == 3  # row 5 is fine; nothing is written all the same
    assert SigningLine.objects.count() == before
