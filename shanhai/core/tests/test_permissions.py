"""The permission matrix over the API: role × scope × endpoint, on the demo's accounts and records.

The expectations are written from the role definitions (shanhai/demo/accounts.py) and from where the
seeds put each record, never read back from the code under test:

    admin         superuser: everything
    jiangsu       provincial office on 32 (Jiangsu) and 52 (Guizhou), both sides
    kunshan       eastern office on 320583, writes the helper (east) side
    bijiang       western office on 520602, writes the helped (west) side
    zhangjiagang  eastern office on 320582, writes the helper side
    yanhe         operator on 520627107 (沿河县思渠镇), both sides
    workteam      work team on 320583 and 520602, both sides
    auditor       reads everything, writes nothing

Both sides of a pair read each other's regions and organisations (ADR 010): Kunshan's counterpart is
520602 (昆山 ↔ 碧江), Bijiang's 320583, Zhangjiagang's 520627 (张家港 ↔ 沿河), the 思渠镇 operator's
320509 (亨通集团 of 吴江 ↔ 高山村).

A record outside a caller's view answers 404; one the caller sees but may not change answers 403; in
both cases, and whenever a write is refused, the database is exactly as before.
"""

from dataclasses import dataclass, field

import pytest

from shanhai.assessment.models import Indicator, Target
from shanhai.core.models import AuditEntry
from shanhai.core.scope import ancestor_codes
from shanhai.core.testing import csv_bytes
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PairingParty
from shanhai.regions.models import PovertyDesignation, Region, ReportedFigure

pytestmark = pytest.mark.django_db

USERS = ["admin", "jiangsu", "kunshan", "bijiang", "zhangjiagang", "yanhe", "workteam", "auditor"]

EVERYWHERE = frozenset({"admin", "jiangsu"})  # the national office; the province pair's office holds both provinces
IN_KUNSHAN = frozenset({"kunshan", "workteam"})  # 320583
IN_BIJIANG = frozenset({"bijiang", "workteam"})  # 520602
IN_ZHANGJIAGANG = frozenset({"zhangjiagang"})  # 320582
IN_SIQU = frozenset({"yanhe"})  # 520627107 思渠镇 (not the rest of Yanhe county)
READ_ONLY = frozenset({"auditor"})
# Who reads a region's places and organisations across a pair (its counterparts).
ACROSS_FROM_KUNSHAN = frozenset({"bijiang"})  # Bijiang reads 320583
ACROSS_FROM_BIJIANG = frozenset({"kunshan"})  # Kunshan reads 520602
ACROSS_FROM_YANHE = frozenset({"zhangjiagang"})  # Zhangjiagang reads 520627


def state():
    """Every row a write through the API could touch (regions by count: the API never writes them)."""
    tables = (Organisation, Pairing, PairingParty, PovertyDesignation, ReportedFigure, Target, Indicator, AuditEntry)
    return {m.__name__: list(m.objects.order_by("pk").values_list()) for m in tables} | {
        "Region": Region.objects.count()
    }


def pairing_url(reference):
    return f"/api/pairings/{Pairing.objects.get(reference=reference).pk}/"


def org_url(name):
    return f"/api/orgs/{Organisation.objects.get(name=name).pk}/"


def figure_url(region, year, indicator):
    return f"/api/reported-figures/{ReportedFigure.objects.get(region_id=region, year=year, indicator_id=indicator).pk}/"


def target_url(reference, year, key):
    return f"/api/targets/{Target.objects.get(pairing__reference=reference, year=year, indicator__key=key).pk}/"


def indicator_url(indicator_set, key):
    return f"/api/indicators/{Indicator.objects.get(indicator_set__code=indicator_set, key=key).pk}/"


def designation_url(region, kind):
    return f"/api/poverty-designations/{PovertyDesignation.objects.get(region_id=region, kind=kind).pk}/"


@dataclass(frozen=True)
class Record:
    """A demo record, who may see it and who may change it (writers ⊆ readers)."""

    label: str
    url: tuple  # (function, args): resolved inside the test, where the database is open
    writers: frozenset
    readers: frozenset = field(default=frozenset())
    patch: dict = field(default_factory=dict)
    delete_refused: int | None = None  # status a writer gets when the record may not be deleted yet

    def resolve(self):
        fn, *args = self.url
        return fn(*args)

    def who_reads(self):
        return self.writers | self.readers | READ_ONLY


