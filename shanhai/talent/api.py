"""Derived figures of the talent ledgers for the API: a quota plan's completion year by year.

The records themselves are served by the generic ledger API (/api/quota-plans/, /api/talent-placements/
…); completion is derived from them by the selector the pages use. ``ROUTES`` is for config/api_urls.py,
beside the social and industry routes.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from shanhai.core.api import ScopedReadOnlyViewSet, year_param

from .models import QuotaPlan
from .selectors import quota_completions


class CountTotalSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    itemised = serializers.IntegerField(help_text="其中逐人登记")
    aggregate = serializers.IntegerField(help_text="其中汇总记录")
    records = serializers.IntegerField()
    qualifier = serializers.CharField()
    display = serializers.CharField()


class YearCompletionSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="台账编号")
    kind = serializers.CharField()
    year = serializers.IntegerField()
    target = serializers.IntegerField(help_text="目标人数")
    done = CountTotalSerializer(allow_null=True, help_text="已选派人数（逐人与汇总分列）；尚无记录为 null（不详，不是零）")
    rate = serializers.FloatField(allow_null=True, help_text="完成率（%），尚无记录为 null")
    done_display = serializers.CharField()
    rate_display = serializers.CharField()


class QuotaCompletionSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="台账编号")
    plan_name = serializers.CharField()
    pairing = serializers.CharField()
    kind = serializers.CharField()
    target = serializers.IntegerField(help_text="每年目标人数")
    years = YearCompletionSerializer(many=True)


def completion_data(request, plan: QuotaPlan) -> dict:
    rows = quota_completions(user=request.user, plan=plan, up_to_year=year_param(request, "up_to_year"))
    return {
        "plan": plan.reference, "plan_name": plan.plan_name, "pairing": plan.pairing.reference, "kind": plan.kind.name,
        "target": plan.target, "years": [r.as_dict() for r in rows],
    }


UP_TO_YEAR = [OpenApiParameter("up_to_year", int, description="计至该年度（默认今年或计划截止年度）")]


class QuotaCompletionViewSet(ScopedReadOnlyViewSet):
    """人才交流计划完成情况：每个计划逐年的目标人数、已选派人数（逐人与汇总分列）与完成率；尚无记录的年度为不详。"""

    model = QuotaPlan
    serializer_class = QuotaCompletionSerializer
    search_fields = ["reference", "plan_name", "kind__name", "pairing__reference"]
    ordering_fields = ["reference"]

    def scope_queryset(self, qs):
        return qs.select_related("kind", "pairing").order_by("reference")

    @extend_schema(parameters=UP_TO_YEAR)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([completion_data(request, p) for p in page])

    @extend_schema(parameters=UP_TO_YEAR)
    def retrieve(self, request, *args, **kwargs):
        return Response(completion_data(request, self.get_object()))


ROUTES = [("quota-completion", QuotaCompletionViewSet, "quota-completion")]
