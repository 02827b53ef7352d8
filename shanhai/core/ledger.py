"""Ledgers (台账) declared once: list, detail, create, edit and delete pages, exports and the API.

A ledger app writes its models, services, selectors and importer, and declares a ``Ledger`` in
its ``ledgers.py`` (imported from ``AppConfig.ready``). Everything else is here: the pages go
through the same scoped views as the rest of the system, the API through the same scoped
viewsets, writes through the app's services with ``actor`` passed in.

Core imports no app. Apps tell it how to show and parse a foreign key to their models (a region
by its code, a pairing by its reference) with ``register_fk_field``.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .dates import dated
from .filters import YearFilter
from .money import MoneyField, format_money, parse_money
from .scope import (
    Action,
    delete_require,
    not_visible_message,
    record_visible,
    scope_require,
    significant_prefix,
)
from .tables import Column
from .views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView, object_url


@dataclass
class Ledger:
    model: type[models.Model]
    slug: str  # URL segment and API prefix: "funds"
    title: str  # "资金"
    columns: list[Column]  # list page and export, the same
    fields: list[str]  # what the form and the API write
    create: Callable  # service(*, actor, **fields) -> obj
    update: Callable | None  # service(*, actor, obj, **fields) -> obj; None: kept as entered (a trail)
    delete: Callable | None = None  # service(*, actor, obj)
    search: tuple[str, ...] = ()  # lookups the search box looks in ("name", "donor__name" …)
    filters: tuple[str, ...] = ()  # fields filtered exactly on the page and in the API
    importer: str = ""  # the import template's name, for the page's import link
    group: str = ""  # heading on the ledgers index
    order: int = 100
    select_related: tuple[str, ...] = ()
    detail_fields: list[str] | None = None  # default: every concrete field but sort keys
    description: str = ""
    year_lookup: str = "year"  # what ?year= filters on ("start_date__year" for visits); "" for none

    def url(self, name: str, *args) -> str:
        return reverse(f"ledger:{self.slug}_{name}", args=args)


_LEDGERS: dict[str, Ledger] = {}
_FK_FIELDS: dict[type, tuple[Callable, Callable | None, Callable]] = {}
HIDDEN_FIELDS = {"id", "sort_key", "initials", "version"}


# How ?pairing=<reference> becomes the pairing's subtree (primary keys); the pairings app sets it,
# so core names no app.
_PAIRING_SUBTREE: Callable | None = None


def register_pairing_subtree(resolver: Callable) -> None:
    """``resolver(user, reference) -> list of pairing ids`` (empty when the user cannot see it)."""
    global _PAIRING_SUBTREE
    _PAIRING_SUBTREE = resolver


def register_ledger(ledger: Ledger) -> Ledger:
    _LEDGERS[ledger.slug] = ledger
    return ledger


def ledgers_all() -> list[Ledger]:
    return sorted(_LEDGERS.values(), key=lambda ledger: (ledger.order, ledger.slug))


def ledger_for_model(model) -> Ledger | None:
    return next((ledger for ledger in _LEDGERS.values() if ledger.model is model), None)


def register_fk_field(model, *, form_field: Callable, serializer_field: Callable | None = None, initial: Callable = lambda obj: obj.pk):
    """How a foreign key to ``model`` is typed in a form and in the API, and shown back in a form.

    ``form_field(label, required, user)`` and ``serializer_field(required)`` return fields whose
    cleaned value is the related object; ``initial(obj)`` is what the form shows for it.
    """
    _FK_FIELDS[model] = (form_field, serializer_field, initial)


class RecordReferenceField(forms.CharField):
    """A record typed by its 台账编号 (or 结对编号), looked up among the records the user may see."""

    def __init__(self, *, model, user=None, **kwargs):
        self.model, self.user = model, user
        kwargs.setdefault("help_text", gettext_lazy("台账编号"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        found = record_visible(self.model, user=self.user, reference=value)
        if found is None:
            raise forms.ValidationError(not_visible_message(self.model, value))
        return found


def register_reference_fk(model, *, help_text=None, suggest_url: str = "") -> None:
    """A foreign key to ``model`` (records with a unique ``reference``) is typed as that reference,
    in forms and in the API, and only records the user may see are found. ``suggest_url`` names
    a view offering matches as the user types (``core.forms.SuggestInput``)."""
    from .api import VisibleReferenceField
    from .forms import SuggestInput

    def form_field(label, required, user):
        kwargs = {"help_text": help_text} if help_text else {}
        if suggest_url:
            kwargs["widget"] = SuggestInput(suggest_url)
        return RecordReferenceField(model=model, label=label, required=required, user=user, **kwargs)

    register_fk_field(
        model,
        form_field=form_field,
        serializer_field=lambda required: VisibleReferenceField(
            slug_field="reference", queryset=model.objects.all(), required=required, allow_null=not required
        ),
        initial=lambda obj: obj.reference,
    )


# ---------------------------------------------------------------- money in forms


class YuanField(forms.CharField):
    """An amount typed in yuan ('12345.67', '1.2亿元', '700万元') → integer fen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("单位：元；也可写 700万元、1.2亿元"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_money(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def fen_to_yuan_text(fen) -> str:
    if fen is None:
        return ""
    yuan, cents = divmod(int(fen), 100)
    return f"{yuan}.{cents:02d}" if cents else str(yuan)


# ---------------------------------------------------------------- forms


def accepts(service, name: str) -> bool:
    """Whether a service takes ``name`` (by name or through ``**fields``)."""
    import inspect

    params = inspect.signature(service).parameters
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def form_extras(ledger: Ledger) -> dict[str, list[str]]:
    """What a ledger's form carries beyond its fields, where the record keeps it and the services
    take it: 起始年度 (a span of years) before 年度, and each date's precision (a month or a year)."""
    names = {f.name for f in ledger.model._meta.concrete_fields}
    services = [s for s in (ledger.create, ledger.update) if s is not None]
    takes = lambda name: name in names and all(accepts(s, name) for s in services)  # noqa: E731
    dates = [n for n in ledger.fields if isinstance(ledger.model._meta.get_field(n), models.DateField)
             and not isinstance(ledger.model._meta.get_field(n), models.DateTimeField)]
    return {
        "year_from": ["year_from"] if takes("year_from") and "year" in ledger.fields and "year_from" not in ledger.fields else [],
        "dates": dates if takes("precisions") and "precisions" not in ledger.fields else [],
        "stage": ["stage"] if takes("stage") and "stage" not in ledger.fields else [],
        "part_of": ["part_of"] if takes("part_of") and "part_of" not in ledger.fields else [],
    }


class PartialDatesForm(forms.Form):
    """A ledger form whose dates may be known only to the month or the year: each cleans to its
    first day, and ``precisions`` carries what is known ({"date": "month"})."""

    partial_dates: tuple[str, ...] = ()
    kept_precisions: dict = {}
    totals_of = None  # (model, user) when the form names the total a record is part of (所属合计)

    def clean(self):
        cleaned = super().clean()
        if "stage" in self.fields and not cleaned.get("stage"):
            cleaned["stage"] = self.fields["stage"].initial  # 已实现 unless said otherwise
        if self.totals_of is not None and "part_of" in cleaned:
            from .scope import not_visible_message, record_visible

            model, user = self.totals_of
            ref = (cleaned.get("part_of") or "").strip()
            cleaned["part_of"] = record_visible(model, user=user, reference=ref) if ref else None
            if ref and cleaned["part_of"] is None:
                self.add_error("part_of", not_visible_message(model, ref))
        if isinstance(cleaned.get("year"), tuple):  # 年度 typed as a span: 2017—2019
            start, end = cleaned["year"]
            cleaned["year"] = end
            if start != end:
                if cleaned.get("year_from") not in (None, start):
                    self.add_error("year_from", _("起始年度与年度中写的不一致。"))
                cleaned["year_from"] = start
        if self.partial_dates:
            precisions = {k: v for k, v in self.kept_precisions.items() if k not in self.partial_dates}
            for name in self.partial_dates:
                value = cleaned.get(name)
                if isinstance(value, tuple):
                    cleaned[name], precision = value
                    if precision:
                        precisions[name] = precision
            cleaned["precisions"] = precisions
        return cleaned


def ledger_form(ledger: Ledger, user, obj=None) -> type[forms.Form]:
    """A plain form over the ledger's fields: the service validates and saves, nothing else."""
    from .dates import PartialDateField
    from .forms import YearSpanField
    from .years import validate_year

    attrs = {}
    extras = form_extras(ledger)
    for name in ledger.fields:
        f = ledger.model._meta.get_field(name)
        if name == "year" and extras["year_from"]:
            year_from = ledger.model._meta.get_field("year_from")
            attrs["year_from"] = forms.IntegerField(
                label=year_from.verbose_name, required=False, help_text=year_from.help_text, validators=[validate_year]
            )
            attrs["year"] = YearSpanField(label=f.verbose_name, required=not (f.blank or f.null))
            continue
        if name in extras["dates"]:
            attrs[name] = PartialDateField(label=f.verbose_name, required=not (f.blank or f.null))
            continue
        required = not (f.blank or f.null) and not f.has_default()
        label = f.verbose_name
        if isinstance(f, MoneyField):
            attrs[name] = YuanField(label=label, required=required)
        elif f.is_relation and f.related_model in _FK_FIELDS:
            attrs[name] = _FK_FIELDS[f.related_model][0](label=label, required=required, user=user)
        else:
            attrs[name] = f.formfield(required=required) if not f.choices else f.formfield()
            if attrs[name] is None:
                continue
            attrs[name].required = required
            if isinstance(f, models.DateField):
                attrs[name].widget = forms.DateInput(attrs={"type": "date"})
            elif isinstance(f, models.TextField):
                attrs[name].widget = forms.Textarea(attrs={"rows": 3})
    if extras["stage"]:
        stage = ledger.model._meta.get_field("stage")
        attrs["stage"] = forms.ChoiceField(
            label=stage.verbose_name, choices=stage.choices, required=False, initial=stage.default, help_text=stage.help_text,
        )
    if extras["part_of"]:
        part_of = ledger.model._meta.get_field("part_of")
        attrs["part_of"] = forms.CharField(
            label=_("所属合计（台账编号）"), required=False, max_length=40, help_text=part_of.help_text,
        )
        attrs["totals_of"] = (ledger.model, user)
    attrs["partial_dates"] = tuple(extras["dates"])
    attrs["kept_precisions"] = dict(getattr(obj, "precisions", None) or {})
    return type(f"{ledger.model.__name__}Form", (PartialDatesForm,), attrs)


def form_initial(ledger: Ledger, obj) -> dict:
    from .dates import MONTH, YEAR, precision_of

    initial = {}
    extras = form_extras(ledger)
    if extras["year_from"]:
        initial["year_from"] = obj.year_from
    if extras["stage"]:
        initial["stage"] = obj.stage
    if extras["part_of"]:
        initial["part_of"] = obj.part_of.reference if obj.part_of_id else ""
    for name in ledger.fields:
        f = ledger.model._meta.get_field(name)
        value = getattr(obj, name)
        if name in extras["dates"] and value is not None:
            precision = precision_of(obj, name)
            initial[name] = {MONTH: value.strftime("%Y-%m"), YEAR: str(value.year)}.get(precision, value.isoformat())
        elif isinstance(f, MoneyField):
            initial[name] = fen_to_yuan_text(value)
        elif f.is_relation and value is not None:
            initial[name] = _FK_FIELDS[f.related_model][2](value) if f.related_model in _FK_FIELDS else value.pk
        else:
            initial[name] = value
    return initial


# ---------------------------------------------------------------- filters


def _not_filed_under_pairings(value) -> None:
    raise forms.ValidationError(_("此类台账不按结对登记，不能按结对编号筛选。"))


class PairingFilterMixin:
    """?pairing=<结对编号>: the records behind a figure, filed under that pairing or a pair nested under
    it (pages and API alike); on a ledger not filed under pairings the parameter is refused, not ignored."""

    ledger: Ledger = None

    @classmethod
    def pairing_filter_for(cls, ledger: Ledger) -> django_filters.CharFilter:
        if any(f.name == "pairing" for f in ledger.model._meta.fields):
            return django_filters.CharFilter(label=gettext_lazy("结对编号"), method="pairing_filter")
        return django_filters.CharFilter(
            label=gettext_lazy("结对编号"), method="pairing_filter", validators=[_not_filed_under_pairings]
        )

    def pairing_filter(self, queryset, name, value):
        if _PAIRING_SUBTREE is None:
            return queryset
        return queryset.filter(pairing__in=_PAIRING_SUBTREE(self.request.user, value.strip()))


class LedgerFilterSet(PairingFilterMixin, django_filters.FilterSet):
    ledger: Ledger = None

    q = django_filters.CharFilter(label=gettext_lazy("搜索"), method="search_filter")
    region = django_filters.CharFilter(label=gettext_lazy("涉及区划"), method="region_filter")
    year = YearFilter(label=gettext_lazy("年度"), method="year_filter")

    def __init__(self, data=None, *, request, **kwargs):
        qs = self.ledger.model.objects.visible_to(request.user).select_related(*self.ledger.select_related)
        super().__init__(data, queryset=qs, request=request, **kwargs)
        self.form.fields["q"].widget.attrs.update(type="search")
        self.form.fields["region"].widget.attrs.update(placeholder=_("如 520602"), size=12)

    def search_filter(self, queryset, name, value):
        q = models.Q()
        for lookup in self.ledger.search:
            q |= models.Q(**{f"{lookup}__contains": value.strip()})
        return queryset.filter(q).distinct() if self.ledger.search else queryset

    def region_filter(self, queryset, name, value):
        prefix = code_prefix(value)
        return queryset.filter(self.ledger.model.scope_q(prefix=prefix, side="")) if prefix else queryset

    def year_filter(self, queryset, name, value):
        field = self.ledger.year_lookup.split("__")[0]
        if value is None or not any(f.name == field for f in self.ledger.model._meta.fields):
            return queryset
        return queryset.filter(**{self.ledger.year_lookup: int(value)})


def code_prefix(text: str) -> str:
    """'520602000000' or '520602' → '520602': a padded code's subtree is its significant prefix."""
    return significant_prefix(text)


def ledger_filterset(ledger: Ledger) -> type[LedgerFilterSet]:
    meta = type("Meta", (), {"model": ledger.model, "fields": list(ledger.filters)})
    attrs = {"Meta": meta, "ledger": ledger, "pairing": LedgerFilterSet.pairing_filter_for(ledger)}
    return type(f"{ledger.model.__name__}FilterSet", (LedgerFilterSet,), attrs)


# ---------------------------------------------------------------- pages


class LedgerMixin:
    ledger: Ledger = None


class LedgerListView(LedgerMixin, ScopedListView):
    template_name = "core/ledger_list.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filterset_class = ledger_filterset(self.ledger)
        self.columns = self.ledger.columns
        self.title = self.ledger.title

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["ledger"] = self.ledger
        ctx["create_url"] = self.ledger.url("create")
        ctx["import_url"] = reverse("import_upload", args=[self.ledger.importer]) if self.ledger.importer else ""
        return ctx


def allowed(check, *args) -> bool:
    """Whether a scope check passes (for a page's buttons), without raising."""
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def display_value(obj, f) -> tuple[str, str | None]:
    """A field's value as the detail page shows it, and a link where the value is a record."""
    value = getattr(obj, f.name)
    if value is None or value == "":
        return "—", None
    if isinstance(f, MoneyField):
        return format_money(value), None
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        return dated(obj, f.name), None
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")(), None
    if isinstance(f, models.BooleanField):
        return (_("是") if value else _("否")), None
    if f.is_relation:
        return str(value), object_url(ContentType.objects.get_for_model(f.related_model), str(value.pk))
    return str(value), None


class LedgerDetailView(LedgerMixin, ScopedDetailView):
    template_name = "core/ledger_detail.html"
    context_object_name = "object"

    def get_queryset(self):
        return super().get_queryset().select_related(*self.ledger.select_related)

    @property
    def model(self):
        return self.ledger.model

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        names = self.ledger.detail_fields or [
            f.name for f in self.ledger.model._meta.concrete_fields if f.name not in HIDDEN_FIELDS
        ]
        rows = []
        for name in names:
            f = self.ledger.model._meta.get_field(name)
            text, url = display_value(self.object, f)
            rows.append({"label": f.verbose_name, "text": text, "url": url})
        may_change = allowed(scope_require, self.request.user, self.object, Action.CHANGE)
        may_delete = may_change and allowed(delete_require, self.request.user, self.object)
        # Flags, not the services themselves: a template would call a callable it is given.
        ctx.update(
            ledger=self.ledger, rows=rows, ledger_list_url=self.ledger.url("list"),
            can_update=may_change and self.ledger.update is not None,
            can_delete=may_delete and self.ledger.delete is not None,
        )
        return ctx


class LedgerFormView(LedgerMixin, ServiceFormView):
    @property
    def model(self):
        return self.ledger.model

    def get_object(self):
        obj = super().get_object()
        if obj is not None and self.ledger.update is None:
            raise PermissionDenied(_("此类记录登记后不能修改。"))
        return obj

    def get_form_class(self):
        return ledger_form(self.ledger, self.request.user, self.object)

    def get_initial(self):
        return form_initial(self.ledger, self.object) if self.object is not None else {}

    @property
    def title(self):
        if self.object is None:
            return _("新增%(title)s") % {"title": self.ledger.title}
        return _("修改%(title)s：%(obj)s") % {"title": self.ledger.title, "obj": self.object}

    def save(self, form):
        if self.object is None:
            return self.ledger.create(actor=self.request.user, **form.cleaned_data)
        return self.ledger.update(actor=self.request.user, obj=self.object, **form.cleaned_data)

    def get_success_url(self, obj):
        return self.ledger.url("detail", obj.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.object is None:
            ctx["cancel_url"] = self.ledger.url("list")
        return ctx


class LedgerDeleteView(LedgerMixin, ServiceDeleteView):
    """The shared confirm-then-delete page, calling the ledger's delete service."""

    @property
    def model(self):
        return self.ledger.model

    def dispatch(self, request, *args, **kwargs):
        if self.ledger.delete is None:
            raise PermissionDenied(_("此类记录不能删除。"))
        return super().dispatch(request, *args, **kwargs)

    def delete(self):
        self.ledger.delete(actor=self.request.user, obj=self.object)

    def get_list_url(self) -> str:
        return self.ledger.url("list")

    def get_cancel_url(self) -> str:
        return self.ledger.url("detail", self.object.pk)


@login_required
def ledger_index(request):
    groups: dict[str, list] = {}
    for ledger in ledgers_all():
        count = ledger.model.objects.visible_to(request.user).count()
        groups.setdefault(ledger.group, []).append({"ledger": ledger, "count": count})
    return render(request, "core/ledger_index.html", {"groups": groups, "title": _("台账")})


def ledger_urlpatterns() -> list:
    patterns = [path("ledgers/", ledger_index, name="index")]
    for ledger in ledgers_all():
        kw = {"ledger": ledger}
        patterns += [
            path(f"{ledger.slug}/", LedgerListView.as_view(**kw), name=f"{ledger.slug}_list"),
            path(f"{ledger.slug}/new/", LedgerFormView.as_view(**kw), name=f"{ledger.slug}_create"),
            path(f"{ledger.slug}/<int:pk>/", LedgerDetailView.as_view(**kw), name=f"{ledger.slug}_detail"),
            *([path(f"{ledger.slug}/<int:pk>/edit/", LedgerFormView.as_view(**kw), name=f"{ledger.slug}_update")]
              if ledger.update is not None else []),
            path(f"{ledger.slug}/<int:pk>/delete/", LedgerDeleteView.as_view(**kw), name=f"{ledger.slug}_delete"),
        ]
    return patterns
