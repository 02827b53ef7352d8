"""Filter sets whose filtering is the app's selector.

django-filter gives each list its form: labels, widgets, validation, the query string. The rows
themselves come from the app's scoped selector (``pairings_for``, ``organisations_search`` …) with
the cleaned values as keyword arguments, so a filter means the same on the page, in its export and
wherever else the selector is called (STYLE habits 1 and 3).
"""

import django_filters
from django import forms

from .years import validate_year


class YearFilter(django_filters.NumberFilter):
    """?year= under the one year rule (core.years): a whole year of the programme, or the form says why."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_year])
        super().__init__(*args, **kwargs)


class SelectorFilterSet(django_filters.FilterSet):
    # Subclasses: ``selector = staticmethod(pairings_for)`` and, where a form field's name differs
    # from the selector's keyword, ``selector_args = {"q": "query"}``.
    selector = None
    selector_args: dict[str, str] = {}

    def __init__(self, data=None, *, request, **kwargs):
        self.user = request.user
        super().__init__(data, queryset=self.select(), request=request, **kwargs)

    def select(self, **kwargs):
        return type(self).selector(user=self.user, **kwargs)

    def selector_kwargs(self) -> dict:
        out = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            out[self.selector_args.get(name, name)] = getattr(value, "pk", value)
        return out

    def filter_queryset(self, queryset):
        return self.select(**self.selector_kwargs())

    @property
    def active(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and self.selector_kwargs())
