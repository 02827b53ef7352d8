import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.filters import SelectorFilterSet
from shanhai.regions.filters import RegionPrefixFilter

from .models import OrgKind
from .selectors import organisations_search


class OrganisationFilterSet(SelectorFilterSet):
    selector = staticmethod(organisations_search)
    selector_args = {"q": "query", "region": "region_prefix"}

    q = django_filters.CharFilter(
        label=_("搜索"),
        widget=forms.TextInput(attrs={"placeholder": _("全称、简称或拼音首字母，如 kssrsj"), "type": "search"}),
    )
    kind = django_filters.ModelChoiceFilter(label=_("单位类别"), queryset=OrgKind.objects.all(), empty_label=_("全部"))
    region = RegionPrefixFilter(
        label=_("所在区划"), widget=forms.TextInput(attrs={"placeholder": _("如 320583"), "size": 12})
    )
