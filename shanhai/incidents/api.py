"""The reported poverty status (脱贫进展) of a region and year, for the API.

The incident records themselves are served by the generic ledger API (/api/incidents/,
/api/incident-aid/). ``ROUTES`` is to be registered beside the other apps' routes in
config/api_urls.py: /api/poverty-status/?region=520602&year=2019.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from shanhai.core.api import ApiSchema, year_param
from shanhai.regions.selectors import region_get, region_visible

from .selectors import poverty_status


class StatusFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="指标代码")
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.CharField(allow_null=True, help_text="报告数（十进制文本，如 1.25）；未报告为 null")
    display = serializers.CharField(help_text="如 6,278 户、1.25%")
    year = serializers.IntegerField(allow_null=True, help_text="该数所属年度（可能早于所查年度）")
    as_of = serializers.DateField(allow_null=True)
    source = serializers.CharField()
    basis = serializers.ChoiceField(["reported"], help_text="reported：报告数；建档立卡推算数将另列")


class StatusGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = StatusFigureSerializer(many=True)


@extend_schema_serializer(many=False)  # the list route answers one region's status
class PovertyStatusSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="12 位区划代码")
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    groups = StatusGroupSerializer(many=True)
    note = serializers.CharField()


class PovertyStatusViewSet(viewsets.ViewSet):
    """脱贫进展（报告数）：某区划某年度的报告数，按建档立卡、脱贫、剩余、贫困村、深度贫困村、退出检查分组，各注年度与来源。"""

    serializer_class = PovertyStatusSerializer
    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, required=True, description="区划代码（6、9 或 12 位），须在权限范围内"),
            OpenApiParameter("year", int, description="年度；各指标取该年或此前最近一年的报告数；默认今年"),
        ],
        responses=PovertyStatusSerializer,
    )
    def list(self, request):
        code = request.query_params.get("region", "").strip()
        if not code:
            raise exceptions.ValidationError({"region": ["请给出区划代码，如 520602。"]})
        year = year_param(request) or timezone.localdate().year
        region = region_get(code)
        if not region_visible(request.user, region):
            raise Http404
        status = poverty_status(user=request.user, region=region, year=year)
        return Response(PovertyStatusSerializer(status.as_dict()).data)


ROUTES = [("poverty-status", PovertyStatusViewSet, "poverty-status")]
