"""The API of every registered ledger: a scoped viewset whose writes call the ledger's services."""

from django.db import models
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .api import PlainDecimalField, RefusesNullCharacters, ScopedModelViewSet, service_errors
from .filters import YearFilter
from .ledger import _FK_FIELDS, Ledger, PairingFilterMixin, ledgers_all
from .money import MoneyField, format_money


@extend_schema_field(OpenApiTypes.STR)
class MoneyDisplayField(serializers.Field):
    """The amount as offices write it ('1.2 亿元'), beside the exact integer fen."""

    def __init__(self, money_field: str, **kwargs):
        self.money_field = money_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return format_money(getattr(obj, self.money_field))


# What every ledger record carries about its figures (core.records.LedgerRecord), read and written by
# the API wherever the ledger's services take it: each number's qualifier, the span of years, the
# total it is part of (by 台账编号), achieved or expected, and its dates' precision.
FIGURE_FIELDS = ("qualifiers", "year_from", "part_of", "stage", "precisions")


def figure_fields(ledger: Ledger) -> list[str]:
    from .ledger import accepts

    names = {f.name for f in ledger.model._meta.concrete_fields}
    services = [s for s in (ledger.create, ledger.update) if s is not None]
    return [n for n in FIGURE_FIELDS if n in names and n not in ledger.fields and all(accepts(s, n) for s in services)]


class QualifiersField(serializers.JSONField):
    """{field: qualifier} over the record's own numbers, each one of core.records.Qualifier."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from .records import Qualifier

        data = super().to_internal_value(data)
        if not isinstance(data, dict):
            raise serializers.ValidationError("应为 {字段: 限定}，如 {\"households\": \"about\"}")
        numbers = {f.name for f in self.model._meta.concrete_fields if isinstance(f, (models.IntegerField, models.DecimalField))
                   and not f.is_relation and f.name not in ("id", "version", "year", "year_from")}
        bad = [f"{k}={v}" for k, v in data.items() if k not in numbers or v not in Qualifier.values]
        if bad:
            raise serializers.ValidationError(
                f"未知的字段或限定：{'、'.join(map(str, bad))}（限定可为：{'、'.join(v for v in Qualifier.values if v)}）"
            )
        return data


class PrecisionsField(serializers.JSONField):
    """{date_field: "month"|"year"} for the record's dates known only to the month or the year."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from .dates import PRECISIONS

        data = super().to_internal_value(data)
        if not isinstance(data, dict):
            raise serializers.ValidationError("应为 {日期字段: month|year}")
        dates = {f.name for f in self.model._meta.concrete_fields if isinstance(f, models.DateField)}
        bad = [f"{k}={v}" for k, v in data.items() if k not in dates or v not in PRECISIONS]
        if bad:
            raise serializers.ValidationError(f"未知的日期字段或精度：{'、'.join(map(str, bad))}（精度可为 month、year）")
        return data


def figure_serializer_fields(ledger: Ledger) -> dict:
    from .api import VisibleReferenceField
    from .years import validate_year

    model, out = ledger.model, {}
    for name in figure_fields(ledger):
        if name == "qualifiers":
            out[name] = QualifiersField(model, required=False, help_text="{字段: 限定}：exact 以外的 at_least、over、about、nearly、under")
        elif name == "precisions":
            out[name] = PrecisionsField(model, required=False, help_text="{日期字段: month|year}：只知年月或年份的日期")
        elif name == "year_from":
            out[name] = serializers.IntegerField(required=False, allow_null=True, validators=[validate_year],
                                                 help_text="跨年度累计的起始年度；单一年度的为 null")
        elif name == "part_of":
            out[name] = VisibleReferenceField(slug_field="reference", queryset=model.objects.all(), required=False,
                                              allow_null=True, help_text="所属合计记录的台账编号（“共X，其中Y”）")
    return out


