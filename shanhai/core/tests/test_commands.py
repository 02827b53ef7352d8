import pytest
from django.core.management import CommandError, call_command

from shanhai.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_import_command_refuses_a_file_with_a_bad_row_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "单位.csv"
    path.write_text("单位全称,单位类别,所在区划代码\n碧江区水务局,政府部门,520602\n某单位,政府部门,529999\n", encoding="gbk")
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_data", "organisations", str(path), "--actor", "bijiang")
    assert "第 3 行「所在区划代码」列（值：529999）" in capsys.readouterr().err
    assert not Organisation.objects.filter(name="碧江区水务局").exists()


def test_import_command_writes_a_clean_file_as_the_actor(tmp_path):
    path = tmp_path / "单位.csv"
    path.write_text("单位全称,单位类别,所在区划代码\n碧江区水务局,政府部门,520602\n", encoding="utf-8")
    call_command("import_data", "organisations", str(path), "--actor", "bijiang")
    assert Organisation.objects.get(name="碧江区水务局").region_id == "520602000000"


def test_template_command_writes_an_excel_template(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    call_command("import_template", "organisations", str(out))
    assert [c.value for c in load_workbook(out).worksheets[0][1]][:4] == ["*单位全称", "简称", "*单位类别", "*所在区划代码"]
