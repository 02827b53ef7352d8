"""Derived figures of the industry-cooperation ledgers for the API: a park's figures and signing totals.

The records themselves are served by the generic ledger API (/api/parks/, /api/signing-lines/ …); what
is derived from them comes from the same selectors the pages use. ``ROUTES`` is registered beside the
other apps' routes in config/api_urls.py.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from shanhai.core.api import ScopedReadOnlyViewSet, year_param
from shanhai.pairings.models import Pairing

from .models import Park, SigningEvent
from .selectors import park_figures, signing_totals


class ParkFiguresSerializer(serializers.Serializer):
    park = serializers.CharField(help_text="台账编号")
    name = serializers.CharField()
    pairing = serializers.CharField(allow_null=True)
    start_area_km2 = serializers.CharField(allow_null=True, help_text="平方公里")
    start_area_mu = serializers.CharField(allow_null=True, help_text="亩（精确换算）")
    start_area_display = serializers.CharField()
    company_name = serializers.CharField()
    company_capital = serializers.IntegerField(allow_null=True, help_text="分")
    company_capital_display = serializers.CharField()
    credit_lines = serializers.DictField(help_text="授信合计：total/itemised/aggregate（分）、display")
    enterprises = serializers.DictField(help_text="引进企业个数、投资、就业：各项 total/itemised/aggregate、display")
    named_enterprises = serializers.ListField(child=serializers.CharField())


class ParkFiguresViewSet(ScopedReadOnlyViewSet):
    """共建园区概况：先行启动区（平方公里与亩）、开发公司注册资本、授信合计、引进企业（逐个登记与汇总分列）。"""

    model = Park
    serializer_class = ParkFiguresSerializer
    search_fields = ["reference", "name"]
    ordering_fields = ["reference"]

    def scope_queryset(self, qs):
        return qs.select_related("pairing").order_by("reference")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([park_figures(user=request.user, park=p).as_dict() for p in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(park_figures(user=request.user, park=self.get_object()).as_dict())


class SigningTotalsSerializer(serializers.Serializer):
    event = serializers.CharField(help_text="台账编号", required=False)
    name = serializers.CharField(required=False)
    start_date = serializers.DateField(required=False)
    projects = serializers.DictField(help_text="签约项目数：total/itemised/aggregate、display")
    amount = serializers.DictField(help_text="金额（分）：total/itemised/aggregate、display")
    agreements = serializers.DictField(help_text="签订协议数")
    by_type = serializers.ListField(child=serializers.DictField(), help_text="按类别：产业合作、消费帮扶、劳务协作、扶志扶智")


class SigningTotalsViewSet(ScopedReadOnlyViewSet):
    """签约合计：每次签约活动按类别的项目数、金额、协议数及合计（由签约明细相加）。"""

    model = SigningEvent
    serializer_class = SigningTotalsSerializer
    search_fields = ["reference", "name", "place"]
    ordering_fields = ["start_date", "reference"]

    def scope_queryset(self, qs):
        return qs.order_by("-start_date", "reference")

    def event_data(self, event) -> dict:
        return {
            "event": event.reference, "name": event.name, "start_date": event.start_date.isoformat(),
            **signing_totals(user=self.request.user, event=event).as_dict(),
        }

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([self.event_data(e) for e in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(self.event_data(self.get_object()))

    @extend_schema(parameters=[
        OpenApiParameter("pairing", str, description="结对编号（含下级结对）"),
        OpenApiParameter("year", int, description="签约年度"),
    ])
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """All signings the caller can see, optionally within a pairing and a year, added up by type."""
        filters = {}
        reference = request.query_params.get("pairing", "").strip()
        if reference:
            pairing = Pairing.objects.visible_to(request.user).filter(reference=reference).first()
            if pairing is None:
                raise exceptions.NotFound(f"结对编号不存在或不在您的权限范围内：{reference}")
            filters["pairing"] = pairing
        year = year_param(request)
        if year is not None:
            filters["year"] = year
        return Response(signing_totals(user=request.user, **filters).as_dict())


ROUTES = [
    ("park-figures", ParkFiguresViewSet, "park-figures"),
    ("signing-totals", SigningTotalsViewSet, "signing-totals"),
]