def ledger_serializer(ledger: Ledger) -> type[serializers.ModelSerializer]:
    extra = figure_fields(ledger)
    attrs, names = figure_serializer_fields(ledger), ["id", "version", *ledger.fields, *extra]
    if "stage" in extra:
        attrs["stage_display"] = serializers.CharField(source="get_stage_display", read_only=True)
        names.append("stage_display")
    for name in ledger.fields:
        f = ledger.model._meta.get_field(name)
        required = not (f.blank or f.null) and not f.has_default()
        if isinstance(f, MoneyField):
            attrs[name] = serializers.IntegerField(
                required=required, allow_null=f.null, help_text=f"{f.verbose_name}（分，整数）"
            )
            attrs[f"{name}_display"] = MoneyDisplayField(name)
            names.append(f"{name}_display")
        elif isinstance(f, models.DecimalField):
            # 6.18, not 6.1800: figures as offices write them
            attrs[name] = PlainDecimalField(
                max_digits=f.max_digits, decimal_places=f.decimal_places, required=required, allow_null=f.null
            )
        elif f.is_relation and f.related_model in _FK_FIELDS and _FK_FIELDS[f.related_model][1] is not None:
            attrs[name] = _FK_FIELDS[f.related_model][1](required=required)
        if f.is_relation or f.choices:
            # An empty foreign key, or an empty choice of a nullable field, reads as null.
            attrs[f"{name}_display"] = serializers.CharField(
                source=f"get_{name}_display" if f.choices else name, read_only=True, allow_null=f.null
            )
            names.append(f"{name}_display")
    meta = type("Meta", (), {"model": ledger.model, "fields": names, "read_only_fields": ["version"], "validators": []})
    return type(
        f"{ledger.model.__name__}Serializer", (RefusesNullCharacters, serializers.ModelSerializer), {"Meta": meta, **attrs}
    )


def ledger_api_filterset(ledger: Ledger) -> type[filters.FilterSet]:
    """The API's exact filters; ``year`` under the one year rule (core.years) and ``pairing`` (a pairing's
    subtree, refused where the ledger is not filed under pairings), as on the pages."""
    fields = [f for f in ledger.filters if f not in ("year", "pairing")]
    attrs = {"Meta": type("Meta", (), {"model": ledger.model, "fields": fields}), "ledger": ledger}
    attrs["pairing"] = PairingFilterMixin.pairing_filter_for(ledger)
    if "year" in ledger.filters:
        attrs["year"] = YearFilter(field_name=ledger.year_lookup or "year", label="年度")
    return type(f"{ledger.model.__name__}ApiFilterSet", (PairingFilterMixin, filters.FilterSet), attrs)


def ledger_viewset(ledger: Ledger) -> type[ScopedModelViewSet]:
    class LedgerViewSet(ScopedModelViewSet):
        model = ledger.model
        http_method_names = [
            m for m in ScopedModelViewSet.http_method_names
            if (ledger.update is not None or m not in ("put", "patch")) and (ledger.delete is not None or m != "delete")
        ]
        serializer_class = ledger_serializer(ledger)
        filterset_class = ledger_api_filterset(ledger)
        search_fields = list(ledger.search)
        ordering_fields = ["id", *[n for n in ledger.fields if not ledger.model._meta.get_field(n).is_relation]]

        def scope_queryset(self, qs):
            return qs.select_related(*ledger.select_related)

        def perform_create(self, serializer):
            with service_errors():
                obj = ledger.create(actor=self.request.user, **serializer.validated_data)
            serializer.instance = self.refetch(obj)

        def perform_update(self, serializer):
            # Only the fields sent: the service writes them onto the record as it is now.
            with service_errors():
                obj = ledger.update(actor=self.request.user, obj=serializer.instance, **serializer.validated_data)
            serializer.instance = self.refetch(obj)

        def perform_destroy(self, instance):
            with service_errors():
                ledger.delete(actor=self.request.user, obj=instance)

    LedgerViewSet.__name__ = f"{ledger.model.__name__}ViewSet"
    LedgerViewSet.__doc__ = f"{ledger.title}：{ledger.description or ledger.model._meta.verbose_name}"
    return LedgerViewSet


def ledger_routes() -> list[tuple[str, type, str]]:
    return [(ledger.slug, ledger_viewset(ledger), ledger.slug) for ledger in ledgers_all()]


__all__ = ["ledger_routes", "ledger_serializer", "ledger_viewset"]
