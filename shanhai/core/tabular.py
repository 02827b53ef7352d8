"""Reading an uploaded table (.xlsx, or CSV in UTF-8 or GBK) into rows of cell texts, for the import engine.

An upload is untrusted: a 1.6 KB workbook can declare a sheet of 16,384 × 1,048,576 cells, and a
few hundred KB of zip can unpack to gigabytes. So the reader never trusts what a file declares:
the zip's own directory is checked (unpacked size, compression ratio) before openpyxl opens it,
the sheet is streamed row by row in read-only mode with its declared dimension ignored, and rows,
columns and cell lengths are counted as they come. Every limit is a setting with a default that
fits a province's ledger; every refusal is a ``FileError`` naming what and the limit.
"""

import csv
import datetime
import io
import zipfile

from django.conf import settings

MB = 1024 * 1024

# The limits, each overridable in settings. A province's ledger runs to 100,000+ rows; Excel itself
# stops at 1,048,576 rows and 32,767 characters a cell; no template has more than a few dozen columns.
LIMITS = {
    "SHANHAI_IMPORT_MAX_UPLOAD_BYTES": 20 * MB,  # the file as uploaded, checked before it is read
    "SHANHAI_IMPORT_MAX_ROWS": 1_000_000,  # spreadsheet row number, header included
    "SHANHAI_IMPORT_MAX_COLUMNS": 200,
    "SHANHAI_IMPORT_MAX_CELL_CHARS": 32_767,
    # What a file may unpack to: an .xlsx's parts together, or a CSV's bytes. A 100,000-row ledger
    # written by openpyxl unpacks to about 60 MB, Excel's shared strings make it smaller.
    "SHANHAI_IMPORT_MAX_UNPACKED_BYTES": 1024 * MB,
    # openpyxl streams the sheets but reads every other part (shared strings, styles) whole.
    "SHANHAI_IMPORT_MAX_XLSX_PART_BYTES": 256 * MB,
    # Ledgers compress 10–15 : 1; deflate cannot exceed about 1,030 : 1, which is what bombs use.
    "SHANHAI_IMPORT_MAX_COMPRESSION_RATIO": 100,
}
# Below this a part's ratio is not asked: a small, very regular part (styles, an empty sheet) may
# compress far better than data, and cannot unpack to much.
RATIO_FLOOR_BYTES = MB


class FileError(Exception):
    """The file as a whole cannot be read."""


def limit(name: str) -> int:
    return getattr(settings, name, LIMITS[name])


def _size(n: int) -> str:
    """1536 → '1.5 KB', 20971520 → '20 MB': sizes in refusals as people read them."""
    for unit, step in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if n >= step:
            return f"{n / step:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} 字节"


def max_upload_bytes() -> int:
    return limit("SHANHAI_IMPORT_MAX_UPLOAD_BYTES")


def check_upload_size(request, field: str = "file") -> None:
    """Refuse an upload larger than the import limit by its size alone, before a byte of it is read.

    Both doors (the imports page and the API) call this after the role check and before parsing.
    """
    upload = request.FILES.get(field)
    most = max_upload_bytes()
    if upload is not None and upload.size > most:
        raise FileError(f"文件过大（{_size(upload.size)}），超过导入上限 {_size(most)}；请分批导入。")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; then GB18030, the superset of GBK that Excel writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel (.xlsx) 文件。")


class _Counter:
    """Rows, columns and cell lengths checked as the rows stream past, against the limits."""

    def __init__(self):
        self.max_rows = limit("SHANHAI_IMPORT_MAX_ROWS")
        self.max_columns = limit("SHANHAI_IMPORT_MAX_COLUMNS")
        self.max_chars = limit("SHANHAI_IMPORT_MAX_CELL_CHARS")

    def row(self, row_no: int) -> None:
        if row_no > self.max_rows:
            raise FileError(f"行数超过上限：最多 {self.max_rows:,} 行（含表头）；请分批导入。")

    def cells(self, row_no: int, cells: list[str]) -> list[str]:
        if len(cells) > self.max_columns:
            raise FileError(f"第 {row_no} 行有 {len(cells):,} 列，超过上限 {self.max_columns} 列。")
        for i, text in enumerate(cells):
            if len(text) > self.max_chars:
                raise FileError(
                    f"第 {row_no} 行第 {i + 1} 列的内容有 {len(text):,} 个字符，超过单元格上限 {self.max_chars:,} 个字符。"
                )
        return cells


