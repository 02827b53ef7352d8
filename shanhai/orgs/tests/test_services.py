import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.core.models import AuditEntry
from shanhai.orgs.models import Organisation, OrgKind
from shanhai.orgs.selectors import organisations_search
from shanhai.orgs.services import organisation_create, organisation_delete, organisation_update
from shanhai.regions.selectors import region_get

pytestmark = pytest.mark.django_db


def school(actor, name="坝黄镇中心完小", region="520602101"):
    return organisation_create(actor=actor, name=name, kind=OrgKind.objects.get(code="school"), region=region_get(region))


def test_bijiang_registers_a_school_and_the_trail_has_it(demo_users):
    org = school(demo_users["bijiang"])
    entry = AuditEntry.objects.get(content_type__model="organisation", object_id=str(org.pk))
    assert entry.after["name"] == "坝黄镇中心完小" and entry.after["region_id"] == "520602101000"
    assert entry.region_codes == ["520602101000"]


def test_bijiang_cannot_register_an_organisation_in_yanhe(demo_users):
    with pytest.raises(PermissionDenied):
        school(demo_users["bijiang"], region="520627107")
    assert not Organisation.objects.filter(name="坝黄镇中心完小").exists()


def test_update_records_before_and_after(demo_users):
    org = Organisation.objects.get(name="碧江区中医医院")
    organisation_update(actor=demo_users["bijiang"], organisation=org, short_name="碧江中医")
    entry = AuditEntry.objects.filter(content_type__model="organisation", object_id=str(org.pk)).first()
    assert entry.changes[0][1:] == ("碧江中医院", "碧江中医") or ("short_name", "碧江中医院", "碧江中医") in entry.changes


def test_the_same_name_twice_in_one_region_is_refused(demo_users):
    school(demo_users["bijiang"])
    with pytest.raises(ValidationError):
        school(demo_users["bijiang"])


def test_auditor_reads_everywhere_but_writes_nothing(demo_users):
    assert organisations_search(user=demo_users["auditor"]).count() == Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_delete(actor=demo_users["auditor"], organisation=Organisation.objects.get(name="碧江区司法局"))


def test_search_by_chinese_name_short_name_and_pinyin_initials(demo_users):
    admin = demo_users["admin"]
    assert [o.name for o in organisations_search(user=admin, query="沙钢")] == ["江苏沙钢集团有限公司"]
    assert [o.name for o in organisations_search(user=admin, query="青商会")] == ["昆山市青年商会"]
    assert "亨通集团有限公司" in [o.name for o in organisations_search(user=admin, query="htjt")]


def test_lists_are_sorted_by_pinyin_and_scoped(demo_users):
    names = [str(o) for o in organisations_search(user=demo_users["bijiang"])]
    # Bijiang's own first (bi… < kun…), then Kunshan's across the pair:
    # bi jiang jing… < bi jiang qu gong… < qu liang… < qu ren… < qu si… < bi jiang zhong…
    assert names[:6] == ["碧江经开区", "碧江区供销社", "碧江区粮食局", "碧江区人社局", "碧江区司法局", "碧江中医院"]
    # and 苏州's two, the city above Kunshan (ADR 017), in pinyin order among them
    assert len(names) == 19 and all(n.startswith(("昆山", "鲜活", "亚香", "张浦", "女企业", "青年", "苏州", "雅鹿")) for n in names[6:]), names[6:]
