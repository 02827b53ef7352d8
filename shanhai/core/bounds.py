"""Sane bounds for the numbers a record carries, beyond what the database column would hold.

On SQLite every integer column takes 64 bits, so a count of 9,223,372,036,854,775,807 persons is
stored, and every page that sums it then fails. ``bounds_errors`` names each number of a record
that no office could mean. Money has its own validator on ``MoneyField``; keys are not numbers.
"""

import functools
import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .money import MoneyField
from .years import date_in_span, year_in_span, year_message, year_span

# Counts (persons, households, villages, projects, jobs, years, order): the whole poor population
# at its peak was under 10^8 and China's under 1.5 × 10^9; no single record counts anything near
# 10^9. At most 10^9 each, a million records still sum far inside a 64-bit integer.
COUNT_MAX = 10**9
# Signed integers hold measures in small units (a sale's mass in grams: 4,002.12 吨 is 4 × 10^9 g);
# 10^15 g is a billion tonnes, and thousands of such records still sum inside 64 bits.
SIGNED_MAX = 10**15

COUNT_FIELDS = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)


def is_year_field(field) -> bool:
    """年度、成立年度、起始年度…: integer fields that hold a calendar year (not a count of years)."""
    name = field.name
    return isinstance(field, models.IntegerField) and (name == "year" or name.endswith("_year") or name.startswith("year_"))


@functools.cache
def _checked_dates(model) -> tuple:
    return tuple(
        field for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and "birth" not in field.name
    )


@functools.cache
def _checked_fields(model) -> tuple:
    return tuple(_numbers_of(model))


def _numbers_of(model):
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or isinstance(field, MoneyField):
            continue
        if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
            yield field


def _finite(value) -> bool | None:
    """Whether a number is finite; None when it is not a number at all (the field's own check says so)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, int):
        return True
    try:
        return Decimal(str(value).strip()).is_finite()
    except (InvalidOperation, ValueError):
        return None


def bounds_errors(obj) -> dict[str, str]:
    """{field name: message} for every number on ``obj`` outside its sane bound; empty when all are sane.

    Integer fields: years within the programme's span (core.years), counts (Positive*) within
    0 … 10^9, other integers within ± 10^15. Decimal and float fields: finite (no NaN, no Infinity).
    Dates (not birth dates) within the programme's years. Primary and foreign keys and MoneyFields are
    skipped.
    """
    errors: dict[str, str] = {}
    for field in _checked_fields(type(obj)):
        value = getattr(obj, field.attname)
        if value is None or value == "":
            continue
        label = field.verbose_name  # a lazy translation, made text only where a message is written
        finite = _finite(value)
        if finite is None:
            continue
        if not finite:
            errors[field.name] = f"{label}不是有效数字（不接受无穷大或 NaN）。"
            continue
        if not isinstance(field, models.IntegerField):
            continue
        # Compared as Decimal, never made an int: int('1e10000000') would cost seconds.
        number = value if isinstance(value, int) else Decimal(str(value).strip())
        if is_year_field(field):
            if not (isinstance(number, int) and year_in_span(number)):
                errors[field.name] = f"{label}：{year_message()}"
        elif isinstance(field, COUNT_FIELDS):
            if not 0 <= number <= COUNT_MAX:
                errors[field.name] = f"{label}应在 0 至 {COUNT_MAX:,} 之间。"
        elif abs(number) > SIGNED_MAX:
            errors[field.name] = f"{label}的绝对值不能超过 {SIGNED_MAX:,}。"
    first, last = year_span()
    for field in _checked_dates(type(obj)):
        value = getattr(obj, field.attname)
        if hasattr(value, "year") and not date_in_span(value):
            errors[field.name] = f"{field.verbose_name}应在 {first}–{last} 年之间（现为 {value.isoformat()}）。"
    return errors


def _loaded_relations(obj) -> set[str]:
    """The foreign keys of ``obj`` that hold a record read from the database (a form's choice, an
    import's looked-up region): Django's field check would ask the database again whether it exists,
    one query a key a record. The database's own constraint still refuses one deleted since."""
    out = set()
    for field in obj._meta.concrete_fields:
        if field.many_to_one and not field.remote_field.limit_choices_to and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and related.pk is not None and not related._state.adding:
                out.add(field.name)
    return out


def full_clean_in_bounds(obj) -> None:
    """``obj.full_clean()`` and the bounds above, every problem at once, as one ValidationError.

    As ``Model.full_clean`` does it, step for step, except that a foreign key holding a record read
    from the database is not looked up again (``_loaded_relations``); uniqueness and constraints
    are checked over every field, as always."""
    errors = {name: [ValidationError(message, code="bounds")] for name, message in bounds_errors(obj).items()}
    found: dict = {}
    for step in (lambda: obj.clean_fields(exclude=_loaded_relations(obj)), obj.clean):
        try:
            step()
        except ValidationError as exc:
            found = exc.update_error_dict(found)
    invalid = {name for name in found if name != NON_FIELD_ERRORS}
    for step in (obj.validate_unique, obj.validate_constraints):
        try:
            step(exclude=invalid)
        except ValidationError as exc:
            found = exc.update_error_dict(found)
    if found:
        for name, messages in errors.items():
            if name not in found:
                found[name] = messages
        raise ValidationError(found)
    if errors:
        raise ValidationError(errors)
