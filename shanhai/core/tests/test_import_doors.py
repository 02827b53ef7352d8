"""Both import doors (the imports page and the API) ask who is writing and how large the file is before
they read it: a read-only auditor gets 403 and an oversized file 413, whatever the file holds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from shanhai.core.models import AuditEntry
from shanhai.core.testing import csv_bytes
from shanhai.orgs.models import Organisation

pytestmark = pytest.mark.django_db

ORG_ROWS = [["单位全称", "单位类别", "所在区划代码"], ["碧江区测试合作社", "合作社", "520602101"]]
# Not a workbook at all: reading it would answer a problem list (400), never 403 or 413.
BROKEN_XLSX = b"PK\x03\x04 not really a workbook" * 40


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _state():
    return Organisation.objects.count(), AuditEntry.objects.count()


def test_the_auditor_is_turned_away_from_the_imports_page_before_the_file_is_read(client_for):
    before = _state()
    response = client_for("auditor").post(
        "/imports/organisations/", {"organisations-file": _upload("orgs.xlsx", BROKEN_XLSX)}
    )
    assert response.status_code == 403
    assert "只读" in response.content.decode()
    assert "无法读取" not in response.content.decode() and "不是有效" not in response.content.decode()
    assert _state() == before


def test_the_auditor_is_turned_away_from_the_import_api_before_the_file_is_read(client_for):
    before = _state()
    response = client_for("auditor").post("/api/imports/organisations/", {"file": _upload("orgs.xlsx", BROKEN_XLSX)})
    assert response.status_code == 403
    assert "只读" in response.json()["detail"]
    assert _state() == before


@override_settings(SHANHAI_IMPORT_MAX_UPLOAD_BYTES=1024)
def test_an_oversized_file_is_refused_on_the_imports_page_by_its_size(client_for):
    data = csv_bytes(ORG_ROWS + [["", "", ""]] * 400)  # a clean file, only too large
    assert len(data) > 1024
    before = _state()
    response = client_for("bijiang").post(
        "/imports/organisations/", {"organisations-file": _upload("orgs.csv", data)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "文件过大" in text and "超过导入上限 1 KB" in text
    assert _state() == before


@override_settings(SHANHAI_IMPORT_MAX_UPLOAD_BYTES=1024)
def test_an_oversized_file_is_refused_by_the_import_api_by_its_size(client_for):
    data = csv_bytes(ORG_ROWS + [["", "", ""]] * 400)
    before = _state()
    response = client_for("bijiang").post("/api/imports/organisations/", {"file": _upload("orgs.csv", data)})
    assert response.status_code == 413
    body = response.json()
    assert body["ok"] is False and body["rows"] == 0
    assert "文件过大" in body["problems"][0]["reason"]
    assert _state() == before


def test_a_file_within_the_limit_still_imports_through_both_doors(client_for):
    client = client_for("bijiang")
    response = client.post("/api/imports/organisations/", {"file": _upload("orgs.csv", csv_bytes(ORG_ROWS))})
    assert response.status_code == 200, response.content
    rows = [ORG_ROWS[0], ["碧江区第二测试合作社", "合作社", "520602101"]]
    response = client.post("/imports/organisations/", {"organisations-file": _upload("orgs.csv", csv_bytes(rows))})
    assert response.status_code == 200
    assert Organisation.objects.filter(name__in=["碧江区测试合作社", "碧江区第二测试合作社"]).count() == 2
