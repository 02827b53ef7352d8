"""The seeds' pairing figures read back through the API, and pairings written through it."""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.pairings.models import Pairing, PairingParty

pytestmark = pytest.mark.django_db


def pairing(client, reference):
    data = client.get(f"/api/pairings/?reference={reference}").json()
    assert data["count"] == 1, reference
    return data["results"][0]


def coverage(client, region, year, target):
    response = client.get(f"/api/coverage/?region={region}&year={year}&target={target}")
    assert response.status_code == 200, response.content
    (row,) = response.json()["results"]
    return row


def side(totals):
    return totals["itemised"], totals["aggregate"], totals["total"]


# ---------------------------------------------------------------- the seeds' figures


def test_bijiang_deep_poverty_villages_fully_paired_via_api(client_for):
    # Seed 000: Kunshan's 8 strong villages paired with Bijiang's 8 deep-poverty villages, "全覆盖";
    # 七桥村 ↔ 高坝田村 is the one named (seed 001), the other seven are known only as a count.
    row = coverage(client_for("bijiang"), "520602", 2020, "deep_poverty_villages")
    assert row["share"] == "100.0"
    assert (row["target_total"], row["paired_itemised"], row["paired_aggregate"]) == (8, 1, 7)
    assert (row["paired_total"], row["unpaired_total"], row["unpaired_itemised"]) == (8, 0, [])
    assert row["target_basis"] == "reported"
    assert row["reported"]["value"] == "8"
    assert row["complete"] is True
    assert "逐一登记 1" in row["basis_text"] and "汇总记录 7" in row["basis_text"]


def test_yanhe_22_unexited_villages_fully_paired_in_2020_via_api(client_for):
    # Seed 002: 22 poor villages not yet exited at the end of 2019 (10 of them deep-poverty, paired by
    # the five-level model); the 12 chambers and firms signed with the other 12 on 2020-04-21, 亨通集团
    # with 高山村 by name.
    row = coverage(client_for("jiangsu"), "520627", 2020, "unexited_poor_villages")
    assert (row["target_total"], row["paired_total"], row["share"]) == (22, 22, "100.0")
    assert (row["paired_itemised"], row["paired_aggregate"]) == (1, 21)
    assert (row["reported"]["value"], row["reported"]["year"]) == ("22", 2019)


def test_yanhe_unexited_villages_before_the_chamber_signing(client_for):
    # In 2019 only the ten deep-poverty villages among the 22 were paired: 10 / 22 = 45.5 %.
    row = coverage(client_for("jiangsu"), "520627", 2019, "unexited_poor_villages")
    assert row["paired_total"] < 22
    assert (row["paired_total"], row["unpaired_total"], row["share"]) == (10, 12, "45.5")
    assert row["complete"] is False


def test_yanhe_50_deep_poverty_villages_fully_paired(client_for):
    # Seed 002: 9 departments, 18 strong villages, 6 state and 10 private firms, 2 financial
    # institutions and 5 social organisations ↔ 50 deep-poverty villages (40 exited, 10 not).
    row = coverage(client_for("jiangsu"), "520627", 2020, "deep_poverty_villages")
    assert (row["target_total"], row["paired_aggregate"], row["share"]) == (50, 50, "100.0")
    deep = pairing(client_for("jiangsu"), "ZJG-YH-DEEP")
    assert side(deep["totals"]["helpers"]) == (0, 9 + 18 + 6 + 10 + 2 + 5, 50)
    assert side(deep["totals"]["helped"]) == (0, 50, 50)


def test_family_pairing_1024_party_members_788_households_readable_from_the_list(client_for):
    # Seed 000: "1024名昆山市党员与碧江区788户贫困户进行了家庭结对".
    data = pairing(client_for("bijiang"), "KS-BJ-FAMILY")
    assert side(data["totals"]["helpers"]) == (0, 1024, 1024)
    assert side(data["totals"]["helped"]) == (0, 788, 788)
    assert data["is_aggregate"] is True
    assert data["kind"] == "family"
    assert {(p["role"], p["party_type"], p["count"], p["member_kind"]) for p in data["parties"]} == {
        ("helper", "group", 1024, "party_member"),
        ("helped", "group", 788, "poor_household"),
    }


