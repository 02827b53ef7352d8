"""The permission matrix, generated: every route × every demo account × where the record lies.

The routes come from the URL conf (``get_resolver()``), the API router's registry and the ledger
registry (``ledgers_all()``); a route no case covers and no entry below excludes fails
``test_every_route_is_in_the_matrix``. The records are the demo's (matrix_world.py says which, and
which are copies); where a record lies and which side keeps it are read from its model's
declarations. What each account may do is written here, from ADR 006 and ADR 010 and this table,
never read back from the code under test:

    account       grants (region code prefix, side)      across its pairs (counterparts)
    admin         superuser: the whole country           —
    jiangsu       national office on 32 and on 52        32, 52
    kunshan       east office on 320583, east side       520602        (昆山 ↔ 碧江)
    bijiang       west office on 520602, west side       320583
    zhangjiagang  east office on 320582, east side       520627        (张家港 ↔ 沿河)
    yanhe         operator on 520627107 (思渠镇)          320509        (亨通集团 of 吴江 ↔ 高山村)
    workteam      work team on 320583 and on 520602      320583, 520602
    auditor       reads the whole country, writes nothing
    suzhou        east office on 3205, east side         5206          (苏州 ↔ 铜仁 and its county pairs)
    tongren       west office on 5206, west side         3205

Reading. A record is read where one of its regions lies in the reader's own regions, where the
pairing it is filed under (itself or through a pairing it is nested under) has a party there, or
where the record it inherits its place from is read (an output's project). Regions and
organisations are read in one's own regions and across one's pairs; poverty designations and
reported figures in one's own regions. Reference data (kinds, indicators) is read by everybody.
Otherwise: 404.

Writing (ADR 010). The auditor: 403, always. A grant on the whole country (admin): anything. Anyone
else needs a point of the record on the side that keeps it (``keeper_side``; "" = both sides keep
it, any point) inside one of their grants, region and side: else 403 if they read it, 404 if not.
Reference data: the whole country's grant only. Beyond that, every region the record sets itself
must lie in the writer's own regions or counterparts, or be the city or province holding them: a
new record (POST) sets all of them, a DELETE takes all of them away; a PATCH of a note leaves them
as they were (ADR 010: "a region beyond both stays as it was"). A new record naming a record the
writer does not read is refused as that field's error (400), before anything else is looked at.

Situations. Each ledger is probed on a record in 昆山 ↔ 碧江 and the same record moved to 张家港 ↔
沿河 (its western regions in 思渠镇; for records kept by the sending side, also one sent west to
east): for each account one of them lies on its own side or the other side of its pair, or beyond
it. Other routes are asked about three records of their kind, or, where each answer computes every
figure (dashboards, scorecards, briefings, the reconciliation), about the account's own pair and
one beyond it. The API is asked by every account; pages, PUT (PATCH's twin) and the costly report
routes by a sample of them (PAGE_USERS, PUT_USERS, HEAVY_USERS); the export is the list page's.

Every refused write leaves the database as it was: the model's row count, the row itself and the
audit trail's length are compared.

Where the code disagrees with this table, the case is marked ``xfail(strict=True)`` with the
disagreement (``DISAGREEMENTS``), so it fails as soon as the code is brought in line.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from shanhai.agreements.models import TenHaveCheck
from shanhai.assessment.models import Target
from shanhai.core.ledger import ledgers_all
from shanhai.core.models import AuditEntry
from shanhai.core.records import SidedRecord
from shanhai.core.registry import importers_all
from shanhai.core.testing import csv_bytes, upload
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PairingAttached
from shanhai.regions.models import PovertyDesignation, Region, ReportedFigure

from . import matrix_world as mw

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- the role table

USERS = ["admin", "jiangsu", "kunshan", "bijiang", "zhangjiagang", "yanhe", "workteam", "auditor", "suzhou", "tongren"]
EAST, WEST = "east", "west"
GRANTS = {
    "admin": [("", "")],
    "jiangsu": [("32", ""), ("52", "")],
    "kunshan": [("320583", EAST)],
    "bijiang": [("520602", WEST)],
    "zhangjiagang": [("320582", EAST)],
    "yanhe": [("520627107", "")],
    "workteam": [("320583", ""), ("520602", "")],
    "auditor": [("", "")],
    "suzhou": [("3205", EAST)],
    "tongren": [("5206", WEST)],
}
COUNTERPARTS = {
    "admin": (), "auditor": (), "jiangsu": ("32", "52"), "kunshan": ("520602",), "bijiang": ("320583",),
    "zhangjiagang": ("520627",), "yanhe": ("320509",), "workteam": ("320583", "520602"), "suzhou": ("5206",),
    "tongren": ("3205",),
}
NATIONWIDE = {"admin"}
READ_ONLY = {"auditor"}


def own(user: str) -> tuple[str, ...]:
    return tuple(prefix for prefix, _side in GRANTS[user])


def everywhere(user: str) -> bool:
    return "" in own(user)


def reads_region(user: str, code: str) -> bool:
    """Places and organisations: one's own regions and those across one's pairs."""
    return everywhere(user) or code.startswith(own(user) + COUNTERPARTS[user])


def reads_pairing(user: str, pairing) -> bool:
    """A pairing with a party in one's regions, or nested under one that has."""
    return everywhere(user) or any(
        code.startswith(own(user)) for node in mw.ancestors(pairing) for code, _side in mw.parties(node)
    )


