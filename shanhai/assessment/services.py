"""Writes for assessment: indicator sets, indicators, targets and reported values, each audited and
scoped through the core services (indicators only by a nationwide role)."""

from functools import partial

from shanhai.core.services import audited_save, record_create, record_delete, record_update

from .models import Indicator, IndicatorSet, ReportedValue, Target, TargetBasis

indicator_set_create = partial(record_create, model=IndicatorSet)
indicator_set_update = record_update
indicator_set_delete = record_delete

indicator_create = partial(record_create, model=Indicator)
indicator_update = record_update
indicator_delete = record_delete

target_create = partial(record_create, model=Target)
target_update = record_update
target_delete = record_delete

reported_value_create = partial(record_create, model=ReportedValue)
reported_value_update = record_update
reported_value_delete = record_delete


def target_set(
    *, actor, pairing, year: int, indicator, value, source: str = "", note: str = "", basis: str = TargetBasis.STATED,
) -> Target:
    """Set a pairing's target for an indicator and year: the one row, created or changed."""
    obj = Target.objects.filter(pairing=pairing, year=year, indicator=indicator).first()
    obj = obj or Target(pairing=pairing, year=year, indicator=indicator)
    obj.value, obj.source, obj.note, obj.basis = value, source, note, basis
    return audited_save(actor=actor, obj=obj)


def indicator_put(*, actor, indicator_set, key: str, **fields) -> Indicator:
    """Create or change the indicator ``key`` of a set (an import row, a form)."""
    obj = Indicator.objects.filter(indicator_set=indicator_set, key=key).first()
    obj = obj or Indicator(indicator_set=indicator_set, key=key)
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj)


def indicator_set_put(*, actor, code: str, **fields) -> IndicatorSet:
    obj = IndicatorSet.objects.filter(code=code).first() or IndicatorSet(code=code)
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj)