RECORDS = [
    Record(
        # Kunshan ↔ Bijiang: a party on each side; it has the seven kinds of pairing under it.
        "pairing KS-BJ", (pairing_url, "KS-BJ"), EVERYWHERE | IN_KUNSHAN | IN_BIJIANG,
        patch={"note": "核对：种子报告 000/001"}, delete_refused=409,
    ),
    Record(
        # 亨通集团 (Wujiang, 320509) ↔ 思渠镇高山村 (520627107211): Zhangjiagang's office holds neither
        # party, so it may not write it; it reads it because it sits under its own county pair.
        "pairing ZJG-YH-CHAMBER-HT", (pairing_url, "ZJG-YH-CHAMBER-HT"), EVERYWHERE | IN_SIQU,
        readers=frozenset({"zhangjiagang"}),
        # 亨通集团's 10 万元 to 高山村 is recorded under it (seed 002): it stays while that does.
        delete_refused=409,
        patch={"agreement": "结对帮扶协议（2020年4月21日）"},
    ),
    Record(
        # Zhangjiagang's five-level model ↔ Yanhe's 50 deep-poverty villages, counted at county level.
        "pairing ZJG-YH-DEEP", (pairing_url, "ZJG-YH-DEEP"), EVERYWHERE | IN_ZHANGJIAGANG,
        patch={"note": "核对：种子报告 002"},
    ),
    Record(
        "org Kunshan Yaxiang", (org_url, "昆山亚香香料有限公司"), EVERYWHERE | IN_KUNSHAN, readers=ACROSS_FROM_KUNSHAN,
        patch={"note": "亚香奖助学金 100 万元"},
    ),
    Record(
        # 沙钢 signed with a Yanhe village on 2020-04-21: it cannot be deleted while that pairing stands.
        "org Zhangjiagang Shagang", (org_url, "江苏沙钢集团有限公司"), EVERYWHERE | IN_ZHANGJIAGANG,
        patch={"short_name": "沙钢"}, delete_refused=409,
    ),
    Record(
        # Paired with Kunshan's justice bureau (department pair): deleting it is refused.
        "org Bijiang justice bureau", (org_url, "碧江区司法局"), EVERYWHERE | IN_BIJIANG, readers=ACROSS_FROM_BIJIANG,
        patch={"short_name": "碧江司法局"}, delete_refused=409,
    ),
    Record(
        "reported figure Bijiang 2019 deep-poverty villages",
        (figure_url, "520602000000", 2019, "deep_poverty_villages"), EVERYWHERE | IN_BIJIANG,
        patch={"source": "种子报告 000（核对）"},
    ),
    Record(
        # Yanhe county's figure: the 思渠镇 operator's subtree is one town of it.
        "reported figure Yanhe 2019 unexited poor villages",
        (figure_url, "520627000000", 2019, "poor_villages_not_exited"), EVERYWHERE,
        patch={"source": "种子报告 002（核对）"},
    ),
    Record(
        "designation Gaoshan village", (designation_url, "520627107211", "poor_village"), EVERYWHERE | IN_SIQU,
        patch={"source": "种子报告 002（核对）"},
    ),
]

RECORDS += [
    Record(
        # 昆山 ↔ 碧江's 2019 target of 13,000 jobs (seed 000): the pair's offices write it, on either side.
        "target KS-BJ 2019 jobs offered", (target_url, "KS-BJ", 2019, "jobs_offered"), EVERYWHERE | IN_KUNSHAN | IN_BIJIANG,
        patch={"source": "种子报告 000（核对）"},
    ),
    Record(
        # Indicators are the national office's: everybody reads them, only a nationwide role writes; one
        # a target names cannot be deleted.
        "indicator jobs_offered", (indicator_url, "2016-2020", "jobs_offered"), frozenset({"admin"}),
        readers=frozenset(USERS), patch={"description": "核对"}, delete_refused=409,
    ),
]

