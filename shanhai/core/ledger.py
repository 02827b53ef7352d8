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

from .money import MoneyField, format_money, parse_money
from .scope import Action, scope_require
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
HIDDEN_FIELDS = {"id", "sort_key", "initials"}


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
        qs = self.model.objects.visible_to(self.user) if self.user is not None else self.model.objects.all()
        found = qs.filter(reference=value).first()
        if found is None:
            raise forms.ValidationError(
                _("%(kind)s编号不存在或不在您的权限范围内：%(ref)s"),
                params={"kind": self.model._meta.verbose_name, "ref": value},
            )
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


def ledger_form(ledger: Ledger, user) -> type[forms.Form]:
    """A plain form over the ledger's fields: the service validates and saves, nothing else."""
    attrs = {}
    for name in ledger.fields:
        f = ledger.model._meta.get_field(name)
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
    return type(f"{ledger.model.__name__}Form", (forms.Form,), attrs)


def form_initial(ledger: Ledger, obj) -> dict:
    initial = {}
    for name in ledger.fields:
        f = ledger.model._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(f, MoneyField):
            initial[name] = fen_to_yuan_text(value)
        elif f.is_relation and value is not None:
            initial[name] = _FK_FIELDS[f.related_model][2](value) if f.related_model in _FK_FIELDS else value.pk
        else:
            initial[name] = value
    return initial


# ---------------------------------------------------------------- filters


class LedgerFilterSet(django_filters.FilterSet):
    ledger: Ledger = None

    q = django_filters.CharFilter(label=gettext_lazy("搜索"), method="search_filter")
    region = django_filters.CharFilter(label=gettext_lazy("涉及区划"), method="region_filter")
    # The records behind a figure: a pairing (with the pairs nested under it) and a year, from a link.
    pairing = django_filters.CharFilter(label=gettext_lazy("结对编号"), method="pairing_filter")
    year = django_filters.NumberFilter(label=gettext_lazy("年度"), method="year_filter")

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


    def pairing_filter(self, queryset, name, value):
        if _PAIRING_SUBTREE is None or not any(f.name == "pairing" for f in self.ledger.model._meta.fields):
            return queryset
        return queryset.filter(pairing__in=_PAIRING_SUBTREE(self.request.user, value.strip()))

    def year_filter(self, queryset, name, value):
        field = self.ledger.year_lookup.split("__")[0]
        if value is None or not any(f.name == field for f in self.ledger.model._meta.fields):
            return queryset
        return queryset.filter(**{self.ledger.year_lookup: int(value)})


def code_prefix(text: str) -> str:
    """'520602000000' or '520602' → '520602': a padded code's subtree is its significant prefix."""
    code = "".join(ch for ch in text if ch.isdigit())
    for length, tail in ((12, 9), (9, 6), (6, 4), (4, 2)):
        if len(code) == length and set(code[tail:]) == {"0"}:
            code = code[:tail]
    return code


def ledger_filterset(ledger: Ledger) -> type[LedgerFilterSet]:
    meta = type("Meta", (), {"model": ledger.model, "fields": list(ledger.filters)})
    return type(f"{ledger.model.__name__}FilterSet", (LedgerFilterSet,), {"Meta": meta, "ledger": ledger})


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


def display_value(obj, f) -> tuple[str, str | None]:
    """A field's value as the detail page shows it, and a link where the value is a record."""
    value = getattr(obj, f.name)
    if value is None or value == "":
        return "—", None
    if isinstance(f, MoneyField):
        return format_money(value), None
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
        try:
            scope_require(self.request.user, self.object, Action.CHANGE)
            may_change = True
        except PermissionDenied:
            may_change = False
        # Flags, not the services themselves: a template would call a callable it is given.
        ctx.update(
            ledger=self.ledger, rows=rows, ledger_list_url=self.ledger.url("list"),
            can_update=may_change and self.ledger.update is not None,
            can_delete=may_change and self.ledger.delete is not None,
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
        return ledger_form(self.ledger, self.request.user)

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