def reads(user: str, obj) -> bool:
    if everywhere(user) or mw.is_national(type(obj)) or not hasattr(type(obj).objects, "visible_to"):
        return True
    if isinstance(obj, Pairing):
        return reads_pairing(user, obj)
    if isinstance(obj, Region | Organisation):
        return reads_region(user, obj.code if isinstance(obj, Region) else obj.region_id)
    if isinstance(obj, PovertyDesignation | ReportedFigure):
        return obj.region_id.startswith(own(user))
    if isinstance(obj, AuditEntry):
        return reads(user, obj.content_type.get_object_for_this_type(pk=obj.object_id))
    if isinstance(obj, PairingAttached) or not isinstance(obj, SidedRecord) and getattr(obj, "pairing_id", None):
        return reads_pairing(user, obj.pairing)  # a record that lies where its pairing lies
    pairing = mw.filed_under(obj)
    return (
        any(code.startswith(own(user)) for code, _side in mw.points(obj))
        or (pairing is not None and reads_pairing(user, pairing))
        or any(reads(user, parent) for parent in mw.parents(obj))
    )


def holds(user: str, code: str, side: str) -> bool:
    return any(code.startswith(prefix) and (not gside or not side or gside == side) for prefix, gside in GRANTS[user])


def may_change(user: str, obj) -> bool:
    """A point of the record on its keeping side, in one of the user's grants (ADR 010, rule 1)."""
    if user in READ_ONLY:
        return False
    if user in NATIONWIDE:
        return True
    if mw.is_national(type(obj)):
        return False
    keeper = mw.keeper(obj)
    return any(holds(user, code, side) for code, side in mw.points(obj) if not keeper or side == keeper)


def in_reach(user: str, code: str) -> bool:
    """One's own regions, one's counterparts, or the city or province holding them (rule 2)."""
    within = own(user) + COUNTERPARTS[user]
    return code.startswith(within) or any(prefix.startswith(mw.significant(code)) for prefix in within)


def within_pairs(user: str, obj) -> bool:
    return user in NATIONWIDE or all(in_reach(user, code) for code, _side in mw.own_points(obj))


def may_delete(user: str, obj) -> bool:
    """A DELETE (or a new record) touches every region the record sets: rule 2 holds for them all."""
    return may_change(user, obj) and within_pairs(user, obj)


def expected_write(user: str, obj, allowed: bool, success: int) -> int:
    if allowed:
        return success
    return 403 if user in READ_ONLY or reads(user, obj) else 404


# ---------------------------------------------------------------- disagreements with the code

# "<test>[<case id>]": what the code does instead. The code is to be brought in line; each entry then
# fails (strict) until it is removed.

DISAGREEMENTS: dict[str, str] = {}
POSTGRESQL_DISAGREEMENTS: dict[str, str] = {}


def case(test: str, *values, id: str):
    marks = []
    if reason := DISAGREEMENTS.get(f"{test}[{id}]"):
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    elif reason := POSTGRESQL_DISAGREEMENTS.get(f"{test}[{id}]"):
        marks.append(pytest.mark.xfail(connection.vendor == "postgresql", strict=True, reason=reason))
    return pytest.param(*values, id=id, marks=marks)


# ---------------------------------------------------------------- who is asked where