REGIONS = [
    ("520602", EVERYWHERE | IN_BIJIANG | ACROSS_FROM_BIJIANG | READ_ONLY),  # 碧江区
    ("320583106", EVERYWHERE | IN_KUNSHAN | ACROSS_FROM_KUNSHAN | READ_ONLY),  # 张浦镇
    ("520627107211", EVERYWHERE | IN_SIQU | ACROSS_FROM_YANHE | READ_ONLY),  # 高山村
    ("520627", EVERYWHERE | ACROSS_FROM_YANHE | READ_ONLY),  # 沿河县: above the operator's town
]


def cases():
    return [pytest.param(r, u, id=f"{r.label}-{u}") for r in RECORDS for u in USERS]


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(("record", "username"), cases())
def test_get_detail(client_for, record, username):
    response = client_for(username).get(record.resolve())
    assert response.status_code == (200 if username in record.who_reads() else 404)


@pytest.mark.parametrize(("code", "readers"), REGIONS)
@pytest.mark.parametrize("username", USERS)
def test_get_region(client_for, code, readers, username):
    response = client_for(username).get(f"/api/regions/{code}/")
    assert response.status_code == (200 if username in readers else 404)


@pytest.mark.parametrize(
    ("region", "readers"),
    [
        # Both offices of a pair read the pair's coverage on either side.
        ("520602", EVERYWHERE | IN_BIJIANG | ACROSS_FROM_BIJIANG | READ_ONLY),
        # The county's coverage needs the county, or a pair with it: not the town operator.
        ("520627", EVERYWHERE | ACROSS_FROM_YANHE | READ_ONLY),
        ("520627107", EVERYWHERE | IN_SIQU | ACROSS_FROM_YANHE | READ_ONLY),
    ],
)
@pytest.mark.parametrize("username", USERS)
def test_coverage_of_a_region(client_for, region, readers, username):
    response = client_for(username).get(f"/api/coverage/?region={region}&year=2020")
    assert response.status_code == (200 if username in readers else 404)


@pytest.mark.parametrize("username", USERS)
def test_pairing_actions_follow_the_pairing(client_for, username):
    readers = RECORDS[0].who_reads()
    client = client_for(username)
    url = pairing_url("KS-BJ")
    expected = 200 if username in readers else 404
    assert client.get(url + "totals/?kind=town").status_code == expected
    assert client.get(url + "two-way-coverage/?year=2020").status_code == expected


@pytest.mark.parametrize("username", USERS)
def test_audit_trail_of_a_record_is_seen_with_the_record(client_for, username):
    pairing = Pairing.objects.get(reference="KS-BJ")
    response = client_for(username).get(f"/api/audit/?content_type=pairings.pairing&object_id={pairing.pk}")
    assert response.status_code == 200
    assert response.json()["count"] == (1 if username in RECORDS[0].who_reads() else 0)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        # Zhangjiagang's county pair, the five-level pair and the chambers' pair (沙钢 is a
        # Zhangjiagang firm), and 亨通 ↔ 高山村 nested under them though neither of its parties is.
        ("zhangjiagang", {"ZJG-YH", "ZJG-YH-DEEP", "ZJG-YH-CHAMBERS", "ZJG-YH-CHAMBER-HT"}),
        # The 思渠镇 operator sees the one pairing that touches 思渠镇.
        ("yanhe", {"ZJG-YH-CHAMBER-HT"}),
    ],
)
def test_pairing_list_holds_only_what_the_scope_touches(client_for, username, expected):
    data = client_for(username).get("/api/pairings/?page_size=500").json()
    assert {p["reference"] for p in data["results"]} == expected


