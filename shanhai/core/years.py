"""One year rule for every door: the programme's years.

East–West cooperation (东西部扶贫协作) began in 1996 and runs on as 东西部协作; a record, a plan or a
query outside those years is a typing slip (year 0, 40000, 19 for 2019), refused with the same words
by forms, the API, imports and query strings. The span is a setting, so a deployment can widen it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def year_span() -> tuple[int, int]:
    return getattr(settings, "SHANHAI_FIRST_YEAR", 1996), getattr(settings, "SHANHAI_LAST_YEAR", 2050)


def year_message() -> str:
    first, last = year_span()
    return _("年度应为 %(first)s–%(last)s 年之间的四位年份，如 2019。") % {"first": first, "last": last}


def year_in_span(year) -> bool:
    first, last = year_span()
    return isinstance(year, int) and first <= year <= last


def parse_year_text(text) -> int:
    """'2019' or '2019年' → 2019; anything else, or a year outside the span, raises ValueError with the message."""
    s = str(text).strip().removesuffix("年").replace(",", "")
    if not s.isdigit() or not year_in_span(int(s)):
        raise ValueError(year_message())
    return int(s)


def year_or_none(text) -> int | None:
    """A query string's ``?year=``: the year, or None when it is absent or not a year of the programme."""
    try:
        return parse_year_text(text) if text not in (None, "") else None
    except ValueError:
        return None


def date_in_span(day: datetime.date) -> bool:
    first, last = year_span()
    return first <= day.year <= last


def validate_year(value) -> None:
    if value is not None and not year_in_span(value):
        raise ValidationError(year_message(), code="year_span")


# How offices write a span of years: 2017—2019, 2017-2019, 2017至2019, 2017～2019, 2017年到2019年.
SPAN_SEPARATORS = ("——", "—", "–", "－", "-", "～", "~", "至", "到")
OPEN_ENDED = ("以来", "至今", "迄今")


def span_message() -> str:
    return _("跨年度的请写起止年度，如 2017—2019（也可写 2017-2019、2017至2019）。")


def looks_like_span(text) -> bool:
    s = str(text).strip()
    return any(sep in s.lstrip("-") for sep in SPAN_SEPARATORS) or any(word in s for word in OPEN_ENDED)


def parse_year_span(text) -> tuple[int, int]:
    """'2019' → (2019, 2019); '2017—2019', '2017-2019', '2017至2019', '2017～2019' → (2017, 2019).

    '2017年以来' names no end, so it is refused with the words asking for one: a span is kept as
    year_from..year, and an open end would change its figure every year."""
    s = str(text).strip()
    if any(word in s for word in OPEN_ENDED):
        raise ValueError(_("“%(text)s”没有截至年度：") % {"text": s} + span_message())
    for sep in SPAN_SEPARATORS:
        if sep in s:
            first, _sep, last = s.partition(sep)
            start, end = parse_year_text(first), parse_year_text(last)
            if start > end:
                raise ValueError(_("起始年度不能晚于截至年度：%(text)s") % {"text": s})
            return start, end
    year = parse_year_text(s)
    return year, year
