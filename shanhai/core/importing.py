"""The import engine (STYLE habit 11): one reader, one validator, one all-or-nothing writer.

An app describes a template as an ``Importer``: Chinese headers mapped to fields, a parser per
column, ``build`` (an unsaved object, validated with the same ``full_clean`` and scope check the
services use) and ``save`` (the service call). The engine reads .xlsx or CSV (UTF-8 or GBK),
names every bad row (row, column, value, reason) and writes nothing unless the file is clean.
"""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from .audit import audit_source
from .models import AuditAction, AuditEntry, AuditSource
from .scope import Action, scope_require


class RowError(Exception):
    """A problem with one row; ``column`` is the Chinese header it concerns ('' for the row)."""

    def __init__(self, reason: str, column: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.column = column


class FileError(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    parse: Callable[[str], Any] | None = None
    help: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self):
        where = f"第 {self.row} 行" + (f"「{self.column}」列" if self.column else "")
        value = f"（值：{self.value}）" if self.value else ""
        return f"{where}{value}：{self.reason}"


@dataclass
class ImportResult:
    importer: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


class Importer:
    """Subclass per template. ``key`` names the fields that make a row unique within a file."""

    name: str = ""
    title: str = ""
    columns: list[Column] = []
    key: tuple[str, ...] = ()

    def build(self, row: dict, *, actor, context: dict):
        """Return an unsaved model instance (validated and scope-checked by the engine) or None."""
        return None

    def save(self, row: dict, *, actor, context: dict) -> None:
        """Write the row through a service (which checks scope, validates and audits)."""
        raise NotImplementedError

    def after_file(self, rows: list[dict], *, actor, context: dict) -> list[Problem]:
        """Checks across rows (e.g. references to other rows of the same file)."""
        return []


# ---------------------------------------------------------------- reading


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


def read_table(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """Rows as (spreadsheet row number, cell texts); the first row is the header."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise FileError(f"无法读取 Excel 文件：{exc}") from exc
        ws = wb.worksheets[0]
        rows = [(i, [_cell_text(v) for v in r]) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
        wb.close()
        return rows
    if name.endswith(".xls"):
        raise FileError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV。")
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text))
    return [(i, [c.strip() for c in r]) for i, r in enumerate(reader, start=1)]


def _header_name(text: str) -> str:
    return text.replace("*", "").replace("＊", "").strip()


# ---------------------------------------------------------------- validating and writing


def _validation_messages(exc: ValidationError, columns_by_field: dict[str, Column]) -> list[tuple[str, str]]:
    out = []
    if hasattr(exc, "error_dict"):
        for fname, errors in exc.error_dict.items():
            header = columns_by_field[fname].header if fname in columns_by_field else ""
            for e in errors:
                msgs = e.messages if hasattr(e, "messages") else [str(e)]
                for m in msgs:
                    out.append((header, m if fname in columns_by_field or fname == NON_FIELD_ERRORS else f"{fname}：{m}"))
    else:
        out.extend(("", m) for m in exc.messages)
    return out


def validate_rows(importer: Importer, table, *, actor, context: dict) -> tuple[list[tuple[int, dict]], list[Problem]]:
    problems: list[Problem] = []
    if not table:
        return [], [Problem(1, "", "", "文件为空：第 1 行应为表头。")]
    header_row, header = table[0]
    known = {c.header: c for c in importer.columns}
    positions: dict[str, int] = {}
    for idx, text in enumerate(header):
        name = _header_name(text)
        if not name:
            continue
        if name not in known:
            problems.append(Problem(header_row, name, text, f"未知的列名；本模板的列为：{'、'.join(known)}"))
        elif name in positions:
            problems.append(Problem(header_row, name, text, "列名重复"))
        else:
            positions[name] = idx
    for col in importer.columns:
        if col.required and col.header not in positions:
            problems.append(Problem(header_row, col.header, "", "缺少必填列"))
    if problems:
        return [], problems

    columns_by_field = {c.field: c for c in importer.columns}
    rows: list[tuple[int, dict]] = []
    seen_keys: dict[tuple, int] = {}
    for row_no, cells in table[1:]:
        if not any(cells):
            continue
        raw = {c.header: (cells[positions[c.header]] if c.header in positions and positions[c.header] < len(cells) else "") for c in importer.columns}
        row: dict = {}
        row_problems: list[Problem] = []
        for col in importer.columns:
            value = raw[col.header]
            if not value:
                if col.required:
                    row_problems.append(Problem(row_no, col.header, "", "必填项为空"))
                row[col.field] = None
                continue
            if col.choices and value not in col.choices:
                row_problems.append(Problem(row_no, col.header, value, f"应为以下之一：{'、'.join(col.choices)}"))
                continue
            try:
                row[col.field] = col.parse(value) if col.parse else value
            except (ValueError, ValidationError, RowError) as exc:
                reason = exc.reason if isinstance(exc, RowError) else "；".join(getattr(exc, "messages", [str(exc)]))
                row_problems.append(Problem(row_no, col.header, value, reason))
        if not row_problems and importer.key:
            key = tuple(row.get(k) for k in importer.key)
            if key in seen_keys:
                headers = "、".join(columns_by_field[k].header for k in importer.key)
                row_problems.append(Problem(row_no, "", " / ".join(str(k) for k in key), f"与第 {seen_keys[key]} 行重复（{headers}相同）"))
            else:
                seen_keys[key] = row_no
        if not row_problems:
            try:
                obj = importer.build(row, actor=actor, context=context)
                if obj is not None:
                    obj.full_clean()
                    scope_require(actor, obj, Action.CHANGE)
            except RowError as exc:
                row_problems.append(Problem(row_no, exc.column, raw.get(exc.column, ""), exc.reason))
            except ValidationError as exc:
                for header, message in _validation_messages(exc, columns_by_field):
                    row_problems.append(Problem(row_no, header, raw.get(header, ""), message))
            except PermissionDenied as exc:
                row_problems.append(Problem(row_no, "", "", str(exc)))
        problems.extend(row_problems)
        rows.append((row_no, row))
    if not problems:
        problems.extend(importer.after_file([r for _, r in rows], actor=actor, context=context))
    return rows, problems


class _Rollback(Exception):
    pass


def import_file(importer: Importer, *, filename: str, data: bytes, actor) -> ImportResult:
    """Validate the whole file; write it only if every row is clean, all in one transaction."""
    result = ImportResult(importer=importer.name)
    context: dict = {}
    try:
        table = read_table(filename, data)
    except FileError as exc:
        result.problems.append(Problem(0, "", filename, str(exc)))
        return result
    rows, problems = validate_rows(importer, table, actor=actor, context=context)
    result.rows = len(rows)
    if problems:
        result.problems = problems
        return result
    try:
        with transaction.atomic(), audit_source(AuditSource.IMPORT, batch=True) as batch:
            result.batch = batch
            for row_no, row in rows:
                try:
                    importer.save(row, actor=actor, context=context)
                except ValidationError as exc:
                    for header, message in _validation_messages(exc, {c.field: c for c in importer.columns}):
                        result.problems.append(Problem(row_no, header, "", message))
                except (PermissionDenied, RowError) as exc:
                    result.problems.append(Problem(row_no, getattr(exc, "column", ""), "", str(exc)))
                if result.problems:
                    raise _Rollback
            # What happened is read off the trail the services wrote, not counted separately.
            actions = Counter(AuditEntry.objects.filter(batch=batch).values_list("action", flat=True))
            result.created, result.updated = actions[AuditAction.CREATE], actions[AuditAction.UPDATE]
            result.unchanged = result.rows - result.created - result.updated
    except _Rollback:
        result.batch = ""
    return result


# ---------------------------------------------------------------- templates


def template_workbook(importer: Importer) -> bytes:
    """The downloadable Excel template: Chinese headers (* = required) and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = importer.title[:31] or "数据"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9D9")
    for idx, col in enumerate(importer.columns, start=1):
        cell = ws.cell(row=1, column=idx, value=("*" if col.required else "") + col.header)
        cell.font = bold
        if col.required:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(12, len(col.header) * 2 + 4)
        if col.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=not col.required)
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5000")
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "必填", "说明", "示例"])
    for c in notes[1]:
        c.font = bold
    for col in importer.columns:
        help_text = col.help + (f"（可选：{'、'.join(col.choices)}）" if col.choices else "")
        notes.append([col.header, "是" if col.required else "", help_text, col.example])
    for letter, width in zip("ABCD", (18, 6, 70, 30), strict=True):
        notes.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- shared parsers


