"""Export of any list to Excel or CSV, with the same columns the page shows."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path


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
    if isinstance(value, int | float | str):
        return value
    return str(value)
