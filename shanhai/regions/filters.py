import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.filters import SelectorFilterSet

from . import codes
from .models import RegionLevel
from .selectors import region_get, regions_search


class RegionPrefixField(forms.CharField):
    """A region code typed by a user (2–12 digits, padded or not) → the prefix of its subtree."""

    default_error_messages = {"invalid": _("区划代码只能由数字组成。")}

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return ""
        if not value.isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) in (2, 4, 6, 9, 12):
            return codes.normalize_query_code(value)
        return value


class RegionPrefixFilter(django_filters.CharFilter):
    field_class = RegionPrefixField


class RegionCodeField(forms.CharField):
    """A region code for a form (6, 9 or 12 digits) → the Region, or a clear error."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        region = region_get(value.strip())
        if region is None:
            raise forms.ValidationError(_("区划代码不存在：%(code)s"), params={"code": value})
        return region


class RegionFilterSet(SelectorFilterSet):
    selector = staticmethod(regions_search)
    selector_args = {"q": "query"}

    q = django_filters.CharFilter(
        label=_("搜索"), widget=forms.TextInput(attrs={"placeholder": _("名称或代码，如 碧江 或 520602"), "type": "search"})
    )
    level = django_filters.ChoiceFilter(label=_("层级"), choices=RegionLevel.choices, empty_label=_("全部"))
