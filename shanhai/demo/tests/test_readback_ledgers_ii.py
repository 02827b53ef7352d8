"""Ledgers II read back: the seeds' people, labour, market and event figures on the pages and
through the API, each with its basis. The numbers asserted are the seeds'."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client_for):
    return client_for("admin")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def row(client, ledger, reference) -> dict:
    results = client.get(f"/api/{ledger}/?search={reference}&page_size=100").json()["results"]
    [found] = [r for r in results if r.get("reference") == reference]
    return found


def test_kunshan_bijiang_people_and_labour(admin):
    plans = [row(admin, "quota-plans", f"KS-BJ-SIX-TENS-{k}") for k in ("TEACHER", "DOCTOR", "AGRONOMIST", "TECH", "ENTREPRENEUR", "SOCIAL")]
    assert {p["target"] for p in plans} == {10}  # six tens: ten of each kind a year
    sun = row(admin, "talent-placements", "KS-BJ-TAL-SDX")
    assert (sun["person_name"], sun["post"], sun["basis"]) == ("孙道寻", "碧江区委常委、副区长", "itemised")
    jobs = row(admin, "jobs-offered", "KS-BJ-JOBS-2019")  # 1.3万多个 a year
    assert (jobs["jobs"], jobs["qualifier"], jobs["basis"]) == (13000, "at_least", "aggregate")
    assert "百家汇药房定制班" in page(admin, "/order-classes/")
    assert "劳务" in row(admin, "labour-stations", "KS-BJ-LAB-STATION")["name"]


def test_kunshan_bijiang_markets_and_events(admin):
    card = row(admin, "sales", "KS-BJ-SALE-YEARCARD")
    assert (card["quantity"], card["amount"]) == ("4000", None)  # 4,000 cards sold; amount unknown
    showcase = row(admin, "sales", "KS-BJ-SALE-SHOWCASE")
    assert (showcase["amount"], showcase["basis"]) == (1_0600_0000_00, "aggregate")  # 1.06 亿元
    contracts = row(admin, "distribution-contracts", "KS-BJ-DIST-BSRICE")
    assert (contracts["buyer_count"], contracts["event_start"], contracts["event_end"]) == (7, "2019-11-15", "2019-11-17")
    expo = row(admin, "promotion-events", "KS-BJ-EXPO-2019-11")
    assert (expo["start_date"], expo["end_date"]) == ("2019-11-15", "2019-11-17")
    visits = {v["start_date"] for v in admin.get("/api/visits/?page_size=50").json()["results"]}
    assert {"2019-11-04", "2019-11-12", "2019-11-13", "2019-11-20"} <= visits
    goal = row(admin, "hospital-goals", "KS-BJ-HOSP-GOAL-T3")
    assert goal["due_year"] - goal["start_year"] == 3


def test_the_longtian_fire(admin):
    fire = row(admin, "incidents", "BJ-INC-LT-FIRE")
    assert (fire["households_hit"], fire["persons_hit"]) == (11, 39)
    assert (fire["main_houses_destroyed"], fire["main_rooms_destroyed"], fire["side_rooms_destroyed"]) == (7, 17, 12)
    assert (fire["exited_households_hit"], fire["exited_persons_hit"]) == (2, 7)
    assert (fire["poor_households_hit"], fire["poor_persons_hit"]) == (2, 5)
    listing = page(admin, f"/incidents/{fire['id']}/")
    assert "KS-BJ-DON-FIRE" in listing and "100 万元" in listing


def test_bijiang_and_yanhe_poverty_status(admin):
    def figures(code, year):
        data = admin.get(f"/api/poverty-status/?region={code}&year={year}").json()
        return {f["indicator"]: f["value"] for g in data["groups"] for f in g["figures"]}

    bijiang = figures("520602", 2019)
    assert (bijiang["exited_households"], bijiang["exited_persons"], bijiang["poverty_incidence"]) == ("6278", "22896", "1.25")
    assert bijiang["poor_households_remaining"] == "789"
    check = figures("520602", 2018)  # the county exit check: 零漏评、零错退，群众认可度97.64%
    assert (check["missed_identification_rate"], check["wrong_exit_rate"], check["satisfaction_rate"]) == ("0", "0", "97.64")
    page_text = page(admin, "/poverty-status/520602/?year=2019")
    assert "97.64" in page_text and "6,278" in page_text
    yanhe = figures("520627", 2019)
    assert (yanhe["poor_persons_remaining"], yanhe["poverty_incidence"]) == ("20200", "3.3")


def test_zhangjiagang_yanhe_labour_and_markets(admin):
    assert "两江家园" in page(admin, "/labour-stations/")
    assert "东渡纺织班" in page(admin, "/order-classes/")
    stable = admin.get("/api/employment-outcomes/?page_size=50").json()["results"]
    zjg = [o for o in stable if o["pairing"] and o["pairing"].startswith("ZJG-YH")]
    assert sum(o["workers"] for o in zjg) == 233 and all(o["poor_workers"] == o["workers"] for o in zjg)
    bought = row(admin, "sales", "ZJG-YH-SALE-868")
    assert (bought["amount"], bought["basis"]) == (868_0000_00, "aggregate")
    lilies = row(admin, "sales", "ZJG-YH-SALE-YG-HHC")
    assert (lilies["quantity"], lilies["unit"]) == ("1620", "斤")
    # 1,620 斤 = 0.81 吨 exactly: the only itemised tonnage under Zhangjiagang ↔ Yanhe
    [figures] = [f for f in admin.get("/api/sales-figures/").json()["results"] if f["pairing"] == "ZJG-YH"]
    assert figures["total"]["mass"]["itemised_tonnes"] == "0.81"


def test_suzhou_tongren_markets_labour_and_schooling(admin):
    sold = row(admin, "sales", "SZ-TR-SALE-2020")
    assert (sold["quantity"], sold["unit"], sold["amount"]) == ("4002.12", "吨", 257_6058_0000)
    assert sold["poor_people_driven"] is None  # illegible in the source: unknown, not zero
    assert "25,760.58 万元" in page(admin, f"/sales/{sold['id']}/")
    outlets = row(admin, "sales-channels", "SZ-TR-CH-FJSZ-OUTLETS")
    assert (outlets["count"], outlets["parent"], outlets["basis"]) == (31, "SZ-TR-CH-FJSZ", "aggregate")
    flight = row(admin, "transports", "SZ-TR-LAB-MU7720")
    assert (flight["flight_number"], flight["workers"], flight["employer_name"]) == ("MU7720", 144, "昆山丘钛微电子科技有限公司")
    yinjiang = [o for o in admin.get("/api/employment-outcomes/?page_size=50").json()["results"] if o["pairing"] == "WJ-YJ"]
    assert (sum(o["workers"] for o in yinjiang), sum(o["poor_workers"] or 0 for o in yinjiang)) == (421, 198)
    tongren_class = row(admin, "host-classes", "SZ-TR-CLASS-SZJS")
    assert (tongren_class["name"], tongren_class["students"]) == ("铜仁班", 31)
    visit = row(admin, "visits", "SZ-TR-VISIT-2020-05")
    assert (visit["start_date"], visit["end_date"], visit["sites_count"], visit["meetings_count"]) == ("2020-05-17", "2020-05-19", 11, 2)
    assert row(admin, "joint-meetings", "SZ-TR-JM-2020-05")["pairing"] == "SZ-TR"
