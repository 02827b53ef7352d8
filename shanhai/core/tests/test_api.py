"""The API's shared machinery: authentication, the OpenAPI schema, the audit trail, the import engine."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from shanhai.core.models import AuditEntry
from shanhai.core.testing import csv_bytes
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- authentication


def test_token_auth_works_and_is_scoped():
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "bijiang", "password": "demo"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    orgs = client.get("/api/orgs/?page_size=500").json()["results"]
    # Bijiang's own organisations and Kunshan's across their pair (ADR 010), and those of 苏州 above
    # Kunshan (ADR 017); none of Zhangjiagang's.
    assert orgs and all(o["region"].startswith(("520602", "320583")) or o["region"] == "320500000000" for o in orgs)
    assert not any(o["region"].startswith("320582") for o in orgs)
    assert any(o["region"].startswith("520602") for o in orgs) and any(o["region"].startswith("320583") for o in orgs)
    assert client.get("/api/coverage/?region=520602&year=2020&target=deep_poverty_villages").json()["results"][0][
        "share"
    ] == "100.0"


def test_token_with_a_wrong_password_is_refused():
    response = APIClient().post("/api/auth/token/", {"username": "bijiang", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("url", ["/api/orgs/", "/api/pairings/", "/api/coverage/?region=520602&year=2020", "/api/audit/"])
def test_anonymous_callers_get_nothing(url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_a_bad_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get("/api/orgs/").status_code in (401, 403)


# ---------------------------------------------------------------- schema and docs


def test_schema_is_an_openapi_3_document_with_every_endpoint(client):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/regions/", "/api/regions/{code}/", "/api/poverty-designations/", "/api/reported-figures/",
        "/api/reported-indicators/", "/api/orgs/", "/api/org-kinds/", "/api/pairings/", "/api/pairings/{id}/totals/",
        "/api/pairings/{id}/two-way-coverage/", "/api/pairing-kinds/", "/api/member-kinds/", "/api/coverage-targets/",
        "/api/coverage/", "/api/audit/", "/api/imports/", "/api/imports/{name}/", "/api/auth/token/",
    ):
        assert path in schema["paths"], path
    validate_schema(schema)
    assert not GENERATOR_STATS, "schema generation warned (see the test output)"
    # The hand-written parts: query parameters of the custom endpoints, shares as strings.
    coverage_params = {p["name"] for p in schema["paths"]["/api/coverage/"]["get"]["parameters"]}
    assert {"region", "year", "target"} <= coverage_params
    assert schema["components"]["schemas"]["Coverage"]["properties"]["share"]["type"] == "string"
    upload = schema["paths"]["/api/imports/{name}/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"/api/schema/" in response.content


def test_api_root_lists_the_endpoints(client_for):
    data = client_for("auditor").get("/api/").json()
    assert {"regions", "orgs", "pairings", "coverage", "audit"} <= set(data)


# ---------------------------------------------------------------- audit trail


def test_an_api_write_is_in_the_trail_with_before_and_after(client_for, demo_users):
    client = client_for("kunshan")
    pairing = Pairing.objects.get(reference="KS-BJ-PARK")
    response = client.patch(f"/api/pairings/{pairing.pk}/", {"note": "先行启动区6.18平方公里（核对）"}, content_type="application/json")
    assert response.status_code == 200
    trail = client.get(f"/api/audit/?content_type=pairings.pairing&object_id={pairing.pk}&actor=kunshan").json()
    (entry,) = trail["results"]
    assert (entry["action"], entry["source"], entry["actor"]) == ("update", "api", "kunshan")
    assert entry["before"]["note"] == "先行启动区6.18平方公里"
    assert entry["after"]["note"] == "先行启动区6.18平方公里（核对）"
    assert entry["region_codes"] == ["320583000000", "520602000000"]


def test_the_trail_is_scoped_like_the_records(client_for):
    # The 思渠镇 operator sees the trail of 高山村's records and nothing of Kunshan ↔ Bijiang.
    rows = client_for("yanhe").get("/api/audit/?page_size=500").json()["results"]
    assert rows and all(any(c.startswith("520627107") for c in r["region_codes"]) for r in rows)
    assert {r["object_repr"] for r in rows} >= {"ZJG-YH-CHAMBER-HT"}
    bijiang = client_for("bijiang").get("/api/audit/?within=520627&page_size=500").json()
    assert bijiang["count"] == 0


def test_trail_filters(client_for):
    client = client_for("admin")
    org = Organisation.objects.get(name="昆山市中医医院")
    rows = client.get(f"/api/audit/?content_type=orgs.organisation&object_id={org.pk}").json()["results"]
    assert [(r["action"], r["source"], r["object_repr"]) for r in rows] == [("create", "import", "昆山中医院")]
    within = client.get("/api/audit/?within=520627107&page_size=500").json()["results"]
    assert within and all(any(c.startswith("520627107") for c in r["region_codes"]) for r in within)
    assert client.get("/api/audit/?within=abc").status_code == 400
    assert client.get("/api/audit/?source=api").json()["count"] == AuditEntry.objects.filter(source="api").count()


def test_the_trail_is_read_only(client_for):
    entry = AuditEntry.objects.first()
    client = client_for("admin")
    assert client.delete(f"/api/audit/{entry.pk}/").status_code == 405
    assert client.post("/api/audit/", {}, content_type="application/json").status_code == 405


# ---------------------------------------------------------------- imports


def upload(rows, name="orgs.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, csv_bytes(rows, encoding), content_type="text/csv")


def test_import_templates_are_listed_and_downloadable(client_for):
    client = client_for("bijiang")
    templates = {t["name"]: t for t in client.get("/api/imports/").json()}
    assert {"organisations", "pairings", "poverty", "reported"} <= set(templates)
    headers = [c["header"] for c in templates["organisations"]["columns"]]
    assert headers[:4] == ["单位全称", "简称", "单位类别", "所在区划代码"]
    assert client.get("/api/imports/pairings/").json()["title"] == "结对关系"
    response = client.get("/api/imports/organisations/template/")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # an .xlsx workbook
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "*单位全称"


def test_import_a_clean_gbk_file(client_for, demo_users):
    rows = [["单位全称", "简称", "单位类别", "所在区划代码"], ["碧江区瓦屋乡茶叶合作社", "瓦屋茶社", "合作社", "520602203"]]
    response = client_for("bijiang").post("/api/imports/organisations/", {"file": upload(rows, encoding="gbk")})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["ok"], data["rows"], data["created"], data["updated"], data["problems"]) == (True, 1, 1, 0, [])
    org = Organisation.objects.get(name="碧江区瓦屋乡茶叶合作社")
    entry = AuditEntry.objects.get(content_type__model="organisation", object_id=str(org.pk))
    assert (entry.source, entry.actor, entry.batch) == ("import", demo_users["bijiang"], data["batch"])


def test_import_with_bad_rows_names_each_and_writes_nothing(client_for):
    rows = [
        ["单位全称", "简称", "单位类别", "所在区划代码"],
        ["碧江区甲合作社", "", "合作社", "520602101"],
        ["碧江区乙合作社", "", "火箭公司", "520602101"],
        ["碧江区丙合作社", "", "合作社", "520602999"],
    ]
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    response = client_for("bijiang").post("/api/imports/organisations/", {"file": upload(rows)})
    assert response.status_code == 400
    problems = [(p["row"], p["column"], p["value"]) for p in response.json()["problems"]]
    assert problems == [(3, "单位类别", "火箭公司"), (4, "所在区划代码", "520602999")]
    assert all(p["reason"] and p["message"].startswith(f"第 {p['row']} 行") for p in response.json()["problems"])
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_import_needs_a_file_and_a_known_template(client_for):
    client = client_for("bijiang")
    assert client.post("/api/imports/organisations/", {}).status_code == 400
    assert client.post("/api/imports/nonsense/", {"file": upload([["a"]])}).status_code == 404
    assert client.get("/api/imports/nonsense/").status_code == 404
