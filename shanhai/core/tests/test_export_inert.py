"""No export hands another office a live formula: a text starting like one comes out as inert text,
in .xlsx and CSV alike, while numbers (negative ones too) stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shanhai.core.exporting import ExportColumn, export_response, inert_text
from shanhai.funds.models import Fund
from shanhai.funds.services import fund_update

LINK = '=HYPERLINK("http://x","y")'
FORMULA_LIKE = [LINK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_inert_text_quotes_what_starts_like_a_formula_and_nothing_else():
    assert [inert_text(v) for v in FORMULA_LIKE] == ["'" + v for v in FORMULA_LIKE]
    for value in ("昆山市 ↔ 碧江区", "1+1", "a=b", "", "−5 亩", -5, Decimal("-3.5"), 1.5, None):
        assert inert_text(value) == value


def _export(fmt):
    values = [*FORMULA_LIKE, -5, Decimal("-3.5"), -1.25, "正常"]
    columns = [ExportColumn(f"列{i}", lambda row, i=i: row[i]) for i in range(len(values))]
    return export_response(columns=columns, rows=[values], filename="测试", fmt=fmt)


def test_the_xlsx_writer_keeps_formulas_inert_and_numbers_numeric():
    ws = load_workbook(io.BytesIO(_export("xlsx").content)).active
    cells = list(ws.iter_rows(min_row=2, max_row=2))[0]
    for cell, text in zip(cells, FORMULA_LIKE, strict=False):
        assert cell.data_type == "s", text
        assert cell.value == "'" + text
    numbers = cells[len(FORMULA_LIKE):len(FORMULA_LIKE) + 3]
    assert [c.data_type for c in numbers] == ["n", "n", "n"]
    assert [c.value for c in numbers] == [-5, -3.5, -1.25]
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize(("fmt", "encoding"), [("csv", "utf-8-sig"), ("csv-gbk", "gb18030")])
def test_the_csv_writer_quotes_formulas_and_leaves_negative_numbers(fmt, encoding):
    _, row = list(csv.reader(io.StringIO(_export(fmt).content.decode(encoding))))
    assert row[: len(FORMULA_LIKE)] == ["'" + v for v in FORMULA_LIKE]
    assert row[len(FORMULA_LIKE):] == ["-5", "-3.5", "-1.25", "正常"]


@pytest.mark.django_db
def test_a_fund_titled_as_a_formula_exports_as_text_to_the_other_side(client_for, demo_users):
    fund = Fund.objects.get(reference="KS-BJ-FUND-ALL")
    fund_update(actor=demo_users["kunshan"], obj=fund, title=LINK)
    client = client_for("bijiang")  # the helped side reads the pair's funds, written by Kunshan

    ws = load_workbook(io.BytesIO(client.get("/funds/?export=xlsx").content)).active
    header = [c.value for c in ws[1]]
    (cell,) = [row[header.index("资金名称")] for row in ws.iter_rows(min_row=2) if row[0].value == "KS-BJ-FUND-ALL"]
    assert (cell.data_type, cell.value) == ("s", "'" + LINK)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)

    rows = list(csv.reader(io.StringIO(client.get("/funds/?export=csv").content.decode("utf-8-sig"))))
    (line,) = [r for r in rows if r[0] == "KS-BJ-FUND-ALL"]
    assert line[rows[0].index("资金名称")] == "'" + LINK