def _check_zip(data: bytes) -> None:
    """The zip's own directory, read before any part is unpacked: what it would unpack to, and how."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise FileError(
            "不是有效的 Excel (.xlsx) 文件：文件已损坏，或并非 .xlsx 格式（旧版 .xls 请在 Excel 中另存为 .xlsx）。"
        ) from exc
    # Python's zipfile stops every part at its declared size (and fails its checksum past it), so
    # the declared sizes bound what reading can unpack.
    total_most = limit("SHANHAI_IMPORT_MAX_UNPACKED_BYTES")
    part_most = limit("SHANHAI_IMPORT_MAX_XLSX_PART_BYTES")
    ratio_most = limit("SHANHAI_IMPORT_MAX_COMPRESSION_RATIO")
    total = sum(p.file_size for p in parts)
    if total > total_most:
        raise FileError(f"Excel 文件解压后有 {_size(total)}，超过上限 {_size(total_most)}；请分批导入。")
    for part in parts:
        if part.file_size > RATIO_FLOOR_BYTES and part.file_size > ratio_most * max(part.compress_size, 1):
            raise FileError(
                f"Excel 文件的压缩比异常（{part.filename} 压缩比约 {part.file_size // max(part.compress_size, 1):,} : 1，"
                f"上限 {ratio_most} : 1），疑为压缩炸弹，拒绝读取。"
            )
        if not part.filename.startswith("xl/worksheets/") and part.file_size > part_most:
            raise FileError(f"Excel 文件的 {part.filename} 解压后有 {_size(part.file_size)}，超过上限 {_size(part_most)}。")


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileError(f"无法读取 Excel 文件：{exc}") from exc
    counter = _Counter()
    rows = []
    try:
        if not wb.worksheets:
            raise FileError("Excel 文件中没有工作表。")
        ws = wb.worksheets[0]
        # The declared dimension (<dimension ref="A1:XFD1048576"/>) is the file's say-so: ignored, so
        # rows are as long as their last cell and missing rows are not filled in.
        ws.reset_dimensions()
        for row_no, values in enumerate(ws.iter_rows(values_only=True), start=1):
            counter.row(row_no)
            if not values and row_no > 1:  # a row missing from the file: nothing to read
                continue
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            # Blank rows carry nothing (the engine skips them) but the first, which is the header.
            if cells or row_no == 1:
                rows.append((row_no, counter.cells(row_no, cells)))
    except FileError:
        raise
    except Exception as exc:  # a sheet that breaks mid-stream: bad XML, a bad cell reference
        raise FileError(f"无法读取 Excel 文件：{exc}") from exc
    finally:
        wb.close()
    return rows


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    most = limit("SHANHAI_IMPORT_MAX_UNPACKED_BYTES")
    if len(data) > most:
        raise FileError(f"CSV 文件有 {_size(len(data))}，超过上限 {_size(most)}；请分批导入。")
    counter = _Counter()
    reader = csv.reader(io.StringIO(decode_text(data)))
    rows = []
    row_no = 0
    try:
        for row_no, cells in enumerate(reader, start=1):
            counter.row(row_no)
            cells = [c.strip() for c in cells]
            while cells and not cells[-1]:  # trailing separators are not columns
                cells.pop()
            rows.append((row_no, counter.cells(row_no, cells)))
    except csv.Error as exc:  # a field past csv's own limit, a stray NUL
        raise FileError(f"CSV 文件第 {row_no + 1} 行无法读取（单元格过长或格式有误）：{exc}") from exc
    return rows


def read_table(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """Rows as (spreadsheet row number, cell texts); the first row is the header."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if name.endswith(".xls"):
        raise FileError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV。")
    return _read_csv(data)
