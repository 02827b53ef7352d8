"""Every funds and projects ledger: its list, form, export and API answer, and the schema documents them."""

import pytest

pytestmark = pytest.mark.django_db

SLUGS = [
    "funds", "projects", "project-status", "project-outputs", "fund-allocations", "benefit-links",
    "distributions", "payments", "project-assets", "asset-incomes",
]


@pytest.mark.parametrize("slug", SLUGS)
def test_ledger_list_form_export_and_api(client_for, slug):
    client = client_for("admin")
    assert client.get(f"/{slug}/").status_code == 200
    assert client.get(f"/{slug}/new/").status_code == 200
    export = client.get(f"/{slug}/?export=csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert client.get(f"/api/{slug}/").status_code == 200


def test_auditor_reads_but_cannot_write(client_for):
    client = client_for("auditor")
    assert client.get("/projects/").status_code == 200
    assert client.get("/projects/new/").status_code == 403
    assert client.post("/api/funds/", {}, content_type="application/json").status_code == 403


def test_schema_documents_the_ledgers(client_for):
    schema = client_for("admin").get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for slug in SLUGS:
        assert f"/api/{slug}/" in paths, slug


def test_templates_download(client_for):
    client = client_for("admin")
    for name in ("funds", "projects", "project-outputs", "fund-allocations", "benefit-links", "project-assets"):
        response = client.get(f"/imports/{name}/template.xlsx")
        assert response.status_code == 200, name
