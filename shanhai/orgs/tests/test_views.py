"""Organisation pages: scoped list with filters and pinyin order, detail with pairings, forms via services."""

import re

import pytest

from shanhai.core.models import AuditEntry
from shanhai.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def names_in_list(page):
    return re.findall(r'<a href="/orgs/\d+/">([^<]+)</a>', page)


def org(name):
    return Organisation.objects.get(name=name)


def state():
    return list(Organisation.objects.order_by("pk").values_list()), AuditEntry.objects.count()


def test_kunshan_sees_its_organisations_and_bijiangs_sorted_by_pinyin(client_for):
    page = client_for("kunshan").get("/orgs/").content.decode()
    names = names_in_list(page)
    # The eleven Kunshan rows of organisations.csv, Bijiang's six across their pair and 苏州's two above
    # (ADR 017), none of Zhangjiagang's.
    assert "共 19 条" in page
    # 碧江 (bi…) before 昆山 (kun…); 昆山高新技术产业开发区 (kun shan gao…) before 昆山市中医医院 (kun shan shi
    # zhong…); 张浦商会 last.
    assert names.index("碧江区人力资源和社会保障局") < names.index("昆山高新技术产业开发区")
    assert names.index("昆山高新技术产业开发区") < names.index("昆山市中医医院")
    assert names[-1] == "昆山市张浦商会"
    assert "江苏沙钢集团有限公司" not in names


def test_filters_kind_and_region_prefix(client_for):
    client = client_for("admin")
    page = client.get("/orgs/?kind=chamber").content.decode()
    assert set(names_in_list(page)) == {"昆山市女企业家协会", "昆山市青年商会", "昆山市张浦商会"}
    page = client.get("/orgs/?region=320583106").content.decode()
    assert names_in_list(page) == ["昆山市张浦商会"]
    page = client.get("/orgs/?region=5206").content.decode()
    assert "共 6 条" in page


def test_search_by_chinese_name_short_name_and_initials(client_for):
    client = client_for("admin")
    assert names_in_list(client.get("/orgs/?q=人社").content.decode()) == ["碧江区人力资源和社会保障局", "昆山市人力资源和社会保障局"]
    assert names_in_list(client.get("/orgs/?q=沙钢").content.decode()) == ["江苏沙钢集团有限公司"]
    assert "亨通集团有限公司" in names_in_list(client.get("/orgs/?q=htjt").content.decode())


def test_bad_region_filter_is_named_not_crashed(client_for):
    page = client_for("admin").get("/orgs/?region=abc").content.decode()
    assert "区划代码只能由数字组成" in page


def test_detail_shows_the_pairings_it_takes_part_in(client_for):
    page = client_for("bijiang").get(f"/orgs/{org('碧江区人力资源和社会保障局').pk}/").content.decode()
    assert "政府部门" in page and "碧江区" in page
    assert "参与的结对" in page and "KS-BJ-DEPT-HR" in page and "昆山市人社局 ↔ 碧江区人社局" in page


def test_bijiang_reads_kunshans_organisations_but_cannot_change_them(client_for):
    client = client_for("bijiang")
    kunshan_hr = org("昆山市人力资源和社会保障局")
    page = client.get(f"/orgs/{kunshan_hr.pk}/").content.decode()
    assert "昆山市人力资源和社会保障局" in page and f"/orgs/{kunshan_hr.pk}/edit/" not in page
    before = state()
    response = client.post(f"/orgs/{kunshan_hr.pk}/edit/", {
        "name": "改名", "kind": "department", "region": "520602",
    })
    assert response.status_code == 403
    assert state() == before
    assert client.get(f"/orgs/{org('江苏沙钢集团有限公司').pk}/").status_code == 404  # not across Bijiang's pairs


def test_bijiang_creates_an_organisation_through_the_service(client_for):
    client = client_for("bijiang")
    response = client.post("/orgs/new/", {
        "name": "碧江区农业农村局", "short_name": "碧江农业局", "kind": "department", "region": "520602",
        "credit_code": "", "note": "",
    })
    created = org("碧江区农业农村局")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{created.pk}/"
    assert created.initials == "bjnyj"
    entry = AuditEntry.objects.get(object_id=str(created.pk), content_type__model="organisation")
    assert entry.action == "create" and entry.actor.username == "bijiang" and entry.source == "ui"


def test_creating_outside_scope_is_403_and_writes_nothing(client_for):
    client = client_for("bijiang")
    before = state()
    response = client.post("/orgs/new/", {"name": "沿河县农业农村局", "kind": "department", "region": "520627"})
    assert response.status_code == 403
    assert "超出权限范围" in response.content.decode()
    assert state() == before