# Pages are sampled: their scoping is the API's (one method, ``visible_to``), so they are asked by an
# eastern office, a western office, the town operator and the auditor.
PAGE_USERS = ["kunshan", "bijiang", "yanhe", "auditor"]
# Routes that compute every figure of what the caller reads (dashboards, scorecards, briefings, the
# reconciliation, the figure lists) take up to 1.5 s each: they are asked by the two offices of
# 昆山 ↔ 碧江, the Zhangjiagang office and the auditor.
HEAVY_USERS = ("kunshan", "bijiang", "zhangjiagang", "auditor")
# Routes about a pair (dashboards, returns, ten-haves …) ask each account about its own pair and one
# beyond it, rather than about all of them.
OWN_PAIR = {
    "admin": "KS-BJ", "jiangsu": "KS-BJ", "auditor": "KS-BJ", "kunshan": "KS-BJ", "bijiang": "KS-BJ", "workteam": "KS-BJ",
    "zhangjiagang": "ZJG-YH", "yanhe": None, "suzhou": "KS-BJ", "tongren": "KS-BJ",  # 思渠镇 is no party to a county pair
}
PAIR_BEYOND = {
    "admin": None, "jiangsu": None, "auditor": None, "kunshan": "ZJG-YH", "bijiang": "ZJG-YH", "workteam": "ZJG-YH",
    "zhangjiagang": "KS-BJ", "yanhe": "ZJG-YH", "suzhou": "JS-GZ", "tongren": "JS-GZ",
}

# ---------------------------------------------------------------- the ledgers' cases

LEDGERS = ledgers_all()
BY_SLUG = {ledger.slug: ledger for ledger in LEDGERS}


def probe_cases(test: str, want=lambda ledger: True, keys=None, users=USERS):
    return [
        case(test, ledger.slug, key, user, id=f"{ledger.slug}-{key}-{user}")
        for ledger in LEDGERS if want(ledger)
        for key in mw.probe_keys(ledger) if keys is None or key in keys
        for user in users
    ]


def ledger_cases(test: str, users=USERS):
    return [case(test, ledger.slug, user, id=f"{ledger.slug}-{user}") for ledger in LEDGERS for user in users]


def updatable(ledger):
    return ledger.update is not None


def deletable(ledger):
    return ledger.delete is not None


def text_field(ledger) -> str:
    """A harmless text field to PATCH."""
    return next(name for name in ("note", "source", "description") if name in ledger.fields)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The probes, built once for the module inside a transaction rolled back after it: the other
    modules see the demo as it was loaded."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = mw.World().build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """One logged-in client per account for the whole module (their sessions live in its transaction)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    out = {}
    with django_db_blocker.unblock():
        for user in get_user_model().objects.filter(username__in=USERS):
            out[user.username] = Client()
            out[user.username].force_login(user)
    return out


def state(model, pk=None):
    """What a refused write must leave as it was: the rows, the row, the audit trail."""
    row = list(model.objects.filter(pk=pk).values()) if pk is not None else None
    return model.objects.count(), row, AuditEntry.objects.count()


# ---------------------------------------------------------------- reading a ledger record


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_api_detail"))
def test_api_detail(world, clients, slug, key, username):
    obj = world.probe(slug, key)
    response = clients[username].get(f"/api/{slug}/{obj.pk}/")
    assert response.status_code == (200 if reads(username, obj) else 404)


@pytest.mark.parametrize(("slug", "username"), ledger_cases("test_api_list"))
def test_api_list(world, clients, slug, username):
    """The list holds each probe exactly when the caller reads it."""
    response = clients[username].get(f"/api/{slug}/?page_size=500")
    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    probes = [world.probe(slug, key) for key in mw.probe_keys(BY_SLUG[slug])]
    assert {p.pk for p in probes if p.pk in listed} == {p.pk for p in probes if reads(username, p)}


