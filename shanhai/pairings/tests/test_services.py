import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.core.models import AuditEntry
from shanhai.pairings.models import MemberKind, Pairing, PairingKind, PartyRole, PartyType
from shanhai.pairings.services import PartySpec, pairing_create, pairing_delete, pairing_update
from shanhai.regions.selectors import region_get

pytestmark = pytest.mark.django_db


def town_pair(helper="320583108", helped="520602102"):
    return [
        PartySpec(role=PartyRole.HELPER, party_type=PartyType.REGION, region=region_get(helper)),
        PartySpec(role=PartyRole.HELPED, party_type=PartyType.REGION, region=region_get(helped)),
    ]


def test_kunshan_office_creates_a_town_pair_and_the_trail_records_it(demo_users):
    pairing = pairing_create(
        actor=demo_users["kunshan"], parties=town_pair(), reference="T-QD-YCP",
        kind=PairingKind.objects.get(code="town"), parent=Pairing.objects.get(reference="KS-BJ"),
        start_date=datetime.date(2018, 3, 1),
    )
    assert pairing.display_name() == "千灯镇 ↔ 云场坪镇"
    entry = AuditEntry.objects.get(object_id=str(pairing.pk), content_type__model="pairing")
    assert entry.actor.username == "kunshan" and entry.action == "create" and entry.before is None
    assert entry.after["parties"] == ["云场坪镇", "千灯镇"]
    assert set(entry.region_codes) == {"320583108000", "520602102000"}


def test_kunshan_cannot_create_a_pairing_between_other_counties(demo_users):
    before = Pairing.objects.count()
    with pytest.raises(PermissionDenied):
        pairing_create(
            actor=demo_users["kunshan"], parties=town_pair("320582100", "520627101"), reference="X",
            kind=PairingKind.objects.get(code="town"),
        )
    assert Pairing.objects.count() == before


def test_eastern_office_writes_only_for_the_helper_side(demo_users):
    # Kunshan's role is on the east side: a pairing where Kunshan would be the helped party is refused.
    with pytest.raises(PermissionDenied):
        pairing_create(
            actor=demo_users["kunshan"], parties=town_pair("520602102", "320583108"), reference="X2",
            kind=PairingKind.objects.get(code="town"),
        )


def test_bijiang_cannot_change_a_yanhe_pairing_and_nothing_is_written(demo_users):
    pairing = Pairing.objects.get(reference="ZJG-YH-CHAMBER-HT")
    trail = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        pairing_update(actor=demo_users["bijiang"], pairing=pairing, name="改名")
    pairing.refresh_from_db()
    assert pairing.name == "" and AuditEntry.objects.count() == trail


def test_an_office_cannot_move_its_pairing_out_of_its_scope(demo_users):
    pairing = Pairing.objects.get(reference="KS-BJ-TOWN-ZP")
    with pytest.raises(PermissionDenied):
        pairing_update(actor=demo_users["bijiang"], pairing=pairing, parties=town_pair("320583106", "520627101"))
    assert {p.region_id for p in pairing.parties.all()} == {"320583106000", "520602101000"}


def test_update_replaces_parties_and_records_before_and_after(demo_users):
    pairing = Pairing.objects.get(reference="KS-BJ-TOWN-ZP")
    pairing_update(actor=demo_users["bijiang"], pairing=pairing, parties=town_pair("320583106", "520602103"))
    entry = AuditEntry.objects.filter(object_id=str(pairing.pk), content_type__model="pairing").first()
    assert entry.before["parties"] == ["坝黄镇", "张浦镇"]
    assert entry.after["parties"] == ["漾头镇", "张浦镇"]
    assert entry.source == "command"


def test_a_group_needs_a_member_kind_and_both_sides_are_required(demo_users):
    with pytest.raises(ValidationError):
        pairing_create(
            actor=demo_users["admin"], reference="G", kind=PairingKind.objects.get(code="village"),
            parties=[PartySpec(role=PartyRole.HELPER, party_type=PartyType.GROUP, region=region_get("320583"), count=3)],
        )
    with pytest.raises(ValidationError):
        pairing_create(
            actor=demo_users["admin"], reference="G", kind=PairingKind.objects.get(code="village"),
            parties=[PartySpec(role=PartyRole.HELPER, party_type=PartyType.GROUP, region=region_get("320583"), count=3,
                               member_kind=MemberKind.objects.get(code="strong_village"))],
        )
    assert not Pairing.objects.filter(reference="G").exists()


def test_nesting_cannot_form_a_cycle(demo_users):
    parent = Pairing.objects.get(reference="KS-BJ")
    child = Pairing.objects.get(reference="KS-BJ-TOWNS")
    with pytest.raises(ValidationError):
        pairing_update(actor=demo_users["admin"], pairing=parent, parent=child)


def test_a_pairing_with_sub_pairings_cannot_be_deleted(demo_users):
    with pytest.raises(ValidationError):
        pairing_delete(actor=demo_users["admin"], pairing=Pairing.objects.get(reference="KS-BJ-VILLAGES"))


def test_delete_is_audited_with_the_state_before(demo_users):
    pairing = Pairing.objects.get(reference="KS-BJ-SOCIAL-1")
    pk = pairing.pk
    pairing_delete(actor=demo_users["kunshan"], pairing=pairing)
    entry = AuditEntry.objects.get(object_id=str(pk), content_type__model="pairing", action="delete")
    assert entry.before["parties"] == ["坪茶村", "女企业家协会"] and entry.after is None
