"""Derived labour figures for the API: per pairing (nested pairings rolled in), with stable
employment derived for a year by the rule held as data.

The records themselves are served by the generic ledger API (/api/employment-outcomes/,
/api/transports/ …). ``ROUTES`` is meant to be registered beside the other apps' routes in
config/api_urls.py.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from shanhai.core.api import ScopedReadOnlyViewSet, year_param
from shanhai.pairings.models import Pairing

from .selectors import (
    employment_by_destination,
    employment_reported_stable,
    employment_stable,
    employment_total,
    jobs_offered_total,
    transports_total,
)


def _year(request) -> int | None:
    return year_param(request)


def pairing_labour(user, pairing, year: int | None) -> dict:
    filters = {"year": year} if year else {}
    out = {
        "pairing": pairing.reference, "name": str(pairing), "year": year,
        "jobs_offered": jobs_offered_total(user=user, pairing=pairing, **filters).as_dict(),
        "transported": transports_total(user=user, pairing=pairing, **filters).as_dict(),
        "employed": employment_total(user=user, pairing=pairing, **filters).as_dict(),
        "by_destination": [
            {"destination": k.code, "name": k.name, "in_east": k.in_east, **h.as_dict()}
            for k, h in employment_by_destination(user=user, pairing=pairing, **filters)
        ],
        "reported_stable": employment_reported_stable(user=user, pairing=pairing, **filters).as_dict(),
        "stable_derived": employment_stable(user=user, pairing=pairing, year=year).as_dict() if year else None,
    }
    return out


class LabourFiguresSerializer(serializers.Serializer):
    pairing = serializers.CharField(help_text="结对编号")
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    jobs_offered = serializers.DictField(help_text="提供岗位：total/itemised/aggregate、qualifier（以上）")
    transported = serializers.DictField(help_text="组织输送人数及其中贫困人口")
    employed = serializers.DictField(help_text="就业人数及其中贫困劳动力；贫困人数未载的记录数")
    by_destination = serializers.ListField(child=serializers.DictField())
    reported_stable = serializers.DictField(help_text="来源自称稳定就业的人数")
    stable_derived = serializers.DictField(allow_null=True, help_text="按认定规则推算的稳定就业（给出 year 时）")


class LabourFiguresViewSet(ScopedReadOnlyViewSet):
    """劳务协作合计：每个结对（含下级结对）的提供岗位、组织输送、就业（按去向）、来源称稳定就业与按规则推算的稳定就业。"""

    model = Pairing
    serializer_class = LabourFiguresSerializer
    search_fields = ["reference", "name"]
    ordering_fields = ["reference"]
    lookup_field = "reference"

    def scope_queryset(self, qs):
        return qs.order_by("reference")

    @extend_schema(parameters=[OpenApiParameter("year", int, description="只计该年度；并按该年度规则推算稳定就业")])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        year = _year(request)
        return self.get_paginated_response([pairing_labour(request.user, p, year) for p in page])

    @extend_schema(parameters=[OpenApiParameter("year", int, description="只计该年度；并按该年度规则推算稳定就业")])
    def retrieve(self, request, *args, **kwargs):
        return Response(pairing_labour(request.user, self.get_object(), _year(request)))


ROUTES = [("labour-figures", LabourFiguresViewSet, "labour-figures")]
