"""Export of any list to Excel or CSV, with the same columns the page shows.

Every text cell any export writes passes through ``inert_text`` first: names and notes come from
other offices, and a pairing named ``=HYPERLINK(…)`` must not become a live formula in the
spreadsheet of the office that downloads it.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

# What makes Excel, LibreOffice or WPS read a cell as a formula (OWASP, CSV injection); tab and
# carriage return because spreadsheets strip them before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value):
    """A text that starts like a formula gets a leading single quote, OWASP's advice, so it is shown
    as text in .xlsx and CSV alike (and stays text if the file is saved onward). Anything that is not
    text (numbers, negative ones too) comes back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[object], object]


def export_response(*, columns: list[ExportColumn], rows: Iterable, filename: str, fmt: str) -> HttpResponse:
    """``fmt``: 'xlsx', 'csv' (UTF-8 with BOM, opens in Excel) or 'csv-gbk'."""
    table = [[c.header for c in columns]]
    table.extend([_plain(c.value(r)) for c in columns] for r in rows)
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(filename[:31])
        for line in table:
            ws.append(line)
        buf = io.BytesIO()
        wb.save(buf)
        content, ctype, ext = buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    else:
        out = io.StringIO()
        csv.writer(out).writerows(table)
        encoding = "gb18030" if fmt == "csv-gbk" else "utf-8-sig"
        content, ctype, ext = out.getvalue().encode(encoding), f"text/csv; charset={encoding}", "csv"
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}.{ext}"
    return response


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        return value  # a number in Excel; CSV writes str(value), as before
    return inert_text(str(value))
