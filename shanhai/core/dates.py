"""Dates as reports give them: a day, or only a month ("2019年3月"), or only a year ("2019年").

A date known to the month is kept as the first of that month with its precision beside it (a
record's ``precisions``: {field: "month"|"year"}), and shown as the report wrote it: "2019年3月",
never 2019-03-01, which would claim a day nobody knows.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

DAY, MONTH, YEAR = "", "month", "year"
PRECISIONS = (MONTH, YEAR)
DATE_FORMS = "2020-04-21、2020年4月21日、2020-04、2020年4月或 2020年"


def parse_partial_date(text) -> tuple[datetime.date, str]:
    """'2019-03-05' → (2019-03-05, ''); '2019年3月' or '2019-03' → (2019-03-01, 'month');
    '2019年' or '2019' → (2019-01-01, 'year'). Anything else raises ValueError naming the forms."""
    s = str(text).strip().replace("/", "-").replace(".", "-")
    for suffix in ("年", "月"):
        s = s.replace(suffix, "-")
    s = s.replace("日", "").strip("-")
    parts = s.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return datetime.date(int(parts[0]), 1, 1), YEAR
        if len(parts) == 2:
            return datetime.date(int(parts[0]), int(parts[1]), 1), MONTH
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2].split(" ")[0])), DAY
    except (ValueError, IndexError) as exc:
        raise ValueError(f"日期格式应为 {DATE_FORMS}") from exc


def format_dated(value, precision: str = DAY) -> str:
    """A date as precisely as it is known: '2019年3月', '2019年', or '2019-03-05'."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, datetime.date):
        return str(value)
    if precision == MONTH:
        return f"{value.year}年{value.month}月"
    if precision == YEAR:
        return f"{value.year}年"
    return value.isoformat()


def precision_of(obj, field: str) -> str:
    return (getattr(obj, "precisions", None) or {}).get(field, DAY)


def dated(obj, field: str) -> str:
    """One of a record's dates as precisely as it is known."""
    return format_dated(getattr(obj, field, None), precision_of(obj, field))


class PartialDateField(forms.CharField):
    """A date typed as a day, a month ("2019-03", "2019年3月") or a year ("2019年"): cleans to
    (date, precision), which the form keeps apart (``date`` and ``precisions[date]``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("如 2020-04-21；只知年月的写 2020-04 或 2020年4月"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "2020-04-21")

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return format_dated(*value) if value[0] is not None else ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
