"""An import that would change a figure a hundredfold, or blank a value already recorded, stops and
asks before it writes (issue 11 point 7): the engine, the imports page, the API and the command."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from shanhai.core.importing import import_file
from shanhai.core.models import AuditEntry
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.demo.services import DATA_DIR
from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db

WAN = 10_000 * 100  # fen

# seed 000: 结对资金700多万元 (the towns' pairing funds, KS-BJ-FUND-TOWNS)
TOWNS = "KS-BJ-FUND-TOWNS"


def towns_file(**changes) -> bytes:
    """The demo's own row for the towns' funds, with ``changes`` ({header: cell}) made to it."""
    with open(DATA_DIR / "funds.csv", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    row = dict(zip(header, next(r for r in rows if r[0] == TOWNS), strict=True))
    row.update(changes)
    return csv_bytes([header, [row[h] for h in header]])


def towns_amount():
    return Fund.objects.get(reference=TOWNS).amount


def test_a_fund_of_700_wan_reimported_as_7_wan_stops_with_the_warning_and_writes_nothing(demo_users):
    assert towns_amount() == 700 * WAN
    trail = AuditEntry.objects.count()
    result = import_file(importer_get("funds"), filename="funds.csv", data=towns_file(金额="7万元"), actor=demo_users["kunshan"])
    assert not result.problems
    assert result.held and not result.ok
    assert [str(w) for w in result.warnings] == ["第 2 行「金额」：由 700万元 改为 7万元，相差 100 倍"]
    assert (result.created, result.updated, result.batch) == (0, 0, "")
    assert towns_amount() == 700 * WAN
    assert AuditEntry.objects.count() == trail


def test_with_confirmation_the_same_file_writes(demo_users):
    result = import_file(importer_get("funds"), filename="funds.csv", data=towns_file(金额="7万元"),
                         actor=demo_users["kunshan"], confirm=True)
    assert result.ok and not result.held
    assert result.updated == 1 and result.batch
    assert [w.column for w in result.warnings] == ["金额"]  # what was confirmed is still said
    assert towns_amount() == 7 * WAN


def test_a_hundredfold_rise_is_asked_about_too(demo_users):
    result = import_file(importer_get("funds"), filename="funds.csv", data=towns_file(金额="7亿元"), actor=demo_users["kunshan"])
    assert [str(w) for w in result.warnings] == ["第 2 行「金额」：由 700万元 改为 7亿元，相差 100 倍"]
    assert towns_amount() == 700 * WAN


def test_a_smaller_correction_goes_through_without_asking(demo_users):
    # 700万 → 720万: an ordinary correction, not a slipped unit
    result = import_file(importer_get("funds"), filename="funds.csv", data=towns_file(金额="720万元"), actor=demo_users["kunshan"])
    assert result.ok and not result.warnings and result.updated == 1
    assert towns_amount() == 720 * WAN


def test_a_recorded_amount_left_blank_stops_and_asks(demo_users):
    result = import_file(importer_get("funds"), filename="funds.csv", data=towns_file(金额=""), actor=demo_users["kunshan"])
    assert result.held
    assert [str(w) for w in result.warnings] == ["第 2 行「金额」：原为 700万元，将被清空"]
    assert towns_amount() == 700 * WAN


def test_the_demo_file_reimported_as_it_is_asks_nothing(demo_users):
    data = (DATA_DIR / "funds.csv").read_bytes()
    result = import_file(importer_get("funds"), filename="funds.csv", data=data, actor=demo_users["admin"])
    assert result.ok and not result.warnings and result.created == 0 and result.updated == 0


# ---------------------------------------------------------------- the doors


def _upload(data):
    return SimpleUploadedFile("funds.csv", data, content_type="text/csv")


def test_the_api_answers_409_with_the_warnings_then_200_when_confirmed(client_for):
    client = client_for("kunshan")
    data = towns_file(金额="7万元")
    response = client.post("/api/imports/funds/", {"file": _upload(data)})
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["ok"] is False and body["held"] is True
    assert [w["message"] for w in body["warnings"]] == ["第 2 行「金额」：由 700万元 改为 7万元，相差 100 倍"]
    assert towns_amount() == 700 * WAN
    response = client.post("/api/imports/funds/", {"file": _upload(data), "confirm": "true"})
    assert response.status_code == 200, response.content
    assert response.json()["updated"] == 1
    assert towns_amount() == 7 * WAN


@pytest.fixture
def holds(settings, tmp_path):
    settings.SHANHAI_UPLOAD_DIR = tmp_path
    return tmp_path / "import-holds"


def test_the_imports_page_shows_the_warnings_and_confirms_the_kept_file(client_for, holds):
    client = client_for("kunshan")
    response = client.post("/imports/funds/", {"funds-file": _upload(towns_file(金额="7万元"))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第 2 行「金额」：由 700万元 改为 7万元，相差 100 倍" in page
    assert "确认导入" in page
    assert towns_amount() == 700 * WAN
    held = response.context["results"]["funds"].sha256
    assert f'value="{held}"' in page
    # the confirmation names the kept file by its digest; nothing is uploaded again
    response = client.post("/imports/funds/", {"confirm": held})
    assert response.status_code == 200
    assert "导入成功" in response.content.decode()
    assert towns_amount() == 7 * WAN
    assert list(holds.iterdir()) == []  # the kept file is gone once written


def test_a_confirmation_for_a_file_not_kept_for_this_user_writes_nothing(client_for, holds):
    client = client_for("kunshan")
    response = client.post("/imports/funds/", {"funds-file": _upload(towns_file(金额="7万元"))})
    held = response.context["results"]["funds"].sha256
    client.logout()
    other = client_for("suzhou")  # Suzhou's office may write Kunshan's funds, but never saw this file
    response = other.post("/imports/funds/", {"confirm": held})
    assert "请重新上传" in response.content.decode()
    assert towns_amount() == 700 * WAN


def test_the_command_stops_and_writes_with_confirm(demo_users, tmp_path):
    path = tmp_path / "funds.csv"
    path.write_bytes(towns_file(金额="7万元"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="确认"):
        call_command("import_data", "funds", str(path), "--actor", "kunshan", stderr=err)
    assert "第 2 行「金额」：由 700万元 改为 7万元，相差 100 倍" in err.getvalue()
    assert towns_amount() == 700 * WAN
    out = io.StringIO()
    call_command("import_data", "funds", str(path), "--actor", "kunshan", "--confirm", stdout=out)
    assert "更新 1" in out.getvalue()
    assert towns_amount() == 7 * WAN
