"""Derived figures of the social-assistance ledgers for the API: a charity fund's balance.

The records themselves are served by the generic ledger API (/api/charity-funds/, /api/charity-receipts/
…). What is derived from them has no column to serve, so it comes from the same selectors the pages
use. ``ROUTES`` is registered beside the other apps' routes in config/api_urls.py.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from shanhai.core.api import ScopedReadOnlyViewSet, year_param

from .models import CharityFund
from .selectors import fund_balances


class MoneyTotalSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="分")
    itemised = serializers.IntegerField(help_text="其中逐笔登记（分）")
    aggregate = serializers.IntegerField(help_text="其中汇总记录（分）")
    records = serializers.IntegerField()
    at_least = serializers.BooleanField(help_text="含“以上”的数")
    display = serializers.CharField(help_text="如 102 万元以上")


class FundBalanceSerializer(serializers.Serializer):
    fund = serializers.CharField(help_text="台账编号")
    name = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    receipts = MoneyTotalSerializer()
    disbursements = MoneyTotalSerializer()
    balance = serializers.IntegerField(help_text="余额（分）= 收入 − 支出，含子基金")
    balance_bound = serializers.ChoiceField(["exact", "at_least", "at_most", "unknown"])
    balance_display = serializers.CharField()
    sub_funds = serializers.ListField(child=serializers.DictField(), required=False, help_text="各子基金（各自含其下级）")


def year_params(request) -> dict:
    out = {}
    for name in ("year", "up_to_year"):
        year = year_param(request, name)
        if year is not None:
            out[name] = year
    return out


YEAR_PARAMETERS = [
    OpenApiParameter("year", int, description="只计该年度的收支"),
    OpenApiParameter("up_to_year", int, description="截至该年度末的累计收支与余额"),
]


class CharityFundBalanceViewSet(ScopedReadOnlyViewSet):
    """慈善基金收支与余额：收入、支出（逐笔与汇总分列）与余额，子基金并入母基金。"""

    model = CharityFund
    serializer_class = FundBalanceSerializer
    search_fields = ["reference", "name"]
    ordering_fields = ["reference"]

    def scope_queryset(self, qs):
        return qs.select_related("parent").order_by("reference")

    @extend_schema(parameters=YEAR_PARAMETERS)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        params = year_params(request)
        return self.get_paginated_response([fund_balances(user=request.user, fund=f, **params)[0].as_dict() for f in page])

    @extend_schema(parameters=YEAR_PARAMETERS)
    def retrieve(self, request, *args, **kwargs):
        balances = fund_balances(user=request.user, fund=self.get_object(), **year_params(request))
        return Response({**balances[0].as_dict(), "sub_funds": [b.as_dict() for b in balances[1:]]})


ROUTES = [("charity-fund-balances", CharityFundBalanceViewSet, "charity-fund-balance")]