@pytest.mark.parametrize(("slug", "username"), ledger_cases("test_export", users=PAGE_USERS))
def test_export(world, clients, slug, username):
    """The list page's export (?export=xlsx) holds the rows the API lists, no more."""
    from openpyxl import load_workbook

    client = clients[username]
    export = client.get(f"/{slug}/?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
    rows = sum(1 for _row in sheet.iter_rows()) - 1  # under the header
    assert rows == client.get(f"/api/{slug}/?page_size=1").json()["count"]


# ---------------------------------------------------------------- writing a ledger record

NOTE = "权限矩阵：核对"


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_patch", updatable))
def test_patch(world, clients, slug, key, username):
    ledger, obj = BY_SLUG[slug], world.probe(slug, key)
    field = text_field(ledger)
    before = state(ledger.model, obj.pk)
    response = clients[username].patch(f"/api/{slug}/{obj.pk}/", {field: NOTE}, content_type="application/json")
    expected = expected_write(username, obj, may_change(username, obj), 200)
    assert response.status_code == expected, response.content.decode()[:500]
    if expected == 200:
        assert getattr(ledger.model.objects.get(pk=obj.pk), field) == NOTE
        assert AuditEntry.objects.count() == before[2] + 1
    else:
        assert state(ledger.model, obj.pk) == before


# PUT is PATCH's twin (one service call): asked of the record in 昆山 ↔ 碧江 by its keeper's office,
# the other side's, an office beyond the pair and the auditor.
PUT_USERS = ["kunshan", "bijiang", "zhangjiagang", "auditor"]


@pytest.mark.parametrize(
    ("slug", "key", "username"), probe_cases("test_put", updatable, keys={mw.KS_BJ, mw.NATION}, users=PUT_USERS)
)
def test_put(world, clients, slug, key, username):
    ledger, obj = BY_SLUG[slug], world.probe(slug, key)
    field = text_field(ledger)
    payload = mw.representation(slug, obj) | {field: NOTE}
    before = state(ledger.model, obj.pk)
    response = clients[username].put(f"/api/{slug}/{obj.pk}/", payload, content_type="application/json")
    expected = expected_write(username, obj, may_change(username, obj), 200)
    assert response.status_code == expected, response.content.decode()[:500]
    if expected != 200:
        assert state(ledger.model, obj.pk) == before


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_delete", deletable))
def test_delete(world, clients, slug, key, username):
    ledger, obj = BY_SLUG[slug], world.probe(slug, key)
    before = state(ledger.model, obj.pk)
    response = clients[username].delete(f"/api/{slug}/{obj.pk}/")
    expected = expected_write(username, obj, may_delete(username, obj), 204)
    assert response.status_code == expected, response.content.decode()[:500]
    if expected == 204:
        assert not ledger.model.objects.filter(pk=obj.pk).exists()
        assert AuditEntry.objects.count() == before[2] + 1
    else:
        assert state(ledger.model, obj.pk) == before


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_post"))
def test_post(world, clients, slug, key, username):
    """A new record built from the probe, with a fresh reference."""
    ledger = BY_SLUG[slug]
    obj, payload = mw.copy_to_post(world, slug, key)
    hidden = [ref for ref in mw.pointed_to(obj, ledger.fields) if not reads(username, ref)]
    if username in READ_ONLY:
        expected = 403
    elif username in NATIONWIDE:
        expected = 201
    elif hidden:
        expected = 400  # the field naming it: "…不存在或不在您的权限范围内"
    else:
        expected = 201 if may_delete(username, obj) else 403  # every region it sets is new
    before = state(ledger.model)
    response = clients[username].post(f"/api/{slug}/", payload, content_type="application/json")
    assert response.status_code == expected, response.content.decode()[:500]
    if expected == 201:
        assert ledger.model.objects.count() == before[0] + 1
        assert AuditEntry.objects.count() > before[2]
    else:
        assert state(ledger.model) == before


# ---------------------------------------------------------------- a ledger's pages (sampled)


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_detail_page", users=PAGE_USERS))
def test_detail_page(world, clients, slug, key, username):
    """The record's page, and its 修改/删除 only for those who may (ADR 010: the other side reads, no more)."""
    ledger, obj = BY_SLUG[slug], world.probe(slug, key)
    response = clients[username].get(ledger.url("detail", obj.pk))
    assert response.status_code == (200 if reads(username, obj) else 404)
    if response.status_code == 200:
        page = response.content.decode()
        assert (updatable(ledger) and ledger.url("update", obj.pk) in page) == (updatable(ledger) and may_change(username, obj))
        assert (deletable(ledger) and ledger.url("delete", obj.pk) in page) == (deletable(ledger) and may_delete(username, obj))


@pytest.mark.parametrize(("slug", "key", "username"), probe_cases("test_form_pages", keys={mw.KS_BJ, mw.NATION}, users=PAGE_USERS))
def test_form_pages(world, clients, slug, key, username):
    """The 修改 and 删除 pages: shown to who may, 403 to who only reads, 404 to the rest."""
    ledger, obj = BY_SLUG[slug], world.probe(slug, key)
    client = clients[username]
    if updatable(ledger):
        expected = expected_write(username, obj, may_change(username, obj), 200)
        assert client.get(ledger.url("update", obj.pk)).status_code == expected
    if deletable(ledger):
        expected = expected_write(username, obj, may_delete(username, obj), 200)
        assert client.get(ledger.url("delete", obj.pk)).status_code == expected


@pytest.mark.parametrize(("slug", "username"), ledger_cases("test_list_and_new_pages", users=PAGE_USERS))
def test_list_and_new_pages(world, clients, slug, username):
    """Everybody lists; the 新增 form is for those who write (reference data: the national office)."""
    ledger = BY_SLUG[slug]
    client = clients[username]
    assert client.get(ledger.url("list")).status_code == 200
    writes = username not in READ_ONLY and (username in NATIONWIDE or not mw.is_national(ledger.model))
    assert client.get(ledger.url("create")).status_code == (200 if writes else 403)


# ---------------------------------------------------------------- imports naming a record out of sight


@dataclass(frozen=True)
class Hidden:
    header: str  # the template's column naming another record
    model: type  # what it names


def hidden_column(importer) -> Hidden | None:
    """The column of a template that names another record: its pairing where it has one."""
    model = getattr(importer, "model", None)
    found = []
    for column in importer.columns:
        if column.header == "上级结对编号" or (column.header == "结对编号" and model is None and importer.name != "pairings"):
            found.append(Hidden(column.header, Pairing))
        elif getattr(column.parse, "takes_actor", False) and model is not None:
            related = model._meta.get_field(column.field).related_model
            if related is not None and related is not Organisation:
                found.append(Hidden(column.header, related))
    pairing = [h for h in found if h.model is Pairing]
    return (pairing or found or [None])[0]


# The pairing each account cannot see (an out-of-scope pairing reference).
PAIRING_OUT_OF_SIGHT = {
    "kunshan": "ZJG-YH", "bijiang": "ZJG-YH", "workteam": "ZJG-YH", "zhangjiagang": "KS-BJ", "yanhe": "KS-BJ",
    "suzhou": "JS-GZ", "tongren": "JS-GZ", "auditor": "ZJG-YH",
}
# The probe each account cannot see, for templates naming another ledger's record.
PROBE_OUT_OF_SIGHT = {
    "kunshan": mw.ZJG_YH, "bijiang": mw.ZJG_YH, "workteam": mw.ZJG_YH, "zhangjiagang": mw.KS_BJ, "yanhe": mw.KS_BJ,
    "auditor": mw.ZJG_YH,
}
IMPORTERS = {importer.name: importer for importer in importers_all()}
IMPORT_MODELS = {"pairings": Pairing, "targets": Target, "ten-have-checks": TenHaveCheck}


def import_cases():
    out = []
    for name, importer in IMPORTERS.items():
        hidden = hidden_column(importer)
        if hidden is None:
            continue
        table = PAIRING_OUT_OF_SIGHT if hidden.model is Pairing else PROBE_OUT_OF_SIGHT
        out += [case("test_import_naming_a_record_out_of_sight", name, user, id=f"{name}-{user}") for user in table]
    return out


@pytest.mark.parametrize(("template", "username"), import_cases())
def test_import_naming_a_record_out_of_sight(world, clients, template, username):
    """One row naming a record the importer cannot see: refused, the row named, nothing written."""
    importer = IMPORTERS[template]
    hidden = hidden_column(importer)
    if hidden.model is Pairing:
        reference = PAIRING_OUT_OF_SIGHT[username]
    else:
        reference = world.probe(mw.ledger_models()[hidden.model].slug, PROBE_OUT_OF_SIGHT[username]).reference
    row = {column.header: column.example for column in importer.columns}
    for column in importer.columns:
        if column.field == "reference" and column.header != hidden.header:
            row[column.header] = mw.fresh("PM-IMP")
    row[hidden.header] = reference
    headers = [column.header for column in importer.columns]
    data = csv_bytes([headers, [row[h] for h in headers]])
    model = getattr(importer, "model", None) or IMPORT_MODELS.get(template, AuditEntry)
    before = state(model)
    response = clients[username].post(f"/api/imports/{template}/", {"file": upload("rows.csv", data)})
    if username in READ_ONLY:
        assert response.status_code == 403
    else:
        assert response.status_code == 400, response.content.decode()[:500]
        problems = response.json()["problems"]
        assert any(
            p["row"] == 2 and p["column"] == hidden.header and "权限" in p["reason"] for p in problems
        ), problems
    assert state(model) == before


# ---------------------------------------------------------------- every other route

# The records a route is asked about, by kind: for most accounts one is their own, one across their
# pair or nested under it, one beyond.
SUBJECTS = {
    "pairing": ["KS-BJ", "ZJG-YH-CHAMBER-HT", "JS-GZ"],
    "region": ["320583106", "520602", "520627107211"],
    "org": ["昆山市粮食局", "碧江区司法局", "亨通集团有限公司"],
    "designation": ["520602101208", "520627107211"],
    "figure": ["520602000000", "520627000000", "320583000000"],
    "audit": ["KS-BJ", "ZJG-YH-CHAMBER-HT", "JS-GZ"],
    "return": ["KS-BJ", "ZJG-YH", "WJ-YJ"],
    "template": ["funds", "pairings", "organisations"],
}


@dataclass(frozen=True)
class Route:
    name: str
    subject: str = ""  # a key of SUBJECTS, "pair" (own and beyond), "kind:<Model>", "probe:<slug>"; "" for none
    query: str = ""  # "{ref}" and "{code}" are filled from the subject
    rule: str = "read"  # read | form (edit and delete pages) | new (a create form) | superuser
    ok: int = 200  # what a reader gets (a redirect for some)
    users: tuple = ()  # who is asked, if not every account (pages: PAGE_USERS)

    @property
    def page(self) -> bool:
        return not ROUTE_PATTERNS_TEXT[self.name].startswith("api/")


ROUTES = [
    # the API beside the ledgers
    Route("api-root"), Route("api-imports"), Route("api-docs"), Route("api-redoc"),
    Route("api-schema", users=("kunshan",)),  # 1.8 s, and the same document for everybody
    Route("api-import", "template"), Route("api-import-template", "template"),
    Route("region-list"), Route("region-detail", "region"),
    Route("poverty-designation-list"), Route("poverty-designation-detail", "designation"),
    Route("reported-indicator-list"), Route("reported-indicator-detail", "kind:ReportedIndicator"),
    Route("reported-figure-list"), Route("reported-figure-detail", "figure"),
    Route("organisation-list"), Route("organisation-detail", "org"),
    Route("org-kind-list"), Route("org-kind-detail", "kind:OrgKind"),
    Route("pairing-list"), Route("pairing-detail", "pairing"), Route("pairing-totals", "pairing"),
    Route("pairing-two-way-coverage", "pairing", "?year=2020"),
    Route("pairing-kind-list"), Route("pairing-kind-detail", "kind:PairingKind"),
    Route("member-kind-list"), Route("member-kind-detail", "kind:MemberKind"),
    Route("coverage-target-list"), Route("coverage-target-detail", "kind:CoverageTarget"),
    Route("coverage-list", "region", "?region={code}&year=2020"),
    Route("charity-fund-balance-list"), Route("charity-fund-balance-detail", "probe:charity-funds"),
    Route("park-figures-list"), Route("park-figures-detail", "probe:parks"),
    Route("signing-totals-list"), Route("signing-totals-summary"), Route("signing-totals-detail", "probe:signing-events"),
    Route("poverty-status-list", "region", "?region={code}&year=2019"),
    Route("quota-completion-list"), Route("quota-completion-detail", "probe:quota-plans"),
    Route("exchange-totals-list"), Route("exchange-totals-list", "pairing", "?pairing={ref}"),
    Route("labour-figures-list", users=HEAVY_USERS), Route("labour-figures-detail", "pairing"),
    Route("sales-figures-list", users=HEAVY_USERS), Route("sales-figures-detail", "pairing"),
    Route("channel-figures-list"), Route("channel-figures-detail", "probe:sales-channels"),
    Route("return-list"), Route("return-detail", "return"),
    Route("return-rollup-list", "pair", "?pairing={ref}&period_kind=quarterly&year=2019"),
    Route("dashboard-list", users=HEAVY_USERS), Route("dashboard-detail", "pair", users=HEAVY_USERS), Route("scorecard-detail", "pair", users=HEAVY_USERS),
    Route("reconciliation-list", users=HEAVY_USERS), Route("reconciliation-list", "pair", "?pairing={ref}", users=HEAVY_USERS),
    Route("briefing-detail", "pair", "?year=2019", users=HEAVY_USERS),
    Route("ten-haves-list", "pair", "?pairing={ref}&year=2019"),
    Route("audit-entry-list"), Route("audit-entry-detail", "audit"),
    # pages
    Route("home"), Route("history"), Route("imports"), Route("import_template", "template"), Route("ledger:index"),
    Route("regions:region_list"), Route("regions:region_suggest"), Route("regions:region_detail", "region"),
    Route("orgs:organisation_list"), Route("orgs:organisation_suggest"), Route("orgs:organisation_create", rule="new"),
    Route("orgs:organisation_detail", "org"), Route("orgs:organisation_update", "org", rule="form"),
    Route("orgs:organisation_delete", "org", rule="form"),
    Route("pairings:pairing_list"), Route("pairings:network"), Route("pairings:party_row"),
    Route("pairings:pairing_suggest"), Route("pairings:pairing_create", rule="new"),
    Route("pairings:pairing_detail", "pairing"), Route("pairings:pairing_update", "pairing", rule="form"),
    Route("pairings:pairing_delete", "pairing", rule="form"),
    Route("coverage_index"), Route("coverage", "region"), Route("incidents:poverty_status", "region"),
    Route("agreements:ten_haves_latest", "pair", ok=302), Route("agreements:ten_haves", "pair"),
    Route("returns:return_list"), Route("returns:return_create", rule="new"), Route("returns:return_detail", "return"),
    Route("returns:return_export", "return"), Route("returns:rollup", "pair"), Route("returns:rollup_nation"),
    Route("reports:index"), Route("reports:dashboard_nation"), Route("reports:dashboard", "pair"),
    Route("reports:scorecard", "pair"), Route("reports:reconciliation"),
    Route("reports:reconciliation", "pair", "?pairing={ref}"), Route("reports:briefing", "pair"),
    Route("reports:briefing_docx", "pair"), Route("reports:briefing_md", "pair"),
    Route("admin:index", rule="superuser"),
]

# Routes outside this matrix, and why.
EXCLUDED = {
    "set_language": "switches the interface language (POST), nothing scoped",
    "login": "the anonymous login page; a logged-in caller is sent home",
    "logout": "POST; ends the caller's own session",
    "api-token": "POST with a password; the lockout tests cover it",
    "api-logout": "POST; revokes the caller's own token",
    "import_upload": "POST only; the import engine's scope is the import cases above",
    "returns:figure_set": "a return's write (POST), in the returns app's own tests",
    "returns:return_action": "a return's write (POST), in the returns app's own tests",
    "return-approve": "a return's write (POST), in the returns app's own tests",
    "return-figure": "a return's write (POST), in the returns app's own tests",
    "return-refresh": "a return's write (POST), in the returns app's own tests",
    "return-reopen": "a return's write (POST), in the returns app's own tests",
    "return-send-back": "a return's write (POST), in the returns app's own tests",
    "return-submit": "a return's write (POST), in the returns app's own tests",
    "agreements:ten_have_confirm": "a ten-haves tick (POST), in the agreements app's own tests",
    "agreements:ten_have_revoke": "a ten-haves tick (POST), in the agreements app's own tests",
    "agreements:check_attachment": "no demo record carries an attachment",
    "agreements:agreement_document": "no demo record carries a document",
    "returns:work_log_attachment": "no demo record carries an attachment",
}


def _route_patterns():
    found = {}
    for route, name, pattern in mw.walk_urls():
        if name and not mw.FORMAT_SUFFIX.search(route):
            found.setdefault(name, (route, pattern))
    return found


ROUTE_PATTERNS = {name: pattern for name, (_route, pattern) in _route_patterns().items()}
ROUTE_PATTERNS_TEXT = {name: route for name, (route, _pattern) in _route_patterns().items()}


def route_labels(route: Route, user: str) -> list[str]:
    if not route.subject:
        return [""]
    if route.subject == "pair":
        return [ref for ref in (OWN_PAIR[user], PAIR_BEYOND[user]) if ref]
    if route.subject in SUBJECTS:
        return SUBJECTS[route.subject]
    if route.subject.startswith("kind:"):
        return ["first"]
    return mw.probe_keys(BY_SLUG[route.subject.split(":")[1]])


def route_cases():
    out = []
    for route in ROUTES:
        variant = route.name + (route.query.split("=")[0] if route.query else "")
        users = route.users or (PAGE_USERS if route.page else USERS)
        for user in users:
            for label in route_labels(route, user):
                out.append(case("test_route", route, label, user, id="-".join(filter(None, [variant, label, user]))))
    return out


def subject(world, kind: str, label: str):
    if kind in ("pairing", "pair"):
        return Pairing.objects.get(reference=label)
    if kind == "region":
        return Region.objects.get(code=label.ljust(12, "0"))
    if kind == "org":
        return Organisation.objects.get(name=label)
    if kind == "designation":
        return PovertyDesignation.objects.filter(region_id=label).first()
    if kind == "figure":
        return ReportedFigure.objects.filter(region_id=label, year=2019).first()
    if kind == "audit":
        pairing = Pairing.objects.get(reference=label)
        return AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(Pairing), object_id=str(pairing.pk), action="create"
        )
    if kind == "return":
        from shanhai.returns.models import Return

        return Return.objects.filter(pairing__reference=label).order_by("-year", "-period_no").first()
    if kind == "template":
        return label
    if kind.startswith("kind:"):
        from django.apps import apps

        model = next(m for m in apps.get_models() if m.__name__ == kind.split(":")[1])
        return model.objects.order_by("pk").first()
    return world.probe(kind.split(":")[1], label)