@pytest.mark.parametrize(
    ("username", "prefixes", "across"),
    [("kunshan", ("320583",), ("520602",)), ("bijiang", ("520602",), ("320583",)),
     ("zhangjiagang", ("320582",), ("520627",)), ("yanhe", ("520627107",), ("320509",)),
     ("workteam", ("320583", "520602"), ())],
)
def test_every_listed_row_lies_in_the_callers_regions(client_for, username, prefixes, across):
    client = client_for(username)
    # Places and organisations: one's own, and those across one's pairs; organisations also of the
    # city and province above them (ADR 017).
    above = tuple(code for prefix in prefixes + across for code in ancestor_codes(prefix))
    for url, key, also in (("/api/orgs/", "region", above), ("/api/regions/", "code", ())):
        rows = client.get(url + "?page_size=500").json()["results"]
        assert all(row[key].startswith(prefixes + across) or row[key] in also for row in rows), url
        if across and url == "/api/regions/":  # (Yanhe has no organisation of its own in the demo)
            assert any(row[key].startswith(across) for row in rows), url
    for url, key in (("/api/reported-figures/", "region"), ("/api/poverty-designations/", "region")):
        rows = client.get(url + "?page_size=500").json()["results"]
        assert all(row[key].startswith(prefixes) for row in rows), url
    # A pairing is listed for a party of its own in the caller's regions, or for being nested under
    # a listed pairing that has one (a county office reads the pairs under its county pair).
    pairings = {p["id"]: p for p in client.get("/api/pairings/?page_size=500").json()["results"]}

    def in_regions(pairing):
        own = any(p["region"].startswith(prefixes) for p in pairing["parties"])
        return own or (pairing["parent"] in pairings and in_regions(pairings[pairing["parent"]]))

    assert all(in_regions(p) for p in pairings.values())


# ---------------------------------------------------------------- writing


def expected_write(record, username, success):
    if username in record.writers:
        return success
    return 403 if username in record.who_reads() else 404


@pytest.mark.parametrize(("record", "username"), cases())
def test_patch(client_for, demo_users, record, username):
    url = record.resolve()
    before = state()
    response = client_for(username).patch(url, record.patch, content_type="application/json")
    expected = expected_write(record, username, 200)
    assert response.status_code == expected, response.content
    if expected == 200:
        for name, value in record.patch.items():
            assert response.json()[name] == value
        assert AuditEntry.objects.filter(actor=demo_users[username], source="api", action="update").count() == 1
    else:
        assert state() == before


@pytest.mark.parametrize(("record", "username"), cases())
def test_delete(client_for, demo_users, record, username):
    url = record.resolve()
    before = state()
    response = client_for(username).delete(url)
    expected = expected_write(record, username, record.delete_refused or 204)
    assert response.status_code == expected, response.content
    if expected == 204:
        assert client_for("admin").get(url).status_code == 404
        assert AuditEntry.objects.filter(actor=demo_users[username], source="api", action="delete").count() == 1
    else:
        assert state() == before


def org(name, region):
    return {"name": name, "kind": "cooperative", "region": region}


def village_pair(reference, helper, helped):
    return {
        "reference": reference, "kind": "village",
        "parties": [
            {"role": "helper", "party_type": "region", "region": helper},
            {"role": "helped", "party_type": "region", "region": helped},
        ],
    }


CREATIONS = [
    ("org in Bijiang", "/api/orgs/", org("碧江区坝黄镇蓝莓专业合作社", "520602101"), EVERYWHERE | IN_BIJIANG),
    # Yanhe county itself: not Bijiang's, and above the 思渠镇 operator's town.
    ("org in Yanhe county", "/api/orgs/", org("沿河县茶叶专业合作社", "520627"), EVERYWHERE),
    ("org in Siqu town", "/api/orgs/", org("思渠镇高山村合作社", "520627107"), EVERYWHERE | IN_SIQU),
    ("org in Kunshan", "/api/orgs/", org("昆山市张浦镇农产品合作社", "320583106"), EVERYWHERE | IN_KUNSHAN),
    # 七桥村 helps 坪茶村: Kunshan writes through its helper, Bijiang through its helped party.
    ("pairing Kunshan → Bijiang", "/api/pairings/", village_pair("T-QQ-PC", "320583106204", "520602101202"),
     EVERYWHERE | IN_KUNSHAN | IN_BIJIANG),
    # The sides reversed: each office holds only the side it does not write for; the work team has no side.
    ("pairing Bijiang → Kunshan", "/api/pairings/", village_pair("T-PC-QQ", "520602101202", "320583106204"),
     EVERYWHERE | frozenset({"workteam"})),
    ("reported figure for Bijiang", "/api/reported-figures/",
     {"region": "520602", "year": 2020, "indicator": "schools", "value": "55", "source": "种子报告 000"},
     EVERYWHERE | IN_BIJIANG),
    ("designation in Siqu town", "/api/poverty-designations/",
     {"region": "520627107202", "kind": "poor_village", "source": "测试：池江村"}, EVERYWHERE | IN_SIQU),
]


