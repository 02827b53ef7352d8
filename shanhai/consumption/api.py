
"""Derived consumption figures for the API: per pairing (nested pairings rolled in) and per channel.

The records themselves are served by the generic ledger API (/api/sales/, /api/sales-channels/,
/api/distribution-contracts/); what is derived from them comes from the same selectors the pages
use. ``ROUTES`` is meant to be registered beside the other apps' routes in config/api_urls.py.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from shanhai.core.api import ScopedReadOnlyViewSet, year_param
from shanhai.pairings.models import Pairing

from .models import SalesChannel
from .selectors import channel_figures, contracts_firms, sales_by_channel, sales_by_year, sales_total


def _year(request) -> dict:
    year = year_param(request)
    return {} if year is None else {"year": year}


def sales_dict(total) -> dict:
    out = total.as_dict()
    out["amount"]["display"] = str(total.amount)
    return out


def pairing_sales(user, pairing, **filters) -> dict:
    return {
        "pairing": pairing.reference, "name": str(pairing),
        "total": sales_dict(sales_total(user=user, pairing=pairing, **filters)),
        "by_year": [{"year": y, **sales_dict(t)} for y, t in sales_by_year(user=user, pairing=pairing, **filters).items()],
        "by_channel": [
            {"channel_kind": k.code if k else None, "name": k.name if k else "渠道未载", **sales_dict(t)}
            for k, t in sales_by_channel(user=user, pairing=pairing, **filters)
        ],
        "distribution_firms": contracts_firms(user=user, pairing=pairing, **filters).as_dict(),
    }


class SalesFiguresSerializer(serializers.Serializer):
    pairing = serializers.CharField(help_text="结对编号")
    name = serializers.CharField()
    total = serializers.DictField(help_text="金额（分）、重量（吨，精确）、带动贫困人口：各含逐笔/汇总、未载条数")
    by_year = serializers.ListField(child=serializers.DictField())
    by_channel = serializers.ListField(child=serializers.DictField())
    distribution_firms = serializers.DictField(help_text="签订经销合作的东部企业家数")


YEAR = [OpenApiParameter("year", int, description="只计该年度")]


class SalesFiguresViewSet(ScopedReadOnlyViewSet):
    """消费帮扶合计：每个结对（含下级结对）的销售额、重量（吨）、带动贫困人口，按年度与渠道分列，逐笔与汇总分列。"""

    model = Pairing
    serializer_class = SalesFiguresSerializer
    search_fields = ["reference", "name"]
    ordering_fields = ["reference"]
    lookup_field = "reference"

    def scope_queryset(self, qs):
        return qs.order_by("reference")

    @extend_schema(parameters=YEAR)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        params = _year(request)
        return self.get_paginated_response([pairing_sales(request.user, p, **params) for p in page])

    @extend_schema(parameters=YEAR)
    def retrieve(self, request, *args, **kwargs):
        return Response(pairing_sales(request.user, self.get_object(), **_year(request)))


class ChannelFiguresSerializer(serializers.Serializer):
    channel = serializers.CharField(help_text="台账编号")
    name = serializers.CharField()
    kind = serializers.CharField()
    outlets = serializers.DictField(help_text="带动开设的网点个数：total/itemised/aggregate、display")
    sales = serializers.DictField()
    expected_tonnes_per_year = serializers.CharField(allow_null=True, help_text="运营方预计，不是实绩")
    expected_people = serializers.IntegerField(allow_null=True, help_text="预计，不是实绩")


class ChannelFiguresViewSet(ScopedReadOnlyViewSet):
    """销售渠道概况：展示中心带动开设的网点（逐个与汇总分列）、经其销售、运营方预计（单列）。"""

    model = SalesChannel
    serializer_class = ChannelFiguresSerializer
    search_fields = ["reference", "name"]
    ordering_fields = ["reference"]
    lookup_field = "reference"

    def scope_queryset(self, qs):
        return qs.select_related("kind").order_by("reference")

    def _data(self, channel):
        figures = channel_figures(user=self.request.user, channel=channel)
        return {**figures.as_dict(), "sales": sales_dict(figures.sales)}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([self._data(c) for c in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object()))


ROUTES = [
    ("sales-figures", SalesFiguresViewSet, "sales-figures"),
    ("channel-figures", ChannelFiguresViewSet, "channel-figures"),
]
