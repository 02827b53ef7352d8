"""The API of every registered ledger: a scoped viewset whose writes call the ledger's services."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .api import PlainDecimalField, ScopedModelViewSet, service_errors
from .ledger import _FK_FIELDS, Ledger, ledgers_all
from .money import MoneyField, format_money


@extend_schema_field(OpenApiTypes.STR)
class MoneyDisplayField(serializers.Field):
    """The amount as offices write it ('1.2 亿元'), beside the exact integer fen."""

    def __init__(self, money_field: str, **kwargs):
        self.money_field = money_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return format_money(getattr(obj, self.money_field))


def ledger_serializer(ledger: Ledger) -> type[serializers.ModelSerializer]:
    attrs, names = {}, ["id", *ledger.fields]
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
            attrs[f"{name}_display"] = serializers.CharField(
                source=f"get_{name}_display" if f.choices else name, read_only=True
            )
            names.append(f"{name}_display")
    meta = type("Meta", (), {"model": ledger.model, "fields": names, "validators": []})
    return type(f"{ledger.model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **attrs})


def ledger_viewset(ledger: Ledger) -> type[ScopedModelViewSet]:
    class LedgerViewSet(ScopedModelViewSet):
        model = ledger.model
        http_method_names = [
            m for m in ScopedModelViewSet.http_method_names
            if (ledger.update is not None or m not in ("put", "patch")) and (ledger.delete is not None or m != "delete")
        ]
        serializer_class = ledger_serializer(ledger)
        filterset_fields = list(ledger.filters)
        search_fields = list(ledger.search)
        ordering_fields = ["id", *[n for n in ledger.fields if not ledger.model._meta.get_field(n).is_relation]]

        def scope_queryset(self, qs):
            return qs.select_related(*ledger.select_related)

        def perform_create(self, serializer):
            with service_errors():
                obj = ledger.create(actor=self.request.user, **serializer.validated_data)
            serializer.instance = self.refetch(obj)

        def perform_update(self, serializer):
            data = {n: getattr(serializer.instance, n) for n in ledger.fields}
            data.update(serializer.validated_data)
            with service_errors():
                obj = ledger.update(actor=self.request.user, obj=serializer.instance, **data)
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
