"""The import reader refuses what would take the server down, quickly and in flat memory.

A 1.6 KB workbook declaring the whole grid (A1:XFD1048576) once cost 2.8 GB and a 500; a zip bomb
unpacked without limit. The files here are built by hand with zipfile, as an attacker would.
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from shanhai.core.tabular import FileError, read_table

MB = 1024 * 1024
FAST_SECONDS = 1.0
FLAT_BYTES = 50 * MB

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, dimension: str = "A1:XFD1048576") -> bytes:
    return SHEET_HEAD + f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'.encode()


def xlsx(sheet: bytes) -> bytes:
    """The five parts openpyxl needs, the sheet as given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


# Three cells in a sheet that says it is 16,384 columns by 1,048,576 rows.
WHOLE_GRID = xlsx(sheet_xml(
    '<row r="1">' + _cell("A1", "单位全称") + _cell("B1", "单位类别") + _cell("C1", "所在区划代码") + "</row>"
    '<row r="2">' + _cell("A2", "碧江区测试合作社") + "</row>"
))
# One cell, in the grid's last corner.
LAST_CORNER = xlsx(sheet_xml('<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"))
# One cell in the last column of the first row.
LAST_COLUMN = xlsx(sheet_xml('<row r="1">' + _cell("A1", "单位全称") + _cell("XFD1", "x") + "</row>"))


@pytest.fixture(scope="module")
def zip_bomb():
    """500 MB of sheet XML deflated to about half a megabyte, written streaming (the test stays light)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD + b"<sheetData>")
            spaces = b" " * MB
            for _ in range(500):
                part.write(spaces)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def measured(filename, data):
    """(rows or FileError, seconds, peak bytes allocated): timed once plain, once under tracemalloc."""

    def run():
        try:
            return read_table(filename, data)
        except FileError as exc:
            return exc

    start = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, seconds, peak


def test_the_whole_grid_declaration_is_ignored_and_the_three_cells_read(record_property):
    assert len(WHOLE_GRID) < 2 * 1024  # the probe's 1.6 KB file
    rows, seconds, peak = measured("orgs.xlsx", WHOLE_GRID)
    record_property("whole_grid", (seconds, peak))
    assert rows == [(1, ["单位全称", "单位类别", "所在区划代码"]), (2, ["碧江区测试合作社"])]
    assert seconds < FAST_SECONDS and peak < FLAT_BYTES


def test_a_cell_in_the_last_corner_is_refused_by_the_row_limit(record_property):
    error, seconds, peak = measured("orgs.xlsx", LAST_CORNER)
    record_property("last_corner", (seconds, peak))
    assert isinstance(error, FileError)
    assert str(error) == "行数超过上限：最多 1,000,000 行（含表头）；请分批导入。"
    assert seconds < FAST_SECONDS and peak < FLAT_BYTES


def test_a_cell_in_the_last_column_is_refused_by_the_column_limit():
    error, seconds, peak = measured("orgs.xlsx", LAST_COLUMN)
    assert isinstance(error, FileError)
    assert str(error) == "第 1 行有 16,384 列，超过上限 200 列。"
    assert seconds < FAST_SECONDS and peak < FLAT_BYTES


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_anything_unpacks(zip_bomb, record_property):
    assert len(zip_bomb) < 1 * MB
    error, seconds, peak = measured("orgs.xlsx", zip_bomb)
    record_property("zip_bomb", (seconds, peak))
    assert isinstance(error, FileError)
    assert "压缩比异常" in str(error) and "xl/worksheets/sheet1.xml" in str(error) and "上限 100 : 1" in str(error)
    assert seconds < FAST_SECONDS and peak < FLAT_BYTES


@override_settings(SHANHAI_IMPORT_MAX_UNPACKED_BYTES=MB, SHANHAI_IMPORT_MAX_COMPRESSION_RATIO=10_000)
def test_what_a_workbook_unpacks_to_is_limited_in_total(zip_bomb):
    with pytest.raises(FileError, match=r"^Excel 文件解压后有 500 MB，超过上限 1 MB；请分批导入。$"):
        read_table("orgs.xlsx", zip_bomb)


@override_settings(SHANHAI_IMPORT_MAX_XLSX_PART_BYTES=1024)
def test_a_part_openpyxl_reads_whole_is_limited_on_its_own():
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(WHOLE_GRID)) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            out.writestr(part, source.read(part))
        out.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 200 + b"</sst>")
    with pytest.raises(FileError, match=r"xl/sharedStrings\.xml 解压后有 3\.3 KB，超过上限 1 KB"):
        read_table("orgs.xlsx", data.getvalue())


def test_a_long_cell_is_refused_with_its_place():
    data = xlsx(sheet_xml('<row r="1">' + _cell("A1", "单位全称") + "</row>"
                          '<row r="2">' + _cell("B2", "长" * 40_000) + "</row>", dimension="A1:B2"))
    with pytest.raises(FileError, match=r"^第 2 行第 2 列的内容有 40,000 个字符，超过单元格上限 32,767 个字符。$"):
        read_table("orgs.xlsx", data)


def test_a_file_that_is_not_a_workbook_is_named_in_chinese():
    with pytest.raises(FileError) as caught:
        read_table("台账.xlsx", "单位全称,单位类别\n".encode())
    assert str(caught.value).startswith("不是有效的 Excel (.xlsx) 文件")
    assert "zip" not in str(caught.value)


def test_a_broken_sheet_is_a_file_error_not_a_crash():
    with pytest.raises(FileError, match="无法读取 Excel 文件"):
        read_table("orgs.xlsx", xlsx(SHEET_HEAD + b"<sheetData><row r='1'><c r='A1'><v>1</v></c>"))


def test_a_ledger_of_twenty_thousand_rows_reads_whole():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["结对编号", "年度", "金额（万元）", "备注"])
    for i in range(20_000):
        ws.append(["KS-BJ", 2019, i, "昆山市对口帮扶资金" if i % 3 else None])
    out = io.BytesIO()
    wb.save(out)
    rows = read_table("资金.xlsx", out.getvalue())
    assert len(rows) == 20_001
    assert rows[1] == (2, ["KS-BJ", "2019", "0"])
    assert rows[-1] == (20_001, ["KS-BJ", "2019", "19999", "昆山市对口帮扶资金"])


def test_blank_rows_inside_a_sheet_keep_the_rows_after_them_numbered_as_in_excel():
    data = xlsx(sheet_xml('<row r="1">' + _cell("A1", "单位全称") + "</row>"
                          '<row r="5">' + _cell("A5", "碧江区测试合作社") + "</row>", dimension="A1:A5"))
    assert read_table("orgs.xlsx", data) == [(1, ["单位全称"]), (5, ["碧江区测试合作社"])]


# ---------------------------------------------------------------- CSV


@override_settings(SHANHAI_IMPORT_MAX_ROWS=3)
def test_a_csv_past_the_row_limit_is_refused():
    assert len(read_table("a.csv", b"h\n1\n2\n")) == 3
    with pytest.raises(FileError, match=r"^行数超过上限：最多 3 行（含表头）；请分批导入。$"):
        read_table("a.csv", b"h\n1\n2\n3\n")


@override_settings(SHANHAI_IMPORT_MAX_UNPACKED_BYTES=1024)
def test_a_csv_past_the_size_limit_is_refused_before_it_is_decoded():
    with pytest.raises(FileError, match=r"^CSV 文件有 2 KB，超过上限 1 KB；请分批导入。$"):
        read_table("a.csv", b"x" * 2048)


def test_a_csv_with_too_many_columns_or_a_long_cell_is_refused():
    with pytest.raises(FileError, match=r"^第 2 行有 201 列，超过上限 200 列。$"):
        read_table("a.csv", b"h\n" + b",".join([b"1"] * 201) + b"\n")
    with pytest.raises(FileError, match="第 2 行第 1 列的内容有 40,000 个字符"):
        read_table("a.csv", b"h\n" + b"x" * 40_000 + b"\n")
    # Trailing separators are not columns.
    assert read_table("a.csv", b"h" + b"," * 500 + b"\n") == [(1, ["h"])]


def test_a_csv_field_past_the_csv_modules_own_limit_is_a_file_error():
    with pytest.raises(FileError, match="CSV 文件第 2 行无法读取"):
        read_table("a.csv", b'h\n"' + b"x" * 200_000 + b'"\n')


# ---------------------------------------------------------------- through the import door


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["last_corner", "zip_bomb"])
def test_the_import_api_answers_the_refusal_quickly(client_for, zip_bomb, name):
    data = {"last_corner": LAST_CORNER, "zip_bomb": zip_bomb}[name]
    client = client_for("bijiang")
    start = time.perf_counter()
    response = client.post(
        "/api/imports/organisations/", {"file": SimpleUploadedFile("orgs.xlsx", data)}
    )
    assert time.perf_counter() - start < FAST_SECONDS + 1  # the request's own overhead besides
    assert response.status_code == 400
    (problem,) = response.json()["problems"]
    assert problem["row"] == 0
    assert ("行数超过上限" if name == "last_corner" else "压缩比异常") in problem["reason"]


@pytest.mark.django_db
def test_the_whole_grid_sheet_imports_its_one_row(client_for):
    response = client_for("bijiang").post(
        "/api/imports/organisations/", {"file": SimpleUploadedFile("orgs.xlsx", WHOLE_GRID)}
    )
    assert response.status_code == 400  # the row leaves two required cells blank: ordinary row problems
    assert [(p["row"], p["column"]) for p in response.json()["problems"]] == [(2, "单位类别"), (2, "所在区划代码")]
