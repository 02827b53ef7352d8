"""Derived figures of the exchanges ledgers for the API: a pair's exchanges added up for a year.

The records are served by the generic ledger API (/api/visits/, /api/joint-meetings/,
/api/promotion-events/); the totals come from the selector the pages use. ``ROUTES`` is for
config/api_urls.py, beside the social and industry routes.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from shanhai.core.api import ApiSchema, one_object, year_param
from shanhai.pairings.models import Pairing

from .selectors import exchanges_totals


class ExchangeTotalsViewSet(viewsets.ViewSet):
    """互访交流合计：考察互访（东→西、西→东）的批次、联席会议和各方专题会议的次数、展销推介宣传活动的场次（汇总记录按其所载次数计，未载次数的另列条数），以及考察人次、人数、考察点、座谈会（逐笔与汇总分列）。"""

    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("pairing", str, description="结对编号（含下级结对）"),
            OpenApiParameter("year", int, description="年度"),
        ],
        responses=one_object(inline_serializer("ExchangeTotals", {
            "visits": serializers.IntegerField(), "visits_east_to_west": serializers.IntegerField(),
            "visits_west_to_east": serializers.IntegerField(), "visits_unknown_records": serializers.IntegerField(),
            "joint_meetings": serializers.IntegerField(), "joint_meetings_unknown_records": serializers.IntegerField(),
            "own_meetings": serializers.DictField(), "promotion_events": serializers.IntegerField(),
            "promotion_events_unknown_records": serializers.IntegerField(), "person_times": serializers.DictField(),
            "people": serializers.DictField(),
            "sites": serializers.DictField(), "meetings": serializers.DictField(),
            "visits_with_donation": serializers.IntegerField(), "visits_with_signing": serializers.IntegerField(),
        })),
    )
    def list(self, request):
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
        return Response(exchanges_totals(user=request.user, **filters).as_dict())


ROUTES = [("exchange-totals", ExchangeTotalsViewSet, "exchange-totals")]
