"""Money is never a float (STYLE habit 6): no model of any shanhai app has a FloatField."""

from django.apps import apps
from django.db import models

from shanhai.core.money import MoneyField


def shanhai_models():
    return [m for config in apps.get_app_configs() if config.name.startswith("shanhai.") for m in config.get_models()]


def test_no_float_fields_in_any_shanhai_model():
    floats = [
        f"{model._meta.label}.{field.name}"
        for model in shanhai_models() for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]
    assert floats == []


def test_the_scan_sees_the_money_fields():
    # a scan that found no models would pass vacuously
    money = {f"{m._meta.label}.{f.name}" for m in shanhai_models() for f in m._meta.get_fields() if isinstance(f, MoneyField)}
    assert {"funds.Fund.amount", "projects.Distribution.profit", "projects.Payment.amount", "social.Donation.amount"} <= money