def url_for(route: Route, obj) -> str:
    kwargs = {}
    for name in ROUTE_PATTERNS[route.name].pattern.regex.groupindex:
        if name in ("pk", "pairing_pk"):
            kwargs[name] = obj.pk
        elif name == "code":
            kwargs[name] = obj.code if hasattr(obj, "code") else obj.pk
        elif name == "reference":
            kwargs[name] = obj.reference
        elif name == "name":
            kwargs[name] = obj
        elif name == "year":
            kwargs[name] = 2019
        elif name == "period_kind":
            kwargs[name] = "quarterly"
        elif name == "period_no":
            kwargs[name] = 1
    url = reverse(route.name, kwargs=kwargs)
    return url + route.query.format(ref=getattr(obj, "reference", ""), code=getattr(obj, "code", ""))


def expected_route(route: Route, obj, username: str) -> int:
    if route.rule == "superuser":
        return 200 if username == "admin" else 302
    if route.rule == "new":
        return 403 if username in READ_ONLY else 200
    if obj is None or isinstance(obj, str):
        return route.ok
    if route.rule == "form":
        allowed = may_delete(username, obj) if route.name.endswith("_delete") else may_change(username, obj)
        return expected_write(username, obj, allowed, 200)
    return route.ok if reads(username, obj) else 404