def parse_date(text: str) -> datetime.date:
    s = text.strip().replace("/", "-").replace(".", "-")
    for suffix in ("年", "月"):
        s = s.replace(suffix, "-")
    s = s.replace("日", "").strip("-")
    parts = s.split("-")
    try:
        if len(parts) == 2:  # 2017-10: a month is all many reports give
            return datetime.date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1 and len(parts[0]) == 4:
            return datetime.date(int(parts[0]), 1, 1)
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2].split(" ")[0]))
    except (ValueError, IndexError) as exc:
        raise ValueError("日期格式应为 2020-04-21、2020-04 或 2020年4月21日") from exc


def parse_int(text: str) -> int:
    s = text.replace(",", "").replace("，", "").strip()
    if not s.lstrip("-").isdigit():
        raise ValueError("应为整数")
    return int(s)


def parse_year(text: str) -> int:
    year = parse_int(text.removesuffix("年"))
    if not 1949 <= year <= 2100:
        raise ValueError("年度应为四位年份，如 2019")
    return year


def parse_bool(text: str) -> bool:
    if text in ("是", "Y", "y", "1", "true", "True", "TRUE"):
        return True
    if text in ("否", "N", "n", "0", "false", "False", "FALSE"):
        return False
    raise ValueError("应为 是 或 否")