@pytest.mark.parametrize(
    ("url", "payload", "writers", "username"),
    [pytest.param(url, payload, writers, u, id=f"{label}-{u}") for label, url, payload, writers in CREATIONS for u in USERS],
)
def test_post(client_for, demo_users, url, payload, writers, username):
    before = state()
    response = client_for(username).post(url, payload, content_type="application/json")
    if username in writers:
        assert response.status_code == 201, response.content
        assert AuditEntry.objects.filter(actor=demo_users[username], source="api", action="create").count() == 1
    else:
        assert response.status_code == 403, response.content
        assert state() == before


@pytest.mark.parametrize("username", USERS)
def test_import_organisations_of_bijiang(client_for, username):
    data = csv_bytes([["单位全称", "单位类别", "所在区划代码"], ["碧江区测试合作社", "合作社", "520602101"]])
    upload = _upload("orgs.csv", data)
    before = state()
    response = client_for(username).post("/api/imports/organisations/", {"file": upload})
    writers = EVERYWHERE | IN_BIJIANG
    if username in writers:
        assert response.status_code == 200, response.content
        assert response.json()["created"] == 1
    elif username in READ_ONLY:
        assert response.status_code == 403
        assert state() == before
    else:
        # A writer elsewhere: the engine names the row it may not write, and writes nothing.
        assert response.status_code == 400
        assert [p["row"] for p in response.json()["problems"]] == [2]
        assert state() == before


# ---------------------------------------------------------------- the cases the issue names


def test_bijiang_cannot_create_an_org_in_yanhe(client_for):
    before = state()
    response = client_for("bijiang").post("/api/orgs/", org("沿河县测试商会", "520627"), content_type="application/json")
    assert response.status_code == 403
    assert "520627" in response.json()["detail"]
    assert state() == before


def test_bijiang_importing_orgs_located_in_yanhe_names_the_row_and_writes_nothing(client_for):
    data = csv_bytes([
        ["单位全称", "简称", "单位类别", "所在区划代码"],
        ["碧江区蓝莓合作社", "", "合作社", "520602101"],
        ["沿河县中界镇白茶合作社", "", "合作社", "520627"],
    ])
    before = state()
    response = client_for("bijiang").post("/api/imports/organisations/", {"file": _upload("orgs.csv", data)})
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert [p["row"] for p in problems] == [3]
    assert "520627" in problems[0]["reason"]
    assert state() == before


def test_bijiang_cannot_move_its_org_to_yanhe(client_for):
    url = org_url("碧江区粮食局")
    before = state()
    response = client_for("bijiang").patch(url, {"region": "520627"}, content_type="application/json")
    assert response.status_code == 403
    assert state() == before


def test_kunshan_cannot_swap_its_village_for_zhangjiagangs(client_for):
    # A write must cover the record before and after: Kunshan may edit 七桥村 ↔ 高坝田村, not hand it over.
    url = pairing_url("KS-BJ-VILLAGE-QQ")
    zhangjiagang_village = Region.objects.filter(code__startswith="320582", level=5).values_list("code", flat=True)[0]
    payload = {"parties": [
        {"role": "helper", "party_type": "region", "region": zhangjiagang_village},
        {"role": "helped", "party_type": "region", "region": "520602101208"},
    ]}
    before = state()
    response = client_for("kunshan").patch(url, payload, content_type="application/json")
    assert response.status_code == 403
    assert state() == before


def test_auditor_reads_everything_but_every_write_is_403(client_for):
    client = client_for("auditor")
    assert client.get("/api/pairings/?reference=ZJG-YH-CHAMBER-HT").json()["count"] == 1
    before = state()
    # Refused before validation: even an empty body is 403, not 400.
    for method, url in (("post", "/api/orgs/"), ("post", "/api/pairings/"), ("patch", pairing_url("KS-BJ")),
                        ("put", org_url("江苏沙钢集团有限公司")), ("delete", pairing_url("ZJG-YH-CHAMBER-HT")),
                        ("post", "/api/reported-figures/"), ("post", "/api/imports/pairings/")):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 403, (method, url)
    assert state() == before


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")