def test_suzhou_tongren_county_pairs_roll_up_via_totals(client_for):
    # Seed 001: Suzhou's 10 boards ↔ Tongren's 10 counties one-to-one. Named on the eastern side:
    # Kunshan, Zhangjiagang and Wujiang (seed 003); the other 7 only as a count. All 10 western
    # counties are itemised.
    client = client_for("jiangsu")
    root = pairing(client, "SZ-TR")
    response = client.get(f"/api/pairings/{root['id']}/totals/?kind=county")
    assert response.status_code == 200
    totals = response.json()
    assert side(totals["helpers"]) == (3, 7, 10)
    assert side(totals["helped"]) == (10, 0, 10)
    assert totals["pairings"] == 4


def test_twelve_chambers_and_twelve_villages_signed_on_2020_04_21(client_for):
    # Seed 002: 12 firms and chambers (沙钢、雅鹿 named; 亨通 ↔ 高山村 nested) ↔ 12 unexited villages.
    data = pairing(client_for("jiangsu"), "ZJG-YH-CHAMBERS")
    assert side(data["totals"]["helpers"]) == (3, 9, 12)
    assert side(data["totals"]["helped"]) == (1, 11, 12)
    assert data["start_date"] == "2020-04-21"
    assert data["children"] == [pairing(client_for("jiangsu"), "ZJG-YH-CHAMBER-HT")["id"]]


def test_kunshan_bijiang_town_pairs_two_way_coverage_via_api(client_for):
    # Seed 001: Kunshan's 8 towns, 4 offices and the resort ↔ Bijiang's 9 towns and 4 streets, both ways.
    client = client_for("bijiang")
    ks_bj = pairing(client, "KS-BJ")
    response = client.get(f"/api/pairings/{ks_bj['id']}/two-way-coverage/?year=2020")
    assert response.status_code == 200
    data = response.json()
    assert data["complete"] is True
    assert (data["east"]["region_name"], data["east"]["target_total"], data["east"]["share"]) == ("昆山市", 13, "100.0")
    assert (data["west"]["region_name"], data["west"]["target_total"], data["west"]["share"]) == ("碧江区", 13, "100.0")


def test_town_pairs_nine_towns_on_each_side_with_the_one_to_two_pair(client_for):
    client = client_for("kunshan")
    towns = pairing(client, "KS-BJ-TOWNS")
    # 8 towns and the resort ↔ 9 towns (the 4 offices ↔ 4 streets are a pairing of their own).
    assert towns["totals"]["helpers"]["total"] == 9 and towns["totals"]["helped"]["total"] == 9
    one_to_two = pairing(client, "KS-BJ-TOWN-1TO2")
    assert one_to_two["shape"] == "一对多"
    assert one_to_two["parent"] == towns["id"]
    assert one_to_two["id"] in towns["children"]
    assert {p["description"] for p in one_to_two["parties"] if p["role"] == "helped"} == {"滑石乡", "桐木坪乡"}
    assert pairing(client, "KS-BJ-TOWN-ZP")["display_name"] == "张浦镇 ↔ 坝黄镇"


def test_coverage_of_a_region_lists_every_target_with_shares_as_strings(client_for):
    response = client_for("bijiang").get("/api/coverage/?region=520602000000&year=2020")
    assert response.status_code == 200
    data = response.json()
    assert (data["region"], data["region_name"], data["year"]) == ("520602000000", "碧江区", 2020)
    rows = {r["target"]: r for r in data["results"]}
    assert {"deep_poverty_villages", "towns_and_streets", "schools", "health_centres"} <= set(rows)
    # Seed 000: 55 schools and 15 township health centres, each "全覆盖".
    assert (rows["schools"]["target_total"], rows["schools"]["share"]) == (55, "100.0")
    assert (rows["health_centres"]["target_total"], rows["health_centres"]["share"]) == (15, "100.0")
    assert all(r["share"] is None or isinstance(r["share"], str) for r in data["results"])


