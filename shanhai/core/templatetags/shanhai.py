"""Template filters for figures: money as offices write it, shares as percentages."""

from decimal import Decimal

from django import template

from shanhai.core.dates import dated as dated_text
from shanhai.core.money import format_money

register = template.Library()


@register.filter
def money(fen, unit="auto"):
    """{{ amount|money }} → '1.2 亿元'; {{ amount|money:"万元" }} forces the unit."""
    return format_money(fen, unit)


@register.filter
def dated(record, field):
    """{{ record|dated:"date" }} → '2019年3月' for a date known to the month, '2019年' to the year."""
    return dated_text(record, field)


@register.filter
def percent(share):
    """A share already in percent (Decimal('100.0')) → '100.0%'; None → '—'."""
    if share is None:
        return "—"
    return f"{Decimal(share):.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def nav_active(context, prefix, exclude=""):
    """'is-active' when the current page lies under ``prefix`` ('/' only for the home page)."""
    path = context["request"].path
    if prefix == "/":
        return "is-active" if path == "/" else ""
    if exclude and path.startswith(exclude):
        return ""
    return "is-active" if path.startswith(prefix) else ""


@register.filter
def figure(value):
    """A stored decimal as offices write it: 8.0000 → '8', 1.2500 → '1.25'."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return value
