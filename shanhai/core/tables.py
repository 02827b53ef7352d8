"""Column specs for list pages, written once per model and used for the page and its export alike.

A column's ``value`` is the plain figure or text (what the export writes); ``link`` and ``html``
only dress it up on the page. So an export can never show other figures than the page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format

from .exporting import ExportColumn


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    link: Callable[[Any], str | None] | None = None
    numeric: bool = False
    html: Callable[[Any], str] | None = None  # safe HTML for the page; the export keeps ``value``
    nowrap: bool = False


@dataclass(frozen=True)
class Cell:
    text: Any
    url: str | None
    numeric: bool
    html: str | None
    nowrap: bool


def _export_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def cell(column: Column, obj) -> Cell:
    value = column.value(obj)
    if isinstance(value, datetime.date):
        value = date_format(value, "Y-m-d")
    return Cell(
        text="—" if value in (None, "") else value,
        url=column.link(obj) if column.link else None,
        numeric=column.numeric,
        html=column.html(obj) if column.html else None,
        nowrap=column.nowrap,
    )


def dated_column(header, field: str, **kwargs) -> Column:
    """A date column that writes each date as precisely as it is known ("2019年3月", "2019年",
    "2019-03-05"), on the page and in the export alike (core.dates)."""
    from .dates import dated

    return Column(header, lambda obj: dated(obj, field) if getattr(obj, field, None) is not None else None, **kwargs)


def table_rows(columns: list[Column], objects) -> list[list[Cell]]:
    return [[cell(c, obj) for c in columns] for obj in objects]


def export_columns(columns: list[Column]) -> list[ExportColumn]:
    return [ExportColumn(str(c.header), (lambda obj, c=c: _export_value(c.value(obj)))) for c in columns]
