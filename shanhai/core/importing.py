"""The import engine (STYLE habit 11): one reader, one validator, one all-or-nothing writer.

An app describes a template as an ``Importer``: Chinese headers mapped to fields, a parser per
column, ``build`` (an unsaved object, validated with the same ``full_clean`` and scope check the
services use) and ``save`` (the service call). The engine reads .xlsx or CSV (UTF-8 or GBK),
names every bad row (row, column, value, reason) and writes nothing unless the file is clean.
"""

import copy
import datetime
import functools
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction

from .audit import audit_source
from .bounds import full_clean_in_bounds
from .dates import parse_partial_date
from .models import AuditAction, AuditEntry, AuditSource
from .money import accepted_forms, money_parser, parse_money
from .scope import located, not_visible_message, record_visible, write_require
from .services import RefusedInBatch, record_create, record_create_many
from .tabular import FileError, read_table
from .years import looks_like_span, parse_year_span, parse_year_text


class RowError(Exception):
    """A problem with one row; ``column`` is the Chinese header it concerns ('' for the row)."""

    def __init__(self, reason: str, column: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.column = column


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    parse: Callable[[str], Any] | None = None
    help: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    # Older headers still accepted ("金额" beside "金额（万元）"), read with ``alias_parse`` when given.
    aliases: tuple[str, ...] = ()
    alias_parse: Callable[[str], Any] | None = None


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
class Caution:
    """A clean row that may still be a mistake: a figure changed a hundredfold, a recorded value left
    blank, a likely duplicate of the other side's record. The file is written only once confirmed."""

    row: int
    column: str
    reason: str
    kind: str = ""  # CHANGE, BLANK or DUPLICATE
    reference: str = ""

    CHANGE = "change"
    BLANK = "blank"
    DUPLICATE = "duplicate"

    def __str__(self):
        return f"第 {self.row} 行" + (f"「{self.column}」" if self.column else "") + f"：{self.reason}"


@dataclass
class ImportResult:
    importer: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch: str = ""
    warnings: list[Caution] = field(default_factory=list)
    confirmed: bool = False  # written although it had warnings: the importing user confirmed them
    sha256: str = ""  # of the file, so a confirmation names exactly the file that was previewed

    @property
    def held(self) -> bool:
        """Clean, but stopped before writing until the warnings are confirmed."""
        return not self.problems and bool(self.warnings) and not self.confirmed

    @property
    def ok(self) -> bool:
        return not self.problems and not self.held


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


def _header_name(text: str) -> str:
    return text.replace("*", "").replace("＊", "").strip()


# ---------------------------------------------------------------- validating and writing


def takes_actor(parse):
    """Mark a column parser that resolves records as the importing user sees them: ``parse(text, *, actor)``."""
    parse.takes_actor = True
    return parse


def parse_cell(parse, value: str, *, actor, memo: dict | None = None):
    """The cell's value by its column's parser. With ``memo`` (one per file and actor), a text already
    read by the same parser is not read again: a file names the same regions, pairings and kinds on
    row after row, and each was a query; what was refused is refused again with the same reason."""
    if parse is None:
        return value
    if memo is None:
        return parse(value, actor=actor) if getattr(parse, "takes_actor", False) else parse(value)
    key = (parse, value)
    if key not in memo:
        try:
            memo[key] = (True, parse_cell(parse, value, actor=actor))
        except (ValueError, ValidationError, RowError) as exc:
            memo[key] = (False, exc)
    ok, found = memo[key]
    if not ok:
        raise found
    return found


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


def _model_has(importer, name: str) -> bool:
    model = getattr(importer, "model", None)
    return model is not None and any(f.name == name for f in model._meta.concrete_fields)


def _read_cell(importer, col: Column, parse, value: str, row: dict, *, actor, memo: dict | None = None):
    """One cell's value. Beside it, what the cell says of itself goes where the record keeps it: a
    number's qualifier ("300余", "102万余元") in ``row["qualifiers"]``, a span of years ("2017—2019")
    in ``row["year_from"]``, a date known to the month or year in ``row["precisions"]``."""
    from .records import split_qualifier

    if getattr(parse, "qualifiable", False):
        number, qualifier = split_qualifier(value)
        if qualifier:
            if not _model_has(importer, "qualifiers"):
                raise ValueError("本表的数字须为确数，不能带“余、多、以上、约、近、不足”等限定词")
            row.setdefault("qualifiers", {})[col.field] = qualifier
        return parse_cell(parse, number, actor=actor, memo=memo)
    if parse is parse_year and col.field == "year" and _model_has(importer, "year_from"):
        start, end = parse_year_span(value)
        row["year_from"] = start if start != end else None
        return end
    if parse is parse_date and _model_has(importer, "precisions"):
        day, precision = parse_partial_date(value)
        if precision:
            row.setdefault("precisions", {})[col.field] = precision
        return day
    return parse_cell(parse, value, actor=actor, memo=memo)


def validate_rows(importer: Importer, table, *, actor, context: dict) -> tuple[list[tuple[int, dict]], list[Problem]]:
    problems: list[Problem] = []
    if not table:
        return [], [Problem(1, "", "", "文件为空：第 1 行应为表头。")]
    header_row, header = table[0]
    known = {c.header: c for c in importer.columns}
    by_alias = {alias: c for c in importer.columns for alias in c.aliases if alias not in known}
    positions: dict[str, int] = {}
    parsers = {c.header: c.parse for c in importer.columns}
    written: dict[str, str] = {}  # a column found under an older header is named as the file names it
    for idx, text in enumerate(header):
        name = _header_name(text)
        if not name:
            continue
        col = known.get(name) or by_alias.get(name)
        if col is None:
            problems.append(Problem(header_row, name, text, f"未知的列名；本模板的列为：{'、'.join(known)}"))
        elif col.header in positions:
            problems.append(Problem(header_row, name, text, "列名重复"))
        else:
            positions[col.header] = idx
            if name != col.header:
                written[col.header] = name
                if col.alias_parse is not None:
                    parsers[col.header] = col.alias_parse
    for col in importer.columns:
        if col.required and col.header not in positions:
            problems.append(Problem(header_row, col.header, "", "缺少必填列"))
    if problems:
        return [], problems

    columns_by_field = {c.field: c for c in importer.columns}
    rows: list[tuple[int, dict]] = []
    raws: dict[int, dict] = {}
    clean: list[tuple[int, dict]] = []  # rows whose cells all read: built and checked in the second pass
    seen_keys: dict[tuple, int] = {}
    memo: dict = {}
    for row_no, cells in table[1:]:
        if not any(cells):
            continue
        raw = {c.header: (cells[positions[c.header]] if c.header in positions and positions[c.header] < len(cells) else "") for c in importer.columns}
        raws[row_no] = raw
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
                row[col.field] = _read_cell(importer, col, parsers[col.header], value, row, actor=actor, memo=memo)
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
        problems.extend(row_problems)
        rows.append((row_no, row))
        if not row_problems:
            clean.append((row_no, row))

    # Second pass, the rows that read: the records they name looked up at once, then each row built,
    # validated and scope-checked as the services will (nothing is written yet).
    prefetch = getattr(importer, "prefetch", None)
    if prefetch is not None:
        prefetch([row for _no, row in clean], actor=actor, context=context)
    checked, seen = context.setdefault("checked", {}), set()
    for row_no, row in clean:
        raw = raws[row_no]
        try:
            obj = importer.build(row, actor=actor, context=context)
            if obj is not None:
                stored = type(obj).objects.get(pk=obj.pk) if obj.pk is not None and not obj._state.adding else None
                try:
                    full_clean_in_bounds(obj)
                except ValidationError:
                    # Out of scope is said first, as in the services: nothing learnt from validation.
                    if located(obj):
                        write_require(actor, before=stored, after=obj, seen=seen)
                    raise
                write_require(actor, before=stored, after=obj, seen=seen)
                checked[row_no] = (obj, stored)
        except RowError as exc:
            problems.append(Problem(row_no, exc.column, raw.get(exc.column, ""), exc.reason))
        except ValidationError as exc:
            for header, message in _validation_messages(exc, columns_by_field):
                problems.append(Problem(row_no, header, raw.get(header, ""), message))
        except PermissionDenied as exc:
            problems.append(Problem(row_no, "", "", str(exc)))
    problems.sort(key=lambda problem: problem.row)  # stable: each row's problems in column order
    if not problems:
        problems.extend(importer.after_file([r for _, r in rows], actor=actor, context=context))
    for problem in problems:
        problem.column = written.get(problem.column, problem.column)
    return rows, problems


class _Rollback(Exception):
    pass


# A figure changed by this factor or more, either way, is more likely a slipped unit (元 for 万元)
# than a correction: 700万元 re-imported as 7万元.
CHANGE_FACTOR = 100


def _figure_kind(field) -> str:
    """'money', 'count' or '' for a field whose change is asked about by size."""
    from .money import MoneyField

    if isinstance(field, MoneyField):
        return "money"
    if isinstance(field, (models.IntegerField, models.DecimalField)) and not field.is_relation and "year" not in field.name:
        return "count"
    return ""


def _value_text(obj, field) -> str:
    from .money import MoneyField, format_money

    value = getattr(obj, field.attname)
    if isinstance(field, MoneyField):
        return format_money(value).replace(" ", "")  # as offices write it: 700万元
    if field.is_relation:
        return str(getattr(obj, field.name))
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def change_cautions(row_no: int, stored, obj, columns: list[Column], named: dict | None = None) -> list[Caution]:
    """What a row would do to a stored record that deserves a second look: a money or count figure
    changed a hundredfold or more, or a recorded value left blank. ``named`` gives a column's header
    as the file writes it (an older header still accepted)."""
    named = named or {}
    out = []
    for col in columns:
        header = named.get(col.header, col.header)
        try:
            field = stored._meta.get_field(col.field)
        except FieldDoesNotExist:  # a column the importer handles itself, not a field of the record
            continue
        if not getattr(field, "concrete", False) or isinstance(field, models.BooleanField):
            continue
        before, after = getattr(stored, field.attname), getattr(obj, field.attname)
        if before in (None, "") or before == after:
            continue
        if after in (None, ""):
            out.append(Caution(row_no, header, f"原为 {_value_text(stored, field)}，将被清空", Caution.BLANK,
                               getattr(stored, "reference", "")))
            continue
        if not _figure_kind(field):
            continue
        old, new = abs(before), abs(after)
        if not old:
            continue
        if not new or max(old, new) / min(old, new) >= CHANGE_FACTOR:
            factor = "" if not new else f"，相差 {int(max(old, new) / min(old, new)):,} 倍"
            out.append(Caution(row_no, header, f"由 {_value_text(stored, field)} 改为 {_value_text(obj, field)}{factor}",
                               Caution.CHANGE, getattr(stored, "reference", "")))
    return out


def duplicate_cautions(row_no: int, stored, obj, *, actor, side: str | None = None, found: list | None = None) -> list[Caution]:
    """A row that would make ``obj`` a likely duplicate of a record the other side's office entered
    (``duplicates.duplicates_of``): asked about, never added silently."""
    from .duplicates import duplicate_key, duplicates_of, entered_by_text, figure_text

    key = duplicate_key(type(obj))
    if key is None:
        return []
    if stored is not None:
        fields = [key.year, key.figure, key.east, key.west] + [n for n in (key.kind, key.pairing) if n]
        if all("__" in f or getattr(stored, f, None) == getattr(obj, f, None) for f in fields):
            return []  # an update that leaves the key as it was adds nothing new
    out = []
    for other in duplicates_of(obj, actor=actor, side=side) if found is None else found:
        who = get_user_model().objects.filter(pk=other._entered_by).first()
        label = type(obj)._meta.get_field(key.figure).verbose_name
        out.append(Caution(
            row_no, "",
            f"疑似重复：与{entered_by_text(who)}已录入的「{other.reference}」相同（同一结对或区划、{other.year} 年度、"
            f"{label} {figure_text(type(obj), key.figure, getattr(other, key.figure))}）；确属两条不同记录的，请确认后导入",
            Caution.DUPLICATE, other.reference,
        ))
    return out


def file_headers(importer: Importer, table) -> dict[str, str]:
    """{template header: the header the file uses for it}, for a column found under an older name."""
    if not table:
        return {}
    out = {}
    for text in table[0][1]:
        name = _header_name(text)
        for col in importer.columns:
            if name != col.header and name in getattr(col, "aliases", ()):
                out[col.header] = name
    return out


def preview_rows(
    importer: Importer, rows: list[tuple[int, dict]], *, actor, named: dict | None = None, checked: dict | None = None,
) -> list[Caution]:
    """The warnings a clean file's rows raise before anything is written (issue 11 point 7): each row's
    record as validation built and cleaned it (``checked``: row → (record, stored), what cleaning
    filled in, a year from its date, included), set beside the record it would change or duplicate."""
    from .duplicates import duplicates_of_many, user_side

    out: list[Caution] = []
    side = user_side(actor)
    checked = checked or {}
    built = [(row_no, *checked[row_no]) for row_no, _row in rows if row_no in checked]
    by_model: dict = {}
    for row_no, obj, _stored in built:
        by_model.setdefault(type(obj), []).append((row_no, obj))
    duplicates = {}
    for pairs in by_model.values():
        found = duplicates_of_many([obj for _no, obj in pairs], actor=actor, side=side)
        duplicates.update({row_no: found[i] for i, (row_no, _obj) in enumerate(pairs)})
    for row_no, obj, stored in built:
        if stored is not None:
            out.extend(change_cautions(row_no, stored, obj, importer.columns, named))
        out.extend(duplicate_cautions(row_no, stored, obj, actor=actor, side=side, found=duplicates[row_no]))
    return out


def import_file(importer: Importer, *, filename: str, data: bytes, actor, confirm: bool = False) -> ImportResult:
    """Validate the whole file; write it only if every row is clean, all in one transaction.

    A clean file whose rows would change a figure a hundredfold, blank a recorded value or add a
    likely duplicate of the other side's record (``preview_rows``) is held: the result carries the
    warnings and nothing is written unless ``confirm``. A held file is still written through the
    services and rolled back, so what the services would refuse is said first, as problems."""
    result = ImportResult(importer=importer.name, sha256=hashlib.sha256(data).hexdigest())
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
    result.warnings = preview_rows(
        importer, rows, actor=actor, named=file_headers(importer, table), checked=context.pop("checked", {}),
    )
    hold = bool(result.warnings) and not confirm
    result.confirmed = bool(result.warnings) and confirm
    try:
        with transaction.atomic(), audit_source(AuditSource.IMPORT, batch=True) as batch:
            result.batch = batch
            bulk = getattr(importer, "bulk_rows", lambda rows, context: [])(rows, context)
            for row_no, row in rows:
                if row_no in bulk:
                    continue
                try:
                    importer.save(row, actor=actor, context=context)
                except ValidationError as exc:
                    _refused(result, importer, row_no, exc)
                except (PermissionDenied, RowError) as exc:
                    result.problems.append(Problem(row_no, getattr(exc, "column", ""), "", str(exc)))
                if result.problems:
                    raise _Rollback
            if bulk:
                numbers = list(bulk)
                try:
                    importer.create_many([bulk[no] for no in numbers], actor=actor)
                except RefusedInBatch as exc:
                    if isinstance(exc.error, ValidationError):
                        _refused(result, importer, numbers[exc.index], exc.error)
                    else:
                        result.problems.append(Problem(numbers[exc.index], "", "", str(exc.error)))
                except ValidationError as exc:  # a write conflict: two offices created the same record at once
                    result.problems.append(Problem(numbers[0], "", "", "；".join(exc.messages)))
                if result.problems:
                    raise _Rollback
            # What happened is read off the trail the services wrote, not counted separately.
            actions = Counter(AuditEntry.objects.filter(batch=batch).values_list("action", flat=True))
            result.created, result.updated = actions[AuditAction.CREATE], actions[AuditAction.UPDATE]
            result.unchanged = result.rows - result.created - result.updated
            if hold:
                raise _Rollback
    except _Rollback:
        result.batch = ""
        result.created = result.updated = result.unchanged = 0
    return result


def _refused(result: ImportResult, importer: Importer, row_no: int, exc: ValidationError) -> None:
    for header, message in _validation_messages(exc, {c.field: c for c in importer.columns}):
        result.problems.append(Problem(row_no, header, "", message))


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
    """'2020-04-21', '2020年4月21日'; a month ('2017-10', '2017年10月') or a year ('2017年') is its first
    day, its precision kept beside it by the engine where the record has ``precisions``."""
    return parse_partial_date(text)[0]


def parse_int(text: str) -> int:
    """'300', '1,300' or '1.3万' (13000): a count as offices write it; the qualifier ('300余', '近10')
    is split off by the engine before this reads the number."""
    s = text.replace(",", "").replace("，", "").strip()
    factor = 1
    for suffix, size in (("亿", 100_000_000), ("万", 10_000)):
        if s.endswith(suffix):
            s, factor = s[: -len(suffix)].strip(), size
            break
    if factor > 1 and len(s) <= 12 and re.fullmatch(r"\d+(\.\d+)?", s):
        number = Decimal(s) * factor
        if number == number.to_integral_value():
            return int(number)
    if not s.lstrip("-").isdigit() or factor > 1:
        raise ValueError("应为整数")
    return int(s)


parse_int.qualifiable = True
parse_money.qualifiable = True


def parse_year(text: str) -> int:
    if looks_like_span(text):
        raise ValueError("本表的年度只能填一个年度，如 2019")
    return parse_year_text(text)


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

    def __init_subclass__(cls, **kwargs):
        """Every ledger whose records can be part of a total, or expected rather than achieved, takes
        both in its template: 所属合计 (the total's 台账编号) and 实现情况 (已实现 / 预期/计划)."""
        super().__init_subclass__(**kwargs)
        model = cls.__dict__.get("model")
        if model is None:
            return
        from .records import Stage

        names = {f.name for f in model._meta.concrete_fields}
        declared = {c.field for c in cls.columns}
        extra = []
        if "part_of" in names and "part_of" not in declared:
            extra.append(Column(
                "所属合计", "part_of", help="本条是另一条合计记录的一部分（“共X，其中Y”）时，填那条合计的台账编号"
                "（须已登记，或在本文件中列在本行之前）：合计时只计合计，不再重复计入",
            ))
        if "stage" in names and "stage" not in declared:
            extra.append(Column(
                "实现情况", "stage", parse=parse_choice(Stage.choices), choices=tuple(labels_to_values(Stage.choices)),
                help="空则为 已实现；“建成后预计带动…”等预期或计划的数字填 预期/计划：另列，不计入完成数",
            ))
        if extra:
            cls.columns = [*cls.columns, *extra]

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
        out.update(self.cell_extras(row))
        return out

    def cell_extras(self, row: dict) -> dict:
        """What the cells said of themselves (the engine's ``_read_cell``), as the record's fields: each
        number's qualifier, the span of years, the dates' precision. The row's 数额限定 may be left
        blank when the main figure's cell says it ("102万余元"); when both speak they must agree."""
        from .records import LOWER_BOUNDS, main_figure_of

        names = {f.name for f in self.model._meta.concrete_fields}
        fields = {c.field for c in self.columns}
        out = {}
        if "qualifiers" in names:
            out["qualifiers"] = dict(row.get("qualifiers") or {})
            main = main_figure_of(self.model)
            said = out["qualifiers"].get(main, "")
            if said and "qualifier" in names:
                given = row.get("qualifier") or ""
                if not given:
                    out["qualifier"] = said
                elif given != said and not {given, said} <= LOWER_BOUNDS:
                    header = next((c.header for c in self.columns if c.field == "qualifier"), "数额限定")
                    figure = next((c.header for c in self.columns if c.field == main), main)
                    raise RowError(f"{header}与{figure}中写的限定不一致；留空{header}即按数字上写的", header)
        if "year_from" in names and "year" in fields:
            out["year_from"] = row.get("year_from")
        if "precisions" in names:
            out["precisions"] = dict(row.get("precisions") or {})
        return out

    def keep_others(self, fields: dict, existing) -> dict:
        """A re-imported row rewrites the qualifiers and precisions of its own columns and keeps those
        the record holds for numbers and dates this template does not carry."""
        if existing is None:
            return fields
        own = {c.field for c in self.columns}
        for name in ("qualifiers", "precisions"):
            if name in fields:
                kept = {k: v for k, v in (getattr(existing, name) or {}).items() if k not in own}
                fields[name] = {**kept, **fields[name]}
        return fields

    def prefetch(self, rows: list[dict], *, actor, context: dict) -> None:
        """The records the file's 台账编号 name, found in one query a thousand references (not one a
        row, three times over): ``existing`` reads them from ``context``."""
        references = [row["reference"] for row in rows if row.get("reference")]
        found = context.setdefault("existing", {})
        for start in range(0, len(references), 900):  # SQLite's limit of bound values
            chunk = references[start:start + 900]
            for ref in chunk:
                found.setdefault(ref, None)
            found.update({obj.reference: obj for obj in self.model.objects.filter(reference__in=chunk)})

    def existing(self, reference: str, *, actor, context: dict | None = None):
        """The record a row's 台账编号 names, when the importing user reads it.

        References are unique across the system, so one held by a record beyond the user's sight is
        refused as taken, and nothing more is said about that record. What ``prefetch`` found is taken
        from ``context`` (as a copy: a row's build must not change the record the next pass reads)."""
        known = (context or {}).get("existing", {})
        if reference in known:
            found = copy.copy(known[reference]) if known[reference] is not None else None
        else:
            found = self.model.objects.filter(reference=reference).first()
        if found is not None and record_visible(self.model, user=actor, pk=found.pk) is None:
            header = next((c.header for c in self.columns if c.field == "reference"), "台账编号")
            raise RowError(f"{header}「{reference}」已被其他单位的记录使用，请换一个编号。", header)
        return found

    def parent(self, row: dict, *, actor, context: dict):
        ref = row.get(self.parent_field)
        if not ref:
            return None
        found = record_visible(self.model, user=actor, reference=ref) or context.get("parents", {}).get(ref)
        if found is None:
            header = next(c.header for c in self.columns if c.field == self.parent_field)
            raise RowError(f"{header}不存在或不在您的权限范围内：{ref}（须已登记，或在本文件中列在本行之前）", header)
        return found

    def total_of(self, row: dict, *, actor, context: dict):
        """The total a row is part of (所属合计): a record of the same ledger the user reads, or one
        on an earlier row of the same file."""
        ref = row.get("part_of")
        if not ref:
            return None
        found = record_visible(self.model, user=actor, reference=ref) or context.get("built", {}).get(ref)
        if found is None:
            header = next(c.header for c in self.columns if c.field == "part_of")
            raise RowError(f"{header}不存在或不在您的权限范围内：{ref}（须已登记，或在本文件中列在本行之前）", header)
        return found

    def record_fields(self, row: dict, *, actor, context: dict) -> dict:
        fields = self.fields(row)
        if self.parent_field:
            fields[self.parent_field] = self.parent(row, actor=actor, context=context)
        if "part_of" in fields:
            fields["part_of"] = self.total_of(row, actor=actor, context=context)
        return fields

    def build(self, row, *, actor, context):
        found = self.existing(row["reference"], actor=actor, context=context)
        obj = found or self.model()
        for name, value in self.keep_others(self.record_fields(row, actor=actor, context=context), found).items():
            setattr(obj, name, value)
        if self.parent_field:
            context.setdefault("parents", {})[row["reference"]] = obj
        context.setdefault("built", {})[row["reference"]] = obj
        return obj

    def bulk_model(self):
        """The model whose new records this template writes together: where its create service is
        the plain ``record_create`` (no rule beyond the model's clean) and no row names a parent."""
        service = getattr(type(self), "create_service", None)
        plain = isinstance(service, functools.partial) and service.func is record_create
        if plain and type(self).save is LedgerImporter.save and not self.parent_field:
            return service.keywords.get("model")
        return None

    def bulk_rows(self, rows: list[tuple[int, dict]], context: dict) -> dict[int, dict]:
        """The rows that make new records, with their fields, when they can be written together
        (``create_many``): by row number. None when a row is part of a total on another row of the
        file (that total must be written first) or the template cannot (``bulk_model``)."""
        if self.bulk_model() is None:
            return {}
        known = context.get("existing", {})
        references = {row["reference"] for _no, row in rows}
        if any(row.get("part_of") in references for _no, row in rows):
            return {}
        out = {}
        for row_no, row in rows:
            if row["reference"] in known and known[row["reference"]] is None:
                out[row_no] = row
        return out

    def create_many(self, rows: list[dict], *, actor) -> None:
        records = [self.keep_others(self.record_fields(row, actor=actor, context={}), None) for row in rows]
        record_create_many(actor=actor, model=self.bulk_model(), records=records)

    def save(self, row, *, actor, context):
        fields = self.record_fields(row, actor=actor, context={})
        existing = self.existing(row["reference"], actor=actor, context=context)
        fields = self.keep_others(fields, existing)
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
    """A parser for a column naming a ``model`` record by its 台账编号 (another template's record),
    found among the records the importing user reads (``record_visible``, as forms and the API do)."""

    @takes_actor
    def parse(text: str, *, actor):
        found = record_visible(model, user=actor, reference=text.strip())
        if found is None:
            where = f"「{template}」模板" if template else "系统"
            raise RowError(f"{not_visible_message(model, text.strip())}（请先在{where}中登记）")
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

    return Column("数额限定", "qualifier", parse=parse_choice(Qualifier.choices), choices=QUALIFIER_LABELS,
                  help=(help + "；" if help else "") + "主要数额上已写明（如 102万余元、近10）的可留空")


QUALIFIER_LABELS = ("确数", "以上", "余", "约", "近", "不足")


def money_column(header: str, field: str, *, unit: str = "万元", required: bool = False, help: str = "",
                 example: str = "") -> Column:
    """A money column whose header names its unit ("金额（万元）"): a bare number is read in it, a
    written unit wins ("2345万", "0.2345亿元", "23,450,000元"). The old bare header ("金额") stays
    accepted so existing files load, but under it a number without its unit is refused, never
    guessed to be 元."""
    words = f"单位：{unit}；{accepted_forms(unit)}；可带限定，如 102万余元、700万元以上"
    return Column(f"{header}（{unit}）", field, required=required, parse=money_parser(unit),
                  help=f"{help}；{words}" if help else words, example=example,
                  aliases=(header,), alias_parse=money_parser(None))


def parse_month(text: str) -> int:
    s = text.strip().removesuffix("月")
    if not s.isdigit() or not 1 <= int(s) <= 12:
        raise ValueError("月份应为 1–12")
    return int(s)


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
