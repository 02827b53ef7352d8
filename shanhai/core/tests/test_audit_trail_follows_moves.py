"""The trail of a record stays with everyone who could see the record at any time (ADR 014).

The probe: an entry was scoped by the record's regions after the change, so when the national office
moved 碧江区司法局 to 昆山, 碧江 lost sight of what had been done to its own organisation — the move
itself included. An entry's regions are now those of the record before and after the change, and
every entry of a record carries every region the record has lain in, so one record's trail is read
by one set of offices: the API's ``/api/audit/`` and the record's page agree.
"""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.orgs.models import Organisation
from shanhai.orgs.services import organisation_update
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.returns.models import WorkLog
from shanhai.returns.services import work_log_update

pytestmark = pytest.mark.django_db

BIJIANG, KUNSHAN, ZHANGJIAGANG = "520602000000", "320583000000", "320582000000"


def justice_bureau():
    return Organisation.objects.get(name="碧江区司法局", region_id=BIJIANG)


def move(org, code, demo_users):
    return organisation_update(actor=demo_users["admin"], organisation=org, region=Region.objects.get(code=code))


def trail(client, obj, content_type="orgs.organisation"):
    response = client.get(f"/api/audit/?content_type={content_type}&object_id={obj.pk}")
    assert response.status_code == 200
    return response.json()["results"]


def moves(entries):
    return [(e["before"]["region_id"], e["after"]["region_id"]) for e in entries if e["action"] == "update"]


def history_panel(page: str) -> str:
    return page[page.index('id="history"'):]


def test_bijiang_still_sees_its_organisation_moved_to_kunshan(client_for, demo_users):
    org = justice_bureau()
    move(org, KUNSHAN, demo_users)

    bijiang = client_for("bijiang")
    entries = trail(bijiang, org)
    assert moves(entries) == [(BIJIANG, KUNSHAN)]
    assert [e["action"] for e in entries] == ["update", "create"]
    assert set(entries[0]["region_codes"]) == {BIJIANG, KUNSHAN}

    # 碧江 still reads the organisation (both sides of a pair read each other's) and its page's history
    page = bijiang.get(f"/orgs/{org.pk}/")
    assert page.status_code == 200
    history = history_panel(page.content.decode())
    assert BIJIANG in history and KUNSHAN in history and "全国协作办" in history


def test_the_office_that_now_holds_it_sees_its_whole_trail(client_for, demo_users):
    org = justice_bureau()
    move(org, KUNSHAN, demo_users)
    entries = trail(client_for("kunshan"), org)
    assert [e["action"] for e in entries] == ["update", "create"]  # the creation was 碧江's
    created = entries[1]
    assert created["after"]["region_id"] == BIJIANG and set(created["region_codes"]) == {BIJIANG, KUNSHAN}


def test_moved_beyond_sight_the_trail_stays_with_the_old_office(client_for, demo_users):
    org = justice_bureau()
    move(org, ZHANGJIAGANG, demo_users)  # 张家港 is not 碧江's pair: the organisation leaves its sight
    bijiang = client_for("bijiang")
    assert bijiang.get(f"/orgs/{org.pk}/").status_code == 404
    assert moves(trail(bijiang, org)) == [(BIJIANG, ZHANGJIAGANG)]
    assert [e["action"] for e in trail(client_for("zhangjiagang"), org)] == ["update", "create"]
    # an office that never held it sees none of it
    assert trail(client_for("yanhe"), org) == []


def test_a_record_moved_twice_keeps_every_office_it_passed(client_for, demo_users):
    org = justice_bureau()
    move(org, KUNSHAN, demo_users)
    move(Organisation.objects.get(pk=org.pk), ZHANGJIAGANG, demo_users)
    # 碧江 sees the second move too, made after the organisation had left it
    assert moves(trail(client_for("bijiang"), org)) == [(KUNSHAN, ZHANGJIAGANG), (BIJIANG, KUNSHAN)]
    assert len(trail(client_for("zhangjiagang"), org)) == 3
    codes = AuditEntry.objects.filter(content_type__model="organisation", object_id=str(org.pk))
    assert {tuple(e.region_codes) for e in codes} == {tuple(sorted({BIJIANG, KUNSHAN, ZHANGJIAGANG}))}


def test_a_record_without_a_trail_yet_is_placed_where_it_was(client_for, demo_users):
    """A row written before the trail was kept (or outside it) has no earlier entry to go by: the
    entry of its first move still names the region it left."""
    org = Organisation.objects.create(
        name="碧江区档案馆", kind=justice_bureau().kind, region=Region.objects.get(code=BIJIANG), sort_key="d",
    )
    move(org, ZHANGJIAGANG, demo_users)
    entry = AuditEntry.objects.filter(content_type__model="organisation", object_id=str(org.pk)).get()
    assert entry.region_codes == [ZHANGJIAGANG, BIJIANG]
    assert moves(trail(client_for("bijiang"), org)) == [(BIJIANG, ZHANGJIAGANG)]


def test_an_edit_that_moves_nothing_keeps_the_entry_where_the_record_is(client_for, demo_users):
    org = justice_bureau()
    organisation_update(actor=demo_users["admin"], organisation=org, note="司法行政")
    entry = AuditEntry.objects.filter(content_type__model="organisation", object_id=str(org.pk), action="update").get()
    assert entry.region_codes == [BIJIANG] and entry.region_index == " " + BIJIANG
    assert trail(client_for("zhangjiagang"), org) == []


def test_a_ledger_record_moved_to_another_pair(client_for, demo_users):
    """A work log lies where its pairing lies: moved from 昆山 ↔ 碧江 to 张家港 ↔ 沿河."""
    log = WorkLog.objects.filter(pairing__reference="KS-BJ").first()
    ks_bj, zjg_yh = log.pairing_id, Pairing.objects.get(reference="ZJG-YH")
    work_log_update(actor=demo_users["admin"], obj=log, pairing=zjg_yh)
    for office in ("bijiang", "kunshan", "zhangjiagang"):
        entries = trail(client_for(office), log, "returns.worklog")
        updates = [e for e in entries if e["action"] == "update"]
        assert len(updates) == 1, office
        assert (updates[0]["before"]["pairing_id"], updates[0]["after"]["pairing_id"]) == (ks_bj, zjg_yh.pk)


def test_a_record_that_takes_its_regions_from_its_parent_shows_its_whole_trail_to_who_sees_it_now(client_for, demo_users):
    # An output lies where its project lies; when the project moves, the output's own earlier entries
    # still name the old regions. Whoever sees the output now reads them all.
    from shanhai.projects.models import Project, ProjectOutput
    from shanhai.projects.services import output_create, project_update

    blueberry = Project.objects.get(reference="KS-BJ-PRJ-BLUEBERRY")
    output = output_create(actor=demo_users["admin"], project=blueberry, what="测试产出", quantity=1, unit="亩")
    client = client_for("yanhe")
    url = f"/api/audit/?content_type=projects.projectoutput&object_id={output.pk}"
    assert client.get(url).json()["count"] == 0  # 思渠镇 does not see 碧江's output
    project_update(actor=demo_users["admin"], obj=blueberry, place_id="520627107211")  # moved to 高山村 (a test move)
    assert ProjectOutput.objects.visible_to(demo_users["yanhe"]).filter(pk=output.pk).exists()
    entries = client.get(url).json()["results"]
    assert [e["action"] for e in entries] == ["create"]