@pytest.mark.parametrize(("route", "label", "username"), route_cases())
def test_route(world, clients, route, label, username):
    obj = subject(world, route.subject, label) if route.subject else None
    url = url_for(route, obj)
    response = clients[username].get(url)
    assert response.status_code == expected_route(route, obj, username), url


# ---------------------------------------------------------------- the matrix covers every route


def ledger_route_names() -> set[str]:
    names = set()
    for ledger in LEDGERS:
        names |= {f"ledger:{ledger.slug}_{page}" for page in ("list", "create", "detail", "update", "delete")}
        names |= {f"{ledger.slug}-list", f"{ledger.slug}-detail"}
    return names


def test_every_route_is_in_the_matrix():
    """A route added to the URL conf, the router or the ledgers is asked here, or excluded with a reason."""
    covered = ledger_route_names() | {route.name for route in ROUTES} | set(EXCLUDED)
    missing = sorted(
        name or route for route, name, _pattern in mw.walk_urls()
        if not (name in covered or route.startswith("admin/") or mw.FORMAT_SUFFIX.search(route))
    )
    assert not missing, f"routes in no case of the matrix: {missing}"
    for prefix, viewset in mw.viewsets().items():
        if prefix in BY_SLUG:
            assert viewset.serializer_class.Meta.model is BY_SLUG[prefix].model, prefix


