"""The 龙田组 fire (seed 001) and the aid that followed: the seeds' figures through the selectors, the
ledger pages and the API; the donation linked, not recorded twice; templates good and bad; scope."""

import datetime
import re

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.incidents import services
from shanhai.incidents.models import Incident, IncidentAid, IncidentKind
from shanhai.incidents.selectors import (
    incident_aid_donated,
    incident_aid_for,
    incidents_for,
    incidents_totals,
)
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def fire() -> Incident:
    return Incident.objects.get(reference="BJ-INC-LT-FIRE")


def test_longtian_fire_hit_11_households_39_persons(demo_users):
    # Seed 001 (late 2019): 两年前的11月24日清早，一场火灾将龙田组村民连片的11户村民木房屋焚烧殆尽，其中，烧毁正房7栋
    # 17间，厢房12间，受灾11户39人，涉及到已脱贫户2户7人，未脱贫户2户5人。
    incident = incidents_for(user=demo_users["bijiang"]).get(title__contains="龙田组")
    assert (incident.kind.name, incident.date, incident.place_id, incident.place_detail) == (
        "火灾", datetime.date(2017, 11, 24), "520602204000", "兴龙社区龙田组",
    )
    assert (incident.households_hit, incident.persons_hit) == (11, 39)
    assert (incident.exited_households_hit, incident.exited_persons_hit) == (2, 7)
    assert (incident.poor_households_hit, incident.poor_persons_hit) == (2, 5)
    assert (incident.main_houses_destroyed, incident.main_rooms_destroyed, incident.side_rooms_destroyed) == (7, 17, 12)
    assert incident.direct_loss is None  # not given: unknown, not zero
    totals = incidents_totals(user=demo_users["bijiang"], pairing=Pairing.objects.get(reference="KS-BJ"), year=2017)
    assert (totals.incidents, totals.households_hit.total, totals.persons_hit.total) == (1, 11, 39)
    assert (totals.exited_households_hit.total, totals.poor_persons_hit.total, totals.side_rooms_destroyed.itemised) == (2, 5, 12)


def test_fire_aid_is_the_kunshan_donation_of_100_wan_linked_not_recorded_again(demo_users):
    # Seed 001: 12月21日，时任昆山市市长杜小刚一行……捐赠100万元用于灾后重建 — the donation KS-BJ-DON-FIRE.
    [link] = incident_aid_for(user=demo_users["kunshan"], incident=fire())
    assert link.donation.reference == "KS-BJ-DON-FIRE" and link.donation.date == datetime.date(2017, 12, 21)
    donated = incident_aid_donated(user=demo_users["kunshan"], incident=fire())
    assert (donated.total, str(donated), donated.itemised, donated.records) == (100_0000_00, "100 万元", 100_0000_00, 1)
    assert Donation.objects.filter(purpose__contains="龙田组").count() == 1


def test_incident_pages_and_api(client_for):
    client = client_for("kunshan")  # reads the incident through the KS-BJ pairing it is filed under
    listing = text(client, "/incidents/")
    assert "六龙山乡兴龙社区龙田组火灾" in listing and "2017-11-24" in listing
    detail = text(client, f"/incidents/{fire().pk}/")
    assert "受灾户数 11" in detail and "受灾人数 39" in detail and "其中正房间数 17" in detail
    assert "捐赠合计 100 万元" in detail and "KS-BJ-DON-FIRE" in detail
    [row] = client.get("/api/incidents/?search=龙田组").json()["results"]
    assert (row["households_hit"], row["persons_hit"], row["exited_households_hit"], row["exited_persons_hit"]) == (11, 39, 2, 7)
    assert (row["poor_households_hit"], row["poor_persons_hit"], row["main_houses_destroyed"]) == (2, 5, 7)
    assert (row["kind_display"], row["date"], row["basis"], row["direct_loss"]) == ("火灾", "2017-11-24", "itemised", None)
    [aid] = client.get("/api/incident-aid/").json()["results"]
    assert (aid["incident"], aid["donation"], aid["project"]) == ("BJ-INC-LT-FIRE", "KS-BJ-DON-FIRE", None)


# ---------------------------------------------------------------- scope


def yanhe_incident(admin) -> Incident:
    return services.incident_create(
        actor=admin, reference="YH-INC-T", kind=IncidentKind.objects.get(code="flood"), title="思渠镇测试洪涝",
        place=Region.objects.get(code="520627107211"), date=datetime.date(2020, 6, 1), households_hit=3,
    )


def test_bijiang_cannot_see_or_change_yanhe_incidents(client_for, demo_users):
    other = yanhe_incident(demo_users["admin"])
    client = client_for("bijiang")
    assert client.get(f"/incidents/{other.pk}/").status_code == 404
    assert client.get(f"/api/incidents/{other.pk}/").status_code == 404
    assert client.post(f"/incidents/{other.pk}/delete/").status_code == 404
    assert client.delete(f"/api/incidents/{other.pk}/").status_code == 404
    response = client.post("/api/incidents/", {
        "reference": "X-INC", "kind": "fire", "title": "x", "place": "520627107211", "date": "2020-01-01",
    }, content_type="application/json")
    assert response.status_code == 403
    assert not Incident.objects.filter(reference="X-INC").exists()
    assert incidents_totals(user=demo_users["bijiang"]).households_hit.total == 11
    assert incidents_totals(user=demo_users["yanhe"]).households_hit.total == 3


