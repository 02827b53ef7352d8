"""Core pages: login, the home page per role, the change history, the imports page, the language."""

import io

import pytest
from openpyxl import load_workbook

from shanhai.core.models import AuditEntry
from shanhai.core.testing import csv_bytes
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db

ORG_HEADER = ["单位全称", "简称", "单位类别", "所在区划代码", "统一社会信用代码", "备注"]


def upload(name, content, filename="单位.csv"):
    f = io.BytesIO(content)
    f.name = filename
    return {f"{name}-file": f}


# ---------------------------------------------------------------- login and home


def test_pages_ask_for_a_login(client):
    for url in ["/", "/pairings/", "/coverage/520602/", "/history/", "/imports/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_login_form_in_chinese_lets_bijiang_in(client):
    page = client.get("/login/").content.decode()
    assert "登录山海系统" in page and "用户名" in page and "密码" in page
    response = client.post("/login/", {"username": "bijiang", "password": "demo"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "碧江区乡村振兴局，您好" in response.content.decode()


def test_wrong_password_is_refused_in_chinese(client):
    page = client.post("/login/", {"username": "bijiang", "password": "nope"}).content.decode()
    assert "请输入一个正确的" in page  # Django's own Chinese message


def test_logout_is_a_post_and_returns_to_login(client_for):
    client = client_for("bijiang")
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_bijiang_home_shows_its_role_scope_pair_and_coverage(client_for):
    page = client_for("bijiang").get("/").content.decode()
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    assert "西部乡村振兴部门" in page and "碧江区" in page and "520602" in page
    assert f'href="/pairings/{ks_bj.pk}/"' in page
    assert 'href="/coverage/520602/"' in page
    assert "可查看的结对 21 个" in page


def test_kunshan_home_leads_to_the_kunshan_bijiang_pair_and_its_coverage(client_for):
    page = client_for("kunshan").get("/").content.decode()
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    assert "东部协作办" in page and "昆山市" in page
    assert f'href="/pairings/{ks_bj.pk}/"' in page
    # Both offices of a pair read its coverage (ADR 010): Bijiang's is one click away.
    assert "/coverage/520602/" in page
    assert client_for("kunshan").get("/coverage/520602/").status_code == 200


def test_admin_home_starts_from_the_province_pair(client_for):
    page = client_for("admin").get("/").content.decode()
    assert "江苏省—贵州省东西部协作" in page
    assert 'href="/admin/"' in page  # 后台 only for superusers


def test_no_admin_link_for_offices(client_for):
    assert 'href="/admin/"' not in client_for("bijiang").get("/").content.decode()


# ---------------------------------------------------------------- history


def edit_bijiang_hr(client):
    org = Organisation.objects.get(name="碧江区人力资源和社会保障局")
    response = client.post(f"/orgs/{org.pk}/edit/", {
        "name": org.name, "short_name": "碧江人社", "kind": org.kind_id, "region": "520602",
        "credit_code": "", "note": "劳务协作站西部一方",
    }, follow=True)  # following the redirect shows (and so consumes) the "saved" message
    assert response.redirect_chain == [(f"/orgs/{org.pk}/", 302)]
    assert "已保存：碧江人社" in response.content.decode()
    return org


def test_an_org_edit_by_bijiang_shows_in_its_history_with_before_and_after(client_for):
    client = client_for("bijiang")
    org = edit_bijiang_hr(client)
    page = client.get("/history/").content.decode()
    assert "碧江人社" in page
    assert "碧江区人社局" in page  # before
    assert "劳务协作站西部一方" in page  # after
    assert "修改" in page and "页面" in page  # action and source
    assert f'href="/orgs/{org.pk}/"' in page
    entry = AuditEntry.objects.filter(object_id=str(org.pk)).first()
    assert entry.actor.username == "bijiang" and entry.source == "ui"


def test_history_of_others_is_for_national_offices_only(client_for, demo_users):
    edit_bijiang_hr(client_for("bijiang"))
    kunshan_page = client_for("kunshan").get("/history/?who=bijiang").content.decode()
    assert "碧江人社" not in kunshan_page  # not national: always their own actions only
    national_page = client_for("jiangsu").get("/history/?who=bijiang").content.decode()
    assert "碧江人社" in national_page


def test_history_all_is_scoped_by_region(client_for):
    edit_bijiang_hr(client_for("bijiang"))
    # The national office of the demo holds Jiangsu and Guizhou: Bijiang's change is in its scope.
    assert "碧江人社" in client_for("jiangsu").get("/history/?who=all").content.decode()
    assert "碧江人社" in client_for("admin").get("/history/?who=all").content.decode()


def test_history_on_a_detail_page_is_the_objects_own(client_for):
    client = client_for("bijiang")
    org = edit_bijiang_hr(client)
    page = client.get(f"/orgs/{org.pk}/").content.decode()
    assert "变更记录" in page and "碧江人社" in page and "劳务协作站西部一方" in page


# ---------------------------------------------------------------- imports


def test_imports_page_lists_every_template_with_a_download(client_for):
    page = client_for("bijiang").get("/imports/").content.decode()
    for name in ["organisations", "pairings", "poverty", "reported", "regions"]:
        assert f"/imports/{name}/template.xlsx" in page
        assert f'hx-post="/imports/{name}/"' in page
    assert 'hx-encoding="multipart/form-data"' in page
    assert 'enctype="multipart/form-data"' in page  # works without JavaScript too


def test_template_download_has_the_chinese_headers(client_for):
    response = client_for("bijiang").get("/imports/organisations/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "*单位全称" in headers and "*所在区划代码" in headers


def test_unknown_template_is_404(client_for):
    assert client_for("bijiang").get("/imports/nothing/template.xlsx").status_code == 404


def test_import_with_one_bad_row_names_the_row_and_writes_nothing(client_for):
    client = client_for("bijiang")
    orgs, entries = Organisation.objects.count(), AuditEntry.objects.count()
    data = csv_bytes([
        ORG_HEADER,
        ["碧江区农业农村局", "碧江农业局", "政府部门", "520602", "", ""],
        ["碧江区某合作社", "", "合作社", "520699", "", ""],  # no such county code
    ])
    response = client.post("/imports/organisations/", upload("organisations", data))
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行" in page and "520699" in page and "所在区划代码" in page
    assert "文件未写入任何数据" in page
    assert Organisation.objects.count() == orgs and AuditEntry.objects.count() == entries


def test_import_through_htmx_answers_the_result_partial(client_for):
    client = client_for("bijiang")
    data = csv_bytes([ORG_HEADER, ["碧江区农业农村局", "碧江农业局", "政府部门", "520602", "", ""]], encoding="gbk")
    response = client.post("/imports/organisations/", upload("organisations", data), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "导入成功" in page and "新增 1 条" in page
    org = Organisation.objects.get(name="碧江区农业农村局")
    assert AuditEntry.objects.filter(object_id=str(org.pk), source="import", actor__username="bijiang").exists()


def test_import_out_of_scope_is_refused_by_row(client_for):
    client = client_for("bijiang")
    orgs = Organisation.objects.count()
    data = csv_bytes([ORG_HEADER, ["沿河县农业农村局", "", "政府部门", "520627", "", ""]])
    page = client.post("/imports/organisations/", upload("organisations", data)).content.decode()
    assert "第 2 行" in page and "超出权限范围" in page
    assert Organisation.objects.count() == orgs


def test_import_refuses_other_file_types(client_for):
    page = client_for("bijiang").post(
        "/imports/organisations/", upload("organisations", b"x", filename="orgs.xls")
    ).content.decode()
    assert "只接受 .xlsx 或 .csv 文件" in page


# ---------------------------------------------------------------- figures in templates


def test_money_and_percent_filters_write_figures_as_offices_do():
    from decimal import Decimal

    from django.template import Context, Template

    template = Template("{% load shanhai %}{{ a|money }}|{{ b|money }}|{{ b|money:'元' }}|{{ s|percent }}|{{ n|percent }}")
    text = template.render(Context({"a": 1_660_000_000_00, "b": 60_000_000, "s": Decimal("100.0"), "n": None}))
    # Seed 001: 16.6 亿元 over 1,093 projects; 60 万元 given by each town delegation.
    assert text == "16.6 亿元|60 万元|600,000 元|100.0%|—"


# ---------------------------------------------------------------- language


def test_an_english_browser_still_gets_chinese_until_the_user_switches(client_for):
    client = client_for("bijiang")
    page = client.get("/pairings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>结对关系</h1>" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/pairings/"})
    page = client.get("/pairings/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "<h1>Pairings</h1>" in page
    assert ">Coverage<" in page and ">Imports<" in page


def test_english_by_the_language_switch(client_for):
    client = client_for("bijiang")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/coverage/520602/"})
    assert response.status_code == 302
    page = client.get("/coverage/520602/").content.decode()
    assert "Pairing coverage of 碧江区" in page and "100.0%" in page


def test_chinese_is_the_default(client_for):
    page = client_for("bijiang").get("/pairings/").content.decode()
    assert "<h1>结对关系</h1>" in page and 'lang="zh-hans"' in page
