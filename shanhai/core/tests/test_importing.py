"""Bad input gets a message naming row, column, value and reason — and nothing is written."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from shanhai.core.importing import import_file, split_list, template_workbook
from shanhai.core.models import AuditEntry
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db

ORG_HEADER = ["单位全称", "简称", "单位类别", "所在区划代码", "统一社会信用代码", "备注"]


def run(name, data, actor, filename="data.csv"):
    return import_file(importer_get(name), filename=filename, data=data, actor=actor)


def counts():
    return Organisation.objects.count(), Pairing.objects.count(), AuditEntry.objects.count()


def test_clean_file_is_written_with_one_batch_in_the_trail(demo_users):
    data = csv_bytes([ORG_HEADER, ["碧江区教育局", "", "政府部门", "520602", "", ""], ["坝黄镇中心小学", "", "学校", "520602101", "", ""]])
    result = run("organisations", data, demo_users["bijiang"])
    assert result.ok and (result.created, result.updated) == (2, 0)
    entries = AuditEntry.objects.filter(batch=result.batch)
    assert entries.count() == 2 and {e.source for e in entries} == {"import"}


def test_one_unknown_region_code_names_the_row_and_writes_nothing(demo_users):
    before = counts()
    data = csv_bytes([
        ORG_HEADER,
        ["碧江区教育局", "", "政府部门", "520602", "", ""],
        ["无名单位", "", "政府部门", "529999", "", ""],
        ["碧江区卫生健康局", "", "政府部门", "520602", "", ""],
    ])
    result = run("organisations", data, demo_users["bijiang"])
    assert not result.ok
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "所在区划代码", "529999")
    assert "区划代码不存在" in problem.reason
    assert "第 3 行「所在区划代码」列" in str(problem)
    assert counts() == before


def test_wrong_header_is_named(demo_users):
    result = run("organisations", csv_bytes([["单位名称", "单位类别", "所在区划代码"], ["x", "学校", "520602"]]), demo_users["admin"])
    reasons = {(p.column, p.reason.split("；")[0]) for p in result.problems}
    assert ("单位名称", "未知的列名") in reasons
    assert ("单位全称", "缺少必填列") in reasons


def test_gbk_csv_is_read(demo_users):
    data = csv_bytes([ORG_HEADER, ["碧江区民政局", "", "政府部门", "520602", "", "GBK 编码"]], encoding="gbk")
    assert run("organisations", data, demo_users["bijiang"]).ok
    assert Organisation.objects.get(name="碧江区民政局").note == "GBK 编码"


def test_bytes_in_no_chinese_encoding_are_refused_clearly(demo_users):
    result = run("organisations", b"\xff\xfe\x00\x81\x30\x81", demo_users["admin"])
    assert "文件编码无法识别" in result.problems[0].reason


def test_duplicate_row_is_named_with_the_first_occurrence(demo_users):
    row = ["碧江区教育局", "", "政府部门", "520602", "", ""]
    result = run("organisations", csv_bytes([ORG_HEADER, row, ["其他", "", "学校", "520602", "", ""], row]), demo_users["bijiang"])
    [problem] = result.problems
    assert problem.row == 4 and "与第 2 行重复" in problem.reason
    assert not Organisation.objects.filter(name="碧江区教育局").exists()


def test_a_cell_of_the_wrong_type_is_named(demo_users):
    header = ["区划代码", "年度", "指标", "数值", "截至日期", "来源"]
    result = run("reported", csv_bytes([header, ["520602", "二〇一九", "深度贫困村", "八", "2019-13-45", "x"]]), demo_users["bijiang"])
    by_column = {p.column: p.reason for p in result.problems}
    assert by_column["年度"] == "年度应为 1996–2050 年之间的四位年份，如 2019。"
    assert by_column["数值"] == "应为数字"
    assert "日期格式" in by_column["截至日期"]


def test_out_of_scope_rows_are_refused_by_row(demo_users):
    before = counts()
    data = csv_bytes([ORG_HEADER, ["碧江区教育局", "", "政府部门", "520602", "", ""], ["沿河县某单位", "", "政府部门", "520627", "", ""]])
    result = run("organisations", data, demo_users["bijiang"])
    [problem] = result.problems
    assert problem.row == 3 and "超出权限范围" in problem.reason
    assert counts() == before


def test_auditor_cannot_import_anything(demo_users):
    result = run("organisations", csv_bytes([ORG_HEADER, ["x", "", "学校", "520602", "", ""]]), demo_users["auditor"])
    assert not result.ok and "超出权限范围" in result.problems[0].reason


def test_old_xls_files_are_refused_with_the_way_out(demo_users):
    result = run("organisations", b"\xd0\xcf\x11\xe0 legacy", demo_users["admin"], filename="单位.xls")
    assert "另存为 .xlsx" in result.problems[0].reason


def test_template_round_trip_through_excel(demo_users):
    importer = importer_get("pairings")
    wb = load_workbook(io.BytesIO(template_workbook(importer)))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:3] == ["*结对编号", "上级结对编号", "*结对类型"]
    assert wb.sheetnames == ["结对关系", "填写说明"]
    ws = wb.worksheets[0]
    ws.append(["KS-BJ-TOWN-QD", "KS-BJ-TOWNS", "乡镇（街道）结对", "", "320583108", "", "520602102", "", "2018-03", "", "有效"])
    buf = io.BytesIO()
    wb.save(buf)
    result = run("pairings", buf.getvalue(), demo_users["kunshan"], filename="结对.xlsx")
    assert result.ok, result.problems
    pairing = Pairing.objects.get(reference="KS-BJ-TOWN-QD")
    assert pairing.display_name() == "千灯镇 ↔ 云场坪镇" and pairing.parent.reference == "KS-BJ-TOWNS"
    assert str(pairing.start_date) == "2018-03-01"


def test_group_notation_errors_name_the_column(demo_users):
    wb = Workbook()
    ws = wb.active
    ws.append(["结对编号", "结对类型", "帮扶方（汇总）", "受帮扶方"])
    ws.append(["G-1", "村村结对", "七个经济强村@320583", "520602101208"])
    ws.append(["G-2", "村村结对", "3个富裕村@320583", "520602101208"])
    buf = io.BytesIO()
    wb.save(buf)
    result = run("pairings", buf.getvalue(), demo_users["admin"], filename="x.xlsx")
    by_row = {p.row: p for p in result.problems}
    assert by_row[2].column == "帮扶方（汇总）" and "汇总写法应为" in by_row[2].reason
    assert "未知汇总类别「富裕村」" in by_row[3].reason


def test_ambiguous_village_name_asks_for_the_code(demo_users):
    # 新寨村 is the name of villages in five counties of Tongren: a name alone cannot say which.
    header = ["结对编号", "结对类型", "帮扶方", "受帮扶方"]
    result = run("pairings", csv_bytes([header, ["P-1", "社会力量结对", "昆山市女企业家协会", "新寨村"]]), demo_users["admin"])
    [problem] = result.problems
    assert problem.column == "受帮扶方" and "不唯一" in problem.reason and "520602201204" in problem.reason
    # With the code it resolves.
    result = run("pairings", csv_bytes([header, ["P-1", "社会力量结对", "昆山市女企业家协会", "520602201204"]]), demo_users["admin"])
    assert result.ok


def test_parent_must_exist_or_come_earlier(demo_users):
    header = ["结对编号", "上级结对编号", "结对类型", "帮扶方", "受帮扶方"]
    result = run("pairings", csv_bytes([header, ["C-1", "NOPE", "乡镇（街道）结对", "320583108", "520602102"]]), demo_users["admin"])
    assert "上级结对编号不存在或不在您的权限范围内：NOPE" in result.problems[0].reason


def test_split_list_keeps_separators_inside_brackets():
    assert split_list("7个县（市、区）@3205；坝黄镇、瓦屋乡") == ["7个县（市、区）@3205", "坝黄镇", "瓦屋乡"]