# ---------------------------------------------------------------- its size, for scripts/run-tests

CASES = {
    "test_api_detail": probe_cases("test_api_detail"),
    "test_api_list": ledger_cases("test_api_list"),
    "test_export": ledger_cases("test_export", users=PAGE_USERS),
    "test_patch": probe_cases("test_patch", updatable),
    "test_put": probe_cases("test_put", updatable, keys={mw.KS_BJ, mw.NATION}, users=PUT_USERS),
    "test_delete": probe_cases("test_delete", deletable),
    "test_post": probe_cases("test_post"),
    "test_detail_page": probe_cases("test_detail_page", users=PAGE_USERS),
    "test_form_pages": probe_cases("test_form_pages", keys={mw.KS_BJ, mw.NATION}, users=PAGE_USERS),
    "test_list_and_new_pages": ledger_cases("test_list_and_new_pages", users=PAGE_USERS),
    "test_import_naming_a_record_out_of_sight": import_cases(),
    "test_route": route_cases(),
}


def ledger_routes(ledger) -> int:
    """A ledger's routes: its pages (list, new, detail, edit, delete), its API (list, detail, create,
    update, partial update, delete), the export and the import template."""
    pages = 4 + updatable(ledger)
    api = 3 + 2 * updatable(ledger) + deletable(ledger)
    return pages + api + 1 + bool(ledger.importer)


def matrix_size() -> str:
    """'permission matrix: N cases (R routes × 10 roles × 3 situations)', counted from the cases generated."""
    cases = sum(len(params) for params in CASES.values())
    routes = sum(ledger_routes(ledger) for ledger in LEDGERS) + len({route.name for route in ROUTES})
    return (
        f"permission matrix: {cases} cases ({routes} routes × {len(USERS)} roles × 3 situations: "
        "own side, other side, out of scope)"
    )


def test_matrix_size_is_recorded():
    reports = Path(settings.BASE_DIR) / "var" / "test-reports"  # where scripts/run-tests reads it
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "permission-matrix.txt").write_text(matrix_size() + "\n", encoding="utf-8")
    assert sum(len(params) for params in CASES.values()) > 0
