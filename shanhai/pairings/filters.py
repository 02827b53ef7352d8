import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.filters import SelectorFilterSet
from shanhai.regions.filters import RegionPrefixFilter

from .models import PairingKind, PairingStatus
from .selectors import pairings_for


class PairingFilterSet(SelectorFilterSet):
    selector = staticmethod(pairings_for)
    selector_args = {"q": "query", "region": "region_prefix"}

    q = django_filters.CharFilter(
        label=_("搜索"),
        widget=forms.TextInput(attrs={"placeholder": _("名称、编号、结对方，如 高坝田"), "type": "search"}),
    )
    kind = django_filters.ModelChoiceFilter(label=_("结对类型"), queryset=PairingKind.objects.all(), empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PairingStatus.choices, empty_label=_("全部"))
    region = RegionPrefixFilter(
        label=_("涉及区划"), widget=forms.TextInput(attrs={"placeholder": _("如 520602"), "size": 12})
    )