def test_bijiang_cannot_import_over_a_yanhe_incident(demo_users):
    yanhe_incident(demo_users["admin"])
    result = import_file(importer_get("incidents"), filename="i.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["台账编号", "事件类别", "事件名称", "发生地区划代码", "发生日期"],
        ["YH-INC-T", "洪涝", "改名", "520627107211", "2020-06-01"],
    ]))
    [problem] = result.problems
    assert problem.row == 2 and out_of_reach(problem.reason)
    assert Incident.objects.get(reference="YH-INC-T").title == "思渠镇测试洪涝"


def test_kunshan_reads_but_cannot_write_the_fire(client_for):
    client = client_for("kunshan")
    assert client.get(f"/api/incidents/{fire().pk}/").status_code == 200
    response = client.patch(f"/api/incidents/{fire().pk}/", {"households_hit": 12}, content_type="application/json")
    assert response.status_code == 403
    assert fire().households_hit == 11


# ---------------------------------------------------------------- templates: a good file and a bad one


HEADER = ["台账编号", "事件类别", "事件名称", "发生地区划代码", "结对编号", "发生日期", "受灾户数", "受灾人数", "其中已脱贫户", "其中未脱贫户"]


def test_incident_template_good_and_bad(demo_users):
    importer, bijiang = importer_get("incidents"), demo_users["bijiang"]
    good = import_file(importer, filename="i.csv", actor=bijiang, data=csv_bytes([
        HEADER, ["BJ-T-INC", "洪涝", "坝黄镇测试洪涝", "520602101", "KS-BJ", "2020-07-01", "5", "", "1", ""],
    ]))
    assert good.ok and good.created == 1
    assert Incident.objects.get(reference="BJ-T-INC").persons_hit is None

    before = Incident.objects.count()
    bad = import_file(importer, filename="i.csv", actor=bijiang, data=csv_bytes([
        HEADER,
        ["BJ-T-INC-2", "火灾", "测试二", "520602101", "KS-BJ", "2020-07-01", "3", "10", "2", "2"],
        ["BJ-T-INC-3", "雪崩", "测试三", "520602101", "KS-BJ", "2020-07-01", "3", "10", "", ""],
        ["BJ-T-INC-4", "火灾", "测试四", "520602101", "KS-BJ", "2020-07-01", "5", "3", "", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "其中已脱贫户")].startswith("已脱贫与未脱贫之和超过受灾总数")
    assert reasons[(3, "事件类别")].startswith("未知事件类别")
    assert reasons[(4, "受灾人数")] == "人数少于户数。"
    assert Incident.objects.count() == before


AID_HEADER = ["台账编号", "事件编号", "捐赠编号", "项目编号", "用途"]


def test_incident_aid_template_good_and_bad(demo_users):
    importer, admin = importer_get("incident-aid"), demo_users["admin"]
    good = import_file(importer, filename="a.csv", actor=admin, data=csv_bytes([
        AID_HEADER, ["BJ-T-AID", "BJ-INC-LT-FIRE", "", "KS-BJ-PRJ-BLUEBERRY", "测试"],
    ]))
    assert good.ok and good.created == 1
    # A project link adds no money: the donated figure still reads the one donation.
    assert incident_aid_donated(user=admin, incident=fire()).total == 100_0000_00

    before = IncidentAid.objects.count()
    bad = import_file(importer, filename="a.csv", actor=admin, data=csv_bytes([
        AID_HEADER,
        ["BJ-T-AID-2", "BJ-INC-LT-FIRE", "", "", "两者皆空"],
        ["BJ-T-AID-3", "BJ-INC-LT-FIRE", "KS-BJ-DON-ZP", "", "另一笔捐赠"],
        ["BJ-T-AID-4", "BJ-NO-SUCH", "KS-BJ-DON-FIRE", "", ""],
        ["BJ-T-AID-5", "BJ-INC-LT-FIRE", "KS-BJ-DON-FIRE", "KS-BJ-PRJ-BLUEBERRY", ""],
    ]))
    reasons = {(p.row, p.column): p.reason for p in bad.problems}
    assert reasons[(2, "捐赠编号")] == "请填捐赠编号或项目编号。"
    assert (3, "捐赠编号") not in reasons  # a later donation is fine; the file fails on its other rows
    assert reasons[(4, "事件编号")].startswith("突发事件编号不存在")
    assert reasons[(5, "项目编号")].startswith("一条只关联一笔捐赠或一个项目")
    assert IncidentAid.objects.count() == before


def test_aid_cannot_predate_its_incident(demo_users):
    admin = demo_users["admin"]
    incident = services.incident_create(
        actor=admin, reference="BJ-T-INC-LATE", kind=IncidentKind.objects.get(code="fire"), title="测试",
        place=Region.objects.get(code="520602204000"), date=datetime.date(2019, 12, 1),
    )
    result = import_file(importer_get("incident-aid"), filename="a.csv", actor=admin, data=csv_bytes([
        AID_HEADER, ["BJ-T-AID-EARLY", incident.reference, "KS-BJ-DON-FIRE", "", ""],
    ]))
    [problem] = result.problems
    assert (problem.row, problem.column, problem.reason) == (2, "捐赠编号", "捐赠日期早于事件发生日期。")
