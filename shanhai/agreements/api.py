"""The ten-haves of a pair and a year for the API, from the selector the page uses.

Agreements themselves are served by the generic ledger API (/api/agreements/). ``ROUTES`` is for
config/api_urls.py, beside the other apps' routes.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from shanhai.core.api import ApiSchema, one_object, year_param
from shanhai.pairings.models import Pairing

from .selectors import ten_haves

LINK_FIELDS = {"label": serializers.CharField(), "url": serializers.CharField()}
CHECK_FIELDS = {
    "met": serializers.BooleanField(), "confirmed_by": serializers.CharField(),
    "has_attachment": serializers.BooleanField(), "source": serializers.CharField(), "note": serializers.CharField(),
}


class TenHavesViewSet(viewsets.ViewSet):
    """“十有”：一个结对一个年度的十项，各项是否达到、如何判定（台账自动判定 / 人工确认）、依据和记录链接。"""

    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("pairing", str, required=True, description="结对编号"),
            OpenApiParameter("year", int, required=True, description="年度"),
        ],
        responses=one_object(inline_serializer("TenHaves", {
            "pairing": serializers.CharField(), "year": serializers.IntegerField(),
            "met_count": serializers.IntegerField(), "total": serializers.IntegerField(),
            "items": inline_serializer("TenHaveItemStatus", {
                "code": serializers.CharField(), "name": serializers.CharField(), "met": serializers.BooleanField(),
                "how": serializers.ChoiceField(choices=["rule", "manual", "none"]), "how_display": serializers.CharField(),
                "has_rule": serializers.BooleanField(), "rule_met": serializers.BooleanField(allow_null=True),
                "summary": serializers.CharField(), "links": inline_serializer("TenHaveLink", LINK_FIELDS, many=True),
                "check": inline_serializer("TenHaveCheckSummary", CHECK_FIELDS, allow_null=True),
            }, many=True),
        })),
    )
    def list(self, request):
        reference = request.query_params.get("pairing", "").strip()
        if not reference:
            raise exceptions.ValidationError({"pairing": ["请给出结对编号。"]})
        year = year_param(request, required=True)
        pairing = Pairing.objects.visible_to(request.user).filter(reference=reference).first()
        if pairing is None:
            raise exceptions.NotFound(f"结对编号不存在或不在您的权限范围内：{reference}")
        found = ten_haves(user=request.user, pairing=pairing, year=int(year))
        return Response({
            "pairing": pairing.reference, "year": found.year, "met_count": found.met_count, "total": found.total,
            "items": [{
                "code": s.item.code, "name": s.item.name, "met": s.met, "how": s.how, "how_display": s.how_label,
                "has_rule": s.has_rule, "rule_met": s.evidence.met if s.evidence is not None else None,
                "summary": s.summary,
                "links": [{"label": str(label), "url": request.build_absolute_uri(url)} for label, url in s.links if url],
                "check": None if s.check is None else {
                    "met": s.check.met, "confirmed_by": s.check.confirmed_by, "has_attachment": bool(s.check.attachment),
                    "source": s.check.source, "note": s.check.note,
                },
            } for s in found.items],
        })


ROUTES = [("ten-haves", TenHavesViewSet, "ten-haves")]