def split_list(text: str) -> list[str]:
    """'坝黄镇；瓦屋乡、七桥村' → items. Offices separate with ；;、，or new lines; a separator inside
    brackets belongs to the item ('7个县（市、区）@3205' stays whole)."""
    items, current, depth = [], [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "；;、，\n":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [t.strip() for t in items if t.strip()]


def labels_to_values(choices) -> dict[str, str]:
    """{'有效': 'active', …}: templates are filled in Chinese whatever the UI language is."""
    from django.utils.translation import override

    with override("zh-hans"):
        return {str(label): value for value, label in choices}


class LedgerImporter(Importer):
    """A ledger's template: one row per record, keyed by its 台账编号, written by the app's services.

    Columns' ``field`` names are the model's field names; a row with a reference already held
    updates that record (so re-importing a corrected file is safe), otherwise it creates one.
    ``parent_field`` names a column holding the 台账编号 of a parent record of the same ledger (a
    sub-fund's fund, an outlet's showcase centre): held already, or on an earlier row of the file.
    """

    model = None
    key = ("reference",)
    parent_field = ""

    def create(self, *, actor, **fields):
        raise NotImplementedError

    def update(self, *, actor, obj, **fields):
        raise NotImplementedError

    def fields(self, row: dict) -> dict:
        out = {}
        for col in self.columns:
            value = row.get(col.field)
            if value is None:
                field = self.model._meta.get_field(col.field)
                if field.is_relation or field.null:
                    value = None
                elif field.has_default():
                    value = field.get_default()
                else:
                    value = ""
            out[col.field] = value
        return out

    def parent(self, row: dict, *, context: dict):
        ref = row.get(self.parent_field)
        if not ref:
            return None
        found = self.model.objects.filter(reference=ref).first() or context.get("parents", {}).get(ref)
        if found is None:
            header = next(c.header for c in self.columns if c.field == self.parent_field)
            raise RowError(f"{header}不存在：{ref}（须已登记，或在本文件中列在本行之前）", header)
        return found

    def record_fields(self, row: dict, *, context: dict) -> dict:
        fields = self.fields(row)
        if self.parent_field:
            fields[self.parent_field] = self.parent(row, context=context)
        return fields

    def build(self, row, *, actor, context):
        obj = self.model.objects.filter(reference=row["reference"]).first() or self.model()
        for name, value in self.record_fields(row, context=context).items():
            setattr(obj, name, value)
        if self.parent_field:
            context.setdefault("parents", {})[row["reference"]] = obj
        return obj

    def save(self, row, *, actor, context):
        fields = self.record_fields(row, context={})
        existing = self.model.objects.filter(reference=row["reference"]).first()
        if existing is not None:
            self.update(actor=actor, obj=existing, **fields)
        else:
            self.create(actor=actor, **fields)


def parse_choice(choices) -> "Callable[[str], str]":
    """A parser for a column whose cells are the Chinese labels of ``choices``."""
    table = labels_to_values(choices)

    def parse(text: str) -> str:
        if text in table:
            return table[text]
        raise ValueError("应为以下之一：" + "、".join(table))

    return parse


def parse_record(model, *, template: str = ""):
    """A parser for a column naming a ``model`` record by its 台账编号 (another template's record).

    Not narrowed to the user's scope here: the engine's scope check on the row refuses what is out of reach.
    """

    def parse(text: str):
        found = model.objects.filter(reference=text.strip()).first()
        if found is None:
            where = f"「{template}」模板" if template else "系统"
            raise RowError(f"{model._meta.verbose_name}编号不存在：{text}（请先在{where}中登记）")
        return found

    return parse


# ---------------------------------------------------------------- columns every ledger template has


def basis_column(*, example: str = "逐笔登记", help: str = "") -> Column:
    from .records import Basis

    return Column("登记方式", "basis", parse=parse_choice(Basis.choices), choices=("逐笔登记", "汇总（只知总数）"),
                  example=example, help=help)


def qualifier_column(*, help: str = "") -> Column:
    """The figure's qualifier; ``help`` gives the template's own example ("“102万余元”填 以上")."""
    from .records import Qualifier

    return Column("数额限定", "qualifier", parse=parse_choice(Qualifier.choices), choices=("确数", "以上", "约"), help=help)


SOURCE_COLUMN = Column("来源", "source", help="数据出处：报告、文件、报道")
NOTE_COLUMN = Column("备注", "note")


def parse_kind(model, what: str):
    """A parser for a column naming a kind held as data (``ReferenceKind``) by its name or code."""

    def parse(text: str):
        from django.db.models import Q

        found = model.objects.filter(Q(name=text) | Q(code=text)).first()
        if found is None:
            raise RowError(f"未知{what}；可选：" + "、".join(model.objects.values_list("name", flat=True)))
        return found

    return parse