def test_duplicate_name_in_a_region_is_a_form_error(client_for):
    client = client_for("bijiang")
    before = state()
    response = client.post("/orgs/new/", {"name": "碧江区司法局", "kind": "department", "region": "520602"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert state() == before


def test_unknown_region_code_is_a_form_error(client_for):
    page = client_for("bijiang").post(
        "/orgs/new/", {"name": "某单位", "kind": "department", "region": "520699"}
    ).content.decode()
    assert "区划代码不存在：520699" in page


def test_auditor_sees_but_cannot_open_the_edit_form(client_for):
    client = client_for("auditor")
    pk = org("碧江区司法局").pk
    assert client.get(f"/orgs/{pk}/").status_code == 200
    assert "修改</a>" not in client.get(f"/orgs/{pk}/").content.decode()
    assert client.get(f"/orgs/{pk}/edit/").status_code == 403


def test_org_list_exports_csv_in_gbk(client_for):
    response = client_for("kunshan").get("/orgs/?export=csv-gbk")
    text = response.content.decode("gb18030")
    assert "单位全称" in text and "昆山市张浦商会" in text and "碧江区司法局" in text and "沙钢" not in text


# ---------------------------------------------------------------- delete


def test_bijiang_deletes_an_organisation_it_created(client_for):
    client = client_for("bijiang")
    client.post("/orgs/new/", {"name": "碧江区农业农村局", "kind": "department", "region": "520602"})
    created = org("碧江区农业农村局")
    assert f'href="/orgs/{created.pk}/delete/"' in client.get(f"/orgs/{created.pk}/").content.decode()
    page = client.get(f"/orgs/{created.pk}/delete/").content.decode()
    assert "删除单位：碧江区农业农村局" in page and "确认删除" in page and "该单位尚未参与结对" in page

    response = client.post(f"/orgs/{created.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/orgs/", 302)]
    assert "已删除：碧江区农业农村局" in response.content.decode()
    assert not Organisation.objects.filter(pk=created.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(created.pk), content_type__model="organisation", action="delete")
    assert entry.actor.username == "bijiang" and entry.source == "ui"
    assert entry.before["name"] == "碧江区农业农村局" and entry.before["region_id"] == "520602000000"
    assert entry.after is None


def test_bijiang_cannot_delete_its_justice_bureau_while_it_is_a_pairing_party(client_for):
    client = client_for("bijiang")
    justice = org("碧江区司法局")
    page = client.get(f"/orgs/{justice.pk}/delete/").content.decode()
    assert "KS-BJ-DEPT-JUS" in page  # the pairing it takes part in, before anything is tried
    before = state()
    response = client.post(f"/orgs/{justice.pk}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "碧江区司法局 仍是结对方（KS-BJ-DEPT-JUS）" in page and "未删除任何数据" in page
    assert state() == before


def test_deleting_a_kunshan_organisation_is_refused_to_bijiang(client_for):
    client = client_for("bijiang")
    kunshan_hr = org("昆山市人力资源和社会保障局")
    before = state()
    assert client.get(f"/orgs/{kunshan_hr.pk}/delete/").status_code == 403
    assert client.post(f"/orgs/{kunshan_hr.pk}/delete/").status_code == 403
    assert client.post(f"/orgs/{org('江苏沙钢集团有限公司').pk}/delete/").status_code == 404
    assert state() == before


def test_auditor_has_no_delete_button_and_gets_403(client_for):
    client = client_for("auditor")
    pk = org("碧江区粮食局").pk
    assert "/delete/" not in client.get(f"/orgs/{pk}/").content.decode()
    before = state()
    assert client.get(f"/orgs/{pk}/delete/").status_code == 403
    assert client.post(f"/orgs/{pk}/delete/").status_code == 403
    assert state() == before


# ---------------------------------------------------------------- suggestions for the pairing form


def suggested(client, url):
    return re.findall(r'<option value="([^"]*)">', client.get(url).content.decode())


def test_organisation_suggestions_hold_only_visible_organisations(client_for):
    # One's own and those across one's pairs: Kunshan finds Bijiang's bureau, neither finds Zhangjiagang's 沙钢.
    assert suggested(client_for("kunshan"), "/orgs/suggest/?q=人社") == ["碧江区人力资源和社会保障局", "昆山市人力资源和社会保障局"]
    assert suggested(client_for("bijiang"), "/orgs/suggest/?q=人社") == ["碧江区人力资源和社会保障局", "昆山市人力资源和社会保障局"]
    # 雅鹿集团 is 苏州's, the city above Bijiang's counterpart Kunshan (ADR 017); 亨通 and 沙钢 are not
    assert suggested(client_for("bijiang"), "/orgs/suggest/?q=集团") == ["雅鹿集团"]
    assert suggested(client_for("zhangjiagang"), "/orgs/suggest/?q=人社") == []
    assert "亨通集团有限公司" in suggested(client_for("admin"), "/orgs/suggest/?q=集团")


def test_organisation_suggestions_read_the_formset_input_itself(client_for):
    # HTMX sends the input's own value under its formset name.
    assert suggested(client_for("kunshan"), "/orgs/suggest/?parties-2-organisation=kssrsj") == ["昆山市人力资源和社会保障局"]
    assert suggested(client_for("kunshan"), "/orgs/suggest/?parties-2-organisation=") == []


def test_delete_page_and_parent_input_in_english(client_for):
    client = client_for("bijiang")
    client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    page = client.get(f"/orgs/{org('碧江区司法局').pk}/delete/").content.decode()
    assert "<h1>Delete organisation: 碧江区司法局</h1>" in page and "Confirm deletion" in page
    assert "Parent pairing reference" in client.get("/pairings/new/").content.decode()