def test_coverage_lists_unpaired_itemised_targets_by_code_and_name(client_for):
    # Kunshan has more town-level units in the division codes than it paired (13 by the seeds);
    # whichever are not paired by name are listed, each with its code.
    data = client_for("kunshan").get(f"/api/pairings/{pairing(client_for('kunshan'), 'KS-BJ')['id']}/two-way-coverage/?year=2020").json()
    unpaired = data["east"]["unpaired_itemised"]
    assert unpaired and all(u["type"] == "region" and u["code"].startswith("320583") and u["name"] for u in unpaired)
    assert "张浦镇" not in {u["name"] for u in unpaired}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("region=520602", 400),  # no year
        ("region=520602&year=20", 400),
        ("region=520602&year=2020&target=nonsense", 400),
        ("year=2020", 400),  # no region
        ("region=520699&year=2020", 404),  # no such county
        ("region=52060&year=2020", 404),
    ],
)
def test_coverage_bad_requests(client_for, query, status):
    assert client_for("bijiang").get(f"/api/coverage/?{query}").status_code == status


# ---------------------------------------------------------------- lists and filters


def refs(response):
    assert response.status_code == 200, response.content
    return {p["reference"] for p in response.json()["results"]}


def test_filters_kind_within_parent_status_and_search(client_for):
    client = client_for("admin")
    assert refs(client.get("/api/pairings/?kind=village&within=520602")) == {"KS-BJ-VILLAGES", "KS-BJ-VILLAGE-QQ"}
    # 高坝田村: the named village pair, the blueberry firm and the Zhangpu chamber (seeds 000/001).
    assert refs(client.get("/api/pairings/?search=高坝田")) == {"KS-BJ-VILLAGE-QQ", "KS-BJ-ENT-XH", "KS-BJ-SOCIAL-3"}
    towns = pairing(client, "KS-BJ-TOWNS")
    assert refs(client.get(f"/api/pairings/?parent={towns['id']}")) == {"KS-BJ-TOWN-ZP", "KS-BJ-TOWN-ZS", "KS-BJ-TOWN-1TO2"}
    assert refs(client.get("/api/pairings/?top=true")) == {"JS-GZ"}
    assert "ZJG-YH-CHAMBER-HT" in refs(client.get("/api/pairings/?within=520627107&status=active"))
    assert client.get("/api/pairings/?within=52x").status_code == 400


def test_reference_data(client_for):
    client = client_for("yanhe")
    kinds = {k["code"]: k["name"] for k in client.get("/api/pairing-kinds/").json()["results"]}
    assert kinds["county"] == "县县结对" and kinds["family"] == "家庭结对"
    members = {k["code"]: k for k in client.get("/api/member-kinds/?page_size=100").json()["results"]}
    assert (members["party_member"]["name"], members["party_member"]["unit"]) == ("党员", "名")
    targets = client.get("/api/coverage-targets/deep_poverty_villages/").json()
    assert targets["name"] == "深度贫困村"


# ---------------------------------------------------------------- writing


def qiqiao_pingcha(reference="KS-BJ-VILLAGE-TEST", **extra):
    return {
        "reference": reference,
        "kind": "village",
        "parent": Pairing.objects.get(reference="KS-BJ-VILLAGES").pk,
        "start_date": "2020-05-01",
        "parties": [
            {"role": "helper", "party_type": "region", "region": "320583106204"},
            {"role": "helped", "party_type": "region", "region": "520602101202"},
            {"role": "helped", "party_type": "group", "region": "520602", "count": 2, "member_kind": "poor_village",
             "exited": False},
        ],
        **extra,
    }


