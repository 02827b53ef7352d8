import pytest

from shanhai.core.models import Role, Side
from shanhai.core.scope import Action, scope_for
from shanhai.core.testing import user_with_role
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def refs(user, action=Action.VIEW):
    return set(Pairing.objects.visible_to(user, action).values_list("reference", flat=True))


def test_bijiang_sees_its_pairs_and_never_yanhe(demo_users):
    seen = refs(demo_users["bijiang"])
    assert {"KS-BJ", "KS-BJ-VILLAGE-QQ", "KS-BJ-FAMILY"} <= seen
    assert not any(r.startswith("ZJG-YH") for r in seen)
    assert "SZ-TR" not in seen  # the city pair sits above Bijiang's subtree


def test_the_side_limits_writes_not_reads(demo_users):
    kunshan = demo_users["kunshan"]
    assert "KS-BJ-TOWN-ZP" in refs(kunshan, Action.CHANGE)
    # A pairing where Kunshan were only a helped party would be readable but not writable.
    assert scope_for(kunshan, Action.CHANGE).covers("320583106000", Side.EAST)
    assert not scope_for(kunshan, Action.CHANGE).covers("320583106000", Side.WEST)
    assert scope_for(kunshan, Action.VIEW).covers("320583106000", Side.WEST)


def test_auditor_reads_everything_and_writes_nothing(demo_users):
    auditor = demo_users["auditor"]
    assert refs(auditor) == set(Pairing.objects.values_list("reference", flat=True))
    assert refs(auditor, Action.CHANGE) == set()
    assert scope_for(auditor, Action.VIEW).everything and not scope_for(auditor, Action.CHANGE).grants


def test_operator_of_a_town_sees_only_pairings_touching_it(demo_users):
    assert refs(demo_users["yanhe"]) == {"ZJG-YH-CHAMBER-HT"}


def test_provincial_office_sees_both_provinces(demo_users):
    assert refs(demo_users["jiangsu"]) == set(Pairing.objects.values_list("reference", flat=True))


def test_a_user_without_roles_sees_nothing(db):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody")
    assert refs(nobody) == set() and not Organisation.objects.visible_to(nobody).exists()


def test_scope_is_a_code_prefix_at_any_level(db):
    town_operator = user_with_role("bahuang", Role.OPERATOR, "520602101")
    assert refs(town_operator) == {
        "KS-BJ-TOWN-ZP", "KS-BJ-VILLAGE-QQ", "KS-BJ-ENT-XH", "KS-BJ-SOCIAL-1", "KS-BJ-SOCIAL-3",
    }


def test_the_audit_trail_is_scoped_like_the_records(demo_users):
    from shanhai.core.models import AuditEntry

    bijiang = AuditEntry.objects.visible_to(demo_users["bijiang"])
    assert bijiang.filter(object_repr="昆山1024名党员—碧江788户贫困户").exists()
    assert not bijiang.filter(object_repr__contains="沿河").exists()
    assert all(any(c.startswith("520602") for c in e.region_codes) for e in bijiang)
    assert AuditEntry.objects.visible_to(demo_users["auditor"]).count() == AuditEntry.objects.count()


def test_ledger_records_under_a_visible_pairing_are_readable_not_writable(demo_users):
    from shanhai.funds.models import Fund

    # Seed 002: the province's 200 万元 for 高山村's road, filed under Zhangjiagang ↔ Yanhe.
    zjg = demo_users["zhangjiagang"]
    assert Fund.objects.visible_to(zjg).filter(reference="ZJG-YH-FUND-GSC").exists()
    assert not Fund.objects.visible_to(zjg, Action.CHANGE).filter(reference="ZJG-YH-FUND-GSC").exists()
    assert not Fund.objects.visible_to(demo_users["bijiang"]).filter(reference="ZJG-YH-FUND-GSC").exists()
