"""Reported poverty status (脱贫进展, SPEC item 15): Bijiang's exits, incidence and exit check (seed 001),
Yanhe's remaining poor and villages (seed 002) — through the selector, on the page and through the
API, each with its year and source; the region visible only in scope."""

import re
from decimal import Decimal

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.incidents.selectors import poverty_status
from shanhai.regions.models import Region, ReportedFigure, ReportedIndicator

pytestmark = pytest.mark.django_db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def values(status) -> dict:
    return {f.indicator: f.value for g in status.groups for f in g.figures if f.value is not None}


def test_exit_check_indicators_are_data():
    names = dict(ReportedIndicator.objects.values_list("code", "name"))
    assert names["missed_identification_rate"] == "漏评率" and names["wrong_exit_rate"] == "错退率"
    assert names["satisfaction_rate"] == "群众认可度"
    assert names["registered_poor_households"] == "建档立卡贫困户" and names["registered_poor_persons"] == "建档立卡贫困人口"
    assert ReportedIndicator.objects.get(code="satisfaction_rate").unit == "%"


def test_bijiang_exited_6278_households_22896_persons_incidence_1_25_and_789_households_left(demo_users):
    # Seed 001 (late 2019): 碧江区累计脱贫6278户22896人，贫困发生率降至1.25%……今年预计将实现789户建档立卡贫困户“脱贫清零”
    status = poverty_status(user=demo_users["bijiang"], region=Region.objects.get(code="520602000000"), year=2019)
    got = values(status)
    assert got["exited_households"] == 6278 and got["exited_persons"] == 22896
    assert got["poverty_incidence"] == Decimal("1.25") and got["poor_households_remaining"] == 789
    exited = status.figure("exited_households")
    assert (exited.year, exited.display) == (2019, "6,278 户") and exited.source.startswith("种子报告 001")
    assert status.figure("poverty_incidence").display == "1.25%"
    assert status.figure("registered_poor_households").value is None  # not reported: unknown, not zero


def test_bijiang_exit_check_zero_missed_zero_wrong_exits_97_64_satisfied_in_2018(demo_users):
    # Seed 001: 去年9月以“零漏评、零错退，群众认可度97.64%”的优异成绩顺利脱贫摘帽 — 去年 = 2018, the exit year.
    status = poverty_status(user=demo_users["bijiang"], region=Region.objects.get(code="520602000000"), year=2019)
    [check] = [g for g in status.groups if g.key == "exit_check"]
    assert [(f.name, f.value, f.year) for f in check.figures] == [
        ("漏评率", Decimal("0"), 2018), ("错退率", Decimal("0"), 2018), ("群众认可度", Decimal("97.64"), 2018),
    ]
    assert [f.display for f in check.figures] == ["0%", "0%", "97.64%"]
    # Asked for 2018, the exit check is there; the 2019 counts are not yet.
    early = poverty_status(user=demo_users["bijiang"], region=Region.objects.get(code="520602000000"), year=2018)
    assert values(early)["satisfaction_rate"] == Decimal("97.64") and "exited_households" not in values(early)


def test_yanhe_20200_poor_left_incidence_3_3_and_230_villages(demo_users):
    # Seed 002: 2019年底，沿河原有的230个贫困村已经出列贫困村208个（其中深度贫困村40个），未出列贫困村22个
    # （深度贫困村10个），剩余贫困人口2.02万人，贫困发生率降至3.3%。
    status = poverty_status(user=demo_users["jiangsu"], region=Region.objects.get(code="520627000000"), year=2019)
    got = values(status)
    assert (got["poor_persons_remaining"], got["poverty_incidence"]) == (20200, Decimal("3.3"))
    assert (got["poor_villages"], got["poor_villages_exited"], got["poor_villages_not_exited"]) == (230, 208, 22)
    assert (got["deep_poverty_villages_exited"], got["deep_poverty_villages_not_exited"]) == (40, 10)
    assert str(status.figure("poor_villages").as_of) == "2019-12-31"


def test_poverty_status_page(client_for):
    page = text(client_for("bijiang"), "/poverty-status/520602/?year=2019")
    for expected in ("累计脱贫户数 6,278 户 2019", "累计脱贫人数 22,896 人", "贫困发生率 1.25%", "剩余贫困户 789 户",
                     "漏评率 0% 2018", "错退率 0% 2018", "群众认可度 97.64% 2018", "种子报告 001"):
        assert expected in page, expected
    assert "互不覆盖" in page  # registry-derived figures will sit beside these, never overwrite them
    yanhe = text(client_for("jiangsu"), "/poverty-status/520627/?year=2019")
    for expected in ("剩余贫困人口 20,200 人", "贫困发生率 3.3%", "贫困村 230 个", "已出列贫困村 208 个",
                     "未出列贫困村 22 个", "已出列深度贫困村 40 个", "未出列深度贫困村 10 个", "2019-12-31"):
        assert expected in yanhe, expected


def test_region_page_shows_the_status_panel(client_for):
    page = text(client_for("bijiang"), "/regions/520602/?year=2019")
    assert "脱贫进展（报告数）" in page and "群众认可度 97.64% 2018" in page


def test_poverty_status_api(client_for):
    client = client_for("bijiang")
    body = client.get("/api/poverty-status/?region=520602&year=2019").json()
    assert (body["region"], body["region_name"], body["year"]) == ("520602000000", "碧江区", 2019)
    figures = {f["indicator"]: f for g in body["groups"] for f in g["figures"]}
    assert (figures["exited_households"]["value"], figures["exited_persons"]["value"]) == ("6278", "22896")
    assert (figures["poverty_incidence"]["value"], figures["poor_households_remaining"]["value"]) == ("1.25", "789")
    check = [(figures[c]["value"], figures[c]["year"]) for c in ("missed_identification_rate", "wrong_exit_rate", "satisfaction_rate")]
    assert check == [("0", 2018), ("0", 2018), ("97.64", 2018)]
    assert {f["basis"] for f in figures.values()} == {"reported"}
    assert figures["registered_poor_persons"]["value"] is None
    yanhe = client_for("jiangsu").get("/api/poverty-status/?region=520627000000&year=2019").json()
    figures = {f["indicator"]: f for g in yanhe["groups"] for f in g["figures"]}
    assert (figures["poor_persons_remaining"]["value"], figures["poverty_incidence"]["value"]) == ("20200", "3.3")
    assert figures["deep_poverty_villages_not_exited"]["display"] == "10 个"


def test_poverty_status_only_in_scope(client_for):
    bijiang = client_for("bijiang")
    assert bijiang.get("/poverty-status/520627/").status_code == 404
    assert bijiang.get("/api/poverty-status/?region=520627").status_code == 404
    assert bijiang.get("/api/poverty-status/?region=999999").status_code == 404
    assert bijiang.get("/api/poverty-status/").status_code == 400
    assert bijiang.get("/api/poverty-status/?region=520602&year=19").status_code == 400


def test_bijiang_cannot_import_yanhe_exit_check(demo_users):
    before = ReportedFigure.objects.count()
    result = import_file(importer_get("reported"), filename="r.csv", actor=demo_users["bijiang"], data=csv_bytes([
        ["区划代码", "年度", "指标", "数值", "截至日期", "来源"],
        ["520602", "2019", "群众认可度", "98", "", "测试"],
        ["520627", "2019", "群众认可度", "99", "", "测试"],
    ]))
    [problem] = result.problems
    assert problem.row == 3 and "超出权限范围" in problem.reason
    assert ReportedFigure.objects.count() == before