def test_kunshan_creates_a_village_pair_with_itemised_and_counted_parties(client_for, demo_users):
    response = client_for("kunshan").post("/api/pairings/", qiqiao_pingcha(), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["display_name"] == "七桥村 ↔ 坪茶村、碧江区2个贫困村（未出列）"
    assert data["shape"] == "一对多" and data["is_aggregate"] is True
    assert side(data["totals"]["helpers"]) == (1, 0, 1)
    assert side(data["totals"]["helped"]) == (1, 2, 3)
    created = Pairing.objects.get(reference="KS-BJ-VILLAGE-TEST")
    assert created.parties.count() == 3
    entry = AuditEntry.objects.get(content_type__model="pairing", object_id=str(created.pk))
    assert (entry.actor, entry.source, entry.action) == (demo_users["kunshan"], "api", "create")
    assert len(entry.after["parties"]) == 3


def test_patch_replaces_parties_only_when_given(client_for):
    client = client_for("bijiang")
    url = f"/api/pairings/{Pairing.objects.get(reference='KS-BJ-VILLAGE-QQ').pk}/"
    parties_before = list(PairingParty.objects.filter(pairing__reference="KS-BJ-VILLAGE-QQ").values_list("region_id", flat=True))
    assert client.patch(url, {"agreement": "村村结对协议"}, content_type="application/json").status_code == 200
    assert list(PairingParty.objects.filter(pairing__reference="KS-BJ-VILLAGE-QQ").values_list("region_id", flat=True)) == parties_before
    payload = {"parties": [
        {"role": "helper", "party_type": "region", "region": "320583106204"},
        {"role": "helped", "party_type": "region", "region": "520602101208"},
        {"role": "helped", "party_type": "region", "region": "520602101202"},
    ]}
    response = client.patch(url, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["shape"] == "一对多"
    assert response.json()["agreement"] == "村村结对协议"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"parties": []}, "parties"),
        ({"parties": [{"role": "helper", "party_type": "region", "region": "320583106204"}]}, "non_field_errors"),
        # A counted group must say what it counts.
        ({"parties": [{"role": "helper", "party_type": "group", "region": "320583", "count": 3},
                      {"role": "helped", "party_type": "region", "region": "520602101202"}]}, "non_field_errors"),
        ({"parties": [{"role": "helper", "party_type": "region", "region": "320583999999"},
                      {"role": "helped", "party_type": "region", "region": "520602101202"}]}, "parties"),
        ({"end_date": "2019-01-01"}, "end_date"),  # before its start
        ({"reference": "KS-BJ"}, "reference"),  # taken
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_invalid_pairing_is_400_and_nothing_written(client_for, change, field):
    count, parties, trail = Pairing.objects.count(), PairingParty.objects.count(), AuditEntry.objects.count()
    response = client_for("kunshan").post("/api/pairings/", qiqiao_pingcha(**change), content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert (Pairing.objects.count(), PairingParty.objects.count(), AuditEntry.objects.count()) == (count, parties, trail)


def test_a_pairing_with_sub_pairings_cannot_be_deleted(client_for):
    url = f"/api/pairings/{Pairing.objects.get(reference='KS-BJ-TOWNS').pk}/"
    response = client_for("kunshan").delete(url)
    assert response.status_code == 409
    assert "下级结对" in response.json()["detail"]
    assert Pairing.objects.filter(reference="KS-BJ-TOWNS").exists()


def test_a_leaf_pairing_is_deleted_with_its_parties_and_audited(client_for, demo_users):
    target = Pairing.objects.get(reference="KS-BJ-SOCIAL-2")
    response = client_for("kunshan").delete(f"/api/pairings/{target.pk}/")
    assert response.status_code == 204
    assert not Pairing.objects.filter(pk=target.pk).exists()
    assert not PairingParty.objects.filter(pairing_id=target.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(target.pk), content_type__model="pairing", action="delete")
    assert entry.actor == demo_users["kunshan"] and entry.before["reference"] == "KS-BJ-SOCIAL-2"


def test_totals_rejects_an_unknown_kind(client_for):
    url = f"/api/pairings/{Pairing.objects.get(reference='KS-BJ').pk}/totals/?kind=nonsense"
    assert client_for("kunshan").get(url).status_code == 400
