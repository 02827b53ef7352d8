"""Every figure the foundation's demo promises, read back as an office would: on the pages and
through the API, logged in as the national office. The numbers in the assertions are the seeds'."""

import re

import pytest

from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client_for):
    return client_for("admin")


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def pairing_page(client, reference) -> str:
    return text(client, f"/pairings/{Pairing.objects.get(reference=reference).pk}/")


def api(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()


def totals(client, reference, kind):
    pk = Pairing.objects.get(reference=reference).pk
    data = api(client, f"/api/pairings/{pk}/totals/?kind={kind}")
    return (data["helpers"]["itemised"], data["helpers"]["aggregate"]), (data["helped"]["itemised"], data["helped"]["aggregate"])


def coverage(client, code, target, year=2020):
    [row] = api(client, f"/api/coverage/?region={code}&year={year}&target={target}")["results"]
    return row["target_total"], row["paired_total"], row["share"]


def test_jiangsu_guizhou_and_suzhou_tongren_with_ten_county_pairs(admin):
    page = pairing_page(admin, "SZ-TR")
    assert "江苏省—贵州省东西部协作" in page and "苏州市—铜仁市对口帮扶" in page
    assert "3 + 7 = 10" in page and "10 + 0 = 10" in page  # 县县结对: helpers 3 named + 7 counted; helped 10
    assert totals(admin, "SZ-TR", "county") == ((3, 7), (10, 0))
    for pair in ("昆山市—碧江区", "张家港市—沿河土家族自治县", "吴江区—印江土家族苗族自治县"):
        assert pair in page


def test_tongren_ten_poor_counties_1565_poor_villages_319_deep(admin):
    page = text(admin, "/regions/520600/")
    for figure in ("1565", "319"):
        assert figure in page
    rows = api(admin, "/api/reported-figures/?region=520600&page_size=50")["results"]
    assert {r["indicator"]: r["value"] for r in rows} == {"poor_counties": "10", "poor_villages": "1565", "deep_poverty_villages": "319"}
    counties = api(admin, "/api/regions/?parent=520600&page_size=50")["results"]
    assert len(counties) == 10 and sum(c["name"].endswith("区") for c in counties) == 2
    assert coverage(admin, "520600", "poor_counties") == (10, 10, "100.0")


def test_kunshan_bijiang_seven_kinds_with_their_figures(admin):
    page = pairing_page(admin, "KS-BJ")
    for kind in ("部门结对", "园区结对", "乡镇（街道）结对", "村村结对", "家庭结对", "村企结对", "社会力量结对"):
        assert kind in page
    assert "昆山高新区—碧江经开区共建园区" in page
    assert "1 + 7 = 8" in page  # 8 strong villages ↔ 8 deep-poverty villages, 七桥村 ↔ 高坝田村 named
    assert "0 + 1024 = 1024" in page and "0 + 788 = 788" in page
    assert "0 + 55 = 55" in page and "1 + 15 = 16" in page  # 55 schools; the TCM hospital + 15 centres
    assert totals(admin, "KS-BJ", "village") == ((1, 7), (1, 7))
    assert totals(admin, "KS-BJ", "family") == ((0, 1024), (0, 788))
    assert totals(admin, "KS-BJ", "town") == ((2, 11), (4, 9))  # 13 ↔ 13


def test_kunshan_bijiang_town_pairs_two_way_full_coverage(admin):
    page = pairing_page(admin, "KS-BJ")
    assert "双向结对全覆盖" in page
    pk = Pairing.objects.get(reference="KS-BJ").pk
    data = api(admin, f"/api/pairings/{pk}/two-way-coverage/?year=2020")
    east, west = data["east"], data["west"]
    assert (east["target_total"], east["paired_total"], east["share"]) == (13, 13, "100.0")
    assert (west["target_total"], west["paired_total"], west["share"]) == (13, 13, "100.0")
    towns = pairing_page(admin, "KS-BJ-TOWNS")
    for pair in ("张浦镇 ↔ 坝黄镇", "周市镇 ↔ 瓦屋乡", "昆山一镇—滑石乡、桐木坪乡（一对二）"):
        assert pair in towns
    assert "一对多" in pairing_page(admin, "KS-BJ-TOWN-1TO2")


def test_bijiang_coverage_deep_poverty_villages_schools_and_health_centres(admin):
    page = text(admin, "/coverage/520602/?year=2020")
    assert re.search(r"深度贫困村 8 .*? 8 .*?100\.0%", page)
    assert coverage(admin, "520602", "deep_poverty_villages") == (8, 8, "100.0")
    assert coverage(admin, "520602", "schools") == (55, 55, "100.0")
    assert coverage(admin, "520602", "health_centres") == (15, 15, "100.0")


def test_enterprises_and_social_forces_of_kunshan_bijiang(admin):
    page = pairing_page(admin, "KS-BJ-ENTERPRISES")
    for village in ("茶园山村", "陈家寨村", "卜口村", "小冬云村"):
        assert village in page
    assert totals(admin, "KS-BJ-ENTERPRISES", "enterprise_village") == ((0, 13), (4, 9))
    kunshan = pairing_page(admin, "KS-BJ")
    for pair in ("鲜活果汁 ↔ 高坝田村", "女企业家协会 ↔ 坪茶村", "昆山青商会 ↔ 陈家寨村", "张浦商会 ↔ 高坝田村"):
        assert pair in kunshan


def test_zhangjiagang_yanhe_five_level_model_and_the_twelve_chambers(admin):
    page = pairing_page(admin, "ZJG-YH")
    for group in ("9个部门单位", "18个经济强村", "6家国有企业", "10家民营企业", "2家金融机构", "5个社会组织"):
        assert group in pairing_page(admin, "ZJG-YH-DEEP")
    assert totals(admin, "ZJG-YH", "poor_village") == ((0, 50), (0, 50))
    assert totals(admin, "ZJG-YH", "chamber_village") == ((3, 9), (1, 11))
    assert "亨通集团 ↔ 高山村" in page
    chambers = pairing_page(admin, "ZJG-YH-CHAMBERS")
    assert "沙钢集团" in chambers and "雅鹿集团" in chambers
    assert coverage(admin, "520627", "deep_poverty_villages") == (50, 50, "100.0")
    assert coverage(admin, "520627", "unexited_poor_villages") == (22, 22, "100.0")


def test_yanhe_230_poor_villages_208_exited_22_not(admin):
    page = text(admin, "/regions/520627/")
    for figure in ("230", "208", "40", "22", "10"):
        assert f" {figure} " in page
    rows = api(admin, "/api/reported-figures/?region=520627&year=2019&page_size=50")["results"]
    got = {r["indicator"]: r["value"] for r in rows}
    assert (got["poor_villages"], got["poor_villages_exited"], got["deep_poverty_villages_exited"]) == ("230", "208", "40")
    assert (got["poor_villages_not_exited"], got["deep_poverty_villages_not_exited"]) == ("22", "10")
