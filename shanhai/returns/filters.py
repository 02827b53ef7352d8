import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.filters import SelectorFilterSet

from .models import PeriodKind, ReturnState
from .selectors import returns_for


class ReturnFilterSet(SelectorFilterSet):
    selector = staticmethod(returns_for)
    selector_args = {"pairing": "reference"}

    pairing = django_filters.CharFilter(
        label=_("结对编号"), widget=forms.TextInput(attrs={"placeholder": _("如 KS-BJ"), "size": 12})
    )
    year = django_filters.NumberFilter(label=_("年度"), widget=forms.NumberInput(attrs={"size": 6}))
    period_kind = django_filters.ChoiceFilter(label=_("报表类型"), choices=PeriodKind.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ReturnState.choices, empty_label=_("全部"))
