"""Dashboards and scorecards in the API: the same composition the pages call (``dashboards``,
``scorecard``), as data. ``/api/dashboards/`` is the nation; ``/api/dashboards/<结对编号>/`` a pair;
``/api/scorecards/<结对编号>/`` a city or province pair's county pairs, ranked."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from shanhai.core.api import ApiSchema
from shanhai.pairings.selectors import pairings_for

from .dashboards import (
    dashboard_as_dict,
    dashboard_years,
    default_year,
    nation_dashboard,
    pairing_dashboard,
    top_pairings,
)
from .figures_apart import apart_as_dict
from .scorecard import scorecard, scorecard_as_dict

# ---------------------------------------------------------------- response shapes (for the schema)


class DashboardFigureSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="数值（金额为元，精确到分）；无数为 null")
    unit = serializers.CharField()
    display = serializers.CharField(help_text="如“1.27 亿元以上”")
    itemised = serializers.CharField(help_text="逐笔登记部分")
    aggregate = serializers.CharField(help_text="汇总记录部分")
    records = serializers.IntegerField()
    qualifier = serializers.CharField(help_text="空：确数；at_least：以上；over：余；about：约；nearly：近；under：不足")
    basis = serializers.CharField(help_text="itemised 逐笔 / aggregate 汇总 / mixed 逐笔+汇总 / reported 填报 / derived 推算 / none 无记录")
    basis_text = serializers.CharField(help_text="口径说明，如“汇总 1.27 亿元以上（2 条记录）”")
    link = serializers.CharField(help_text="背后的台账记录页面")


class DashboardIndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    dimension = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField()
    actual = DashboardFigureSerializer(help_text="当年数")
    cumulative = DashboardFigureSerializer(help_text="累计数（至当年）")
    target = serializers.CharField(allow_null=True)
    target_display = serializers.CharField()
    target_rolled_up = serializers.BooleanField(help_text="本级未定目标，取下级结对目标之和")
    target_origin = serializers.ChoiceField(
        choices=["own", "inferred", "rolled_up", "default"], allow_null=True,
        help_text="目标来源：own 来源所载计划；inferred 由完成数推定；rolled_up 下级结对目标之和；default 指标体系统一目标值（非本结对年度目标）",
    )
    completion = serializers.CharField(allow_null=True, help_text="完成率（%，一位小数）")
    weight = serializers.CharField()
    score = serializers.CharField(allow_null=True)


class DashboardDimensionSerializer(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    weight = serializers.CharField()
    score = serializers.CharField()
    indicators = DashboardIndicatorSerializer(many=True)


class DashboardPairingSerializer(serializers.Serializer):
    reference = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class DashboardDimensionScoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    score = serializers.CharField()


class DashboardPairRowSerializer(serializers.Serializer):
    pairing = DashboardPairingSerializer(allow_null=True, help_text="合计行为 null")
    dimension_scores = DashboardDimensionScoreSerializer(many=True)
    total_score = serializers.CharField()
    indicators = DashboardIndicatorSerializer(many=True)


class DashboardTrendPointSerializer(DashboardFigureSerializer):
    year = serializers.IntegerField()


class DashboardTrendSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    points = DashboardTrendPointSerializer(many=True)


class ApartLineSerializer(serializers.Serializer):
    years = serializers.CharField(help_text="如“2017—2019”")
    label = serializers.CharField(help_text="类别或台账名称")
    figure = serializers.CharField(help_text="主要数额的合计（合计记录只计一次），如“3,000 万元”")
    records = serializers.IntegerField()
    text = serializers.CharField(help_text="如“2017—2019 财政援助资金 3,000 万元”")


class ApartGroupSerializer(serializers.Serializer):
    ledger = serializers.CharField(help_text="台账（API 前缀）")
    title = serializers.CharField()
    records = serializers.IntegerField()
    lines = ApartLineSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    pairing = DashboardPairingSerializer(allow_null=True, help_text="全国看板为 null")
    year = serializers.IntegerField()
    total_score = serializers.CharField()
    dimensions = DashboardDimensionSerializer(many=True)
    children = DashboardPairRowSerializer(many=True, help_text="直接下级的县级、市级、省级结对（全国：最上级各结对）")
    total_row = DashboardPairRowSerializer(allow_null=True, help_text="全国：各结对数相加")
    others = DashboardPairingSerializer(many=True, help_text="其他类型的直接下级结对（计入本结对各数）")
    trends = DashboardTrendSerializer(many=True)
    spans = ApartGroupSerializer(many=True, required=False, help_text="结对看板：跨越本年度的跨年度累计记录（不计入当年数）")
    expected = ApartGroupSerializer(many=True, required=False, help_text="结对看板：本年度的预期/计划数（不计入完成数）")
    undated = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text="结对看板：未载年度的记录条数，按台账（不计入任何年度及累计数）",
    )


class ScorecardRowSerializer(serializers.Serializer):
    pairing = DashboardPairingSerializer()
    rank = serializers.IntegerField(allow_null=True)
    total_score = serializers.CharField()
    dimension_scores = DashboardDimensionScoreSerializer(many=True)
    indicators = DashboardIndicatorSerializer(many=True)


class ScorecardParentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    name = serializers.CharField()


class ScorecardSerializer(serializers.Serializer):
    parent = ScorecardParentSerializer()
    year = serializers.IntegerField()
    rows = ScorecardRowSerializer(many=True, help_text="县级结对，按总分排名（同分同名次）")
    summary = ScorecardRowSerializer(allow_null=True, help_text="本级结对汇总（含下级），不排名")


YEAR = OpenApiParameter("year", int, description="年度；缺省为有台账记录的最近年度")
REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="结对编号，如 KS-BJ")


def _year(request, pairings) -> int:
    years = dashboard_years()
    text = request.query_params.get("year", "")
    if text:
        if not text.isdigit() or int(text) not in years:
            raise exceptions.ValidationError({"year": [f"没有适用于该年度的指标体系：{text}"]})
        return int(text)
    year = default_year(user=request.user, pairings=pairings, years=years)
    if year is None:
        raise exceptions.NotFound("尚无指标体系。")
    return year


def _pairing(request, reference):
    pairing = pairings_for(user=request.user).filter(reference=reference).first()
    if pairing is None:
        raise exceptions.NotFound(f"结对编号不存在或不在您的权限范围内：{reference}")
    return pairing


class OneObjectSchema(ApiSchema):
    """The list route here answers with one object (the nation's dashboard), not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class DashboardViewSet(viewsets.ViewSet):
    """看板：六个考核维度下各指标的当年数、累计数、目标、完成率、得分与口径；下级结对按维度得分；资金类指标逐年变化。"""

    schema = OneObjectSchema()
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"

    @extend_schema(operation_id="dashboards_nation", parameters=[YEAR], responses=DashboardSerializer, summary="全国看板：权限范围内最上级各结对并列及其合计")
    def list(self, request):
        year = _year(request, top_pairings(user=request.user))
        return Response(dashboard_as_dict(nation_dashboard(user=request.user, year=year)))

    @extend_schema(parameters=[REFERENCE, YEAR], responses=DashboardSerializer, summary="结对看板")
    def retrieve(self, request, reference=None):
        pairing = _pairing(request, reference)
        year = _year(request, [pairing])
        return Response({
            **dashboard_as_dict(pairing_dashboard(user=request.user, pairing=pairing, year=year)),
            **apart_as_dict(user=request.user, pairing=pairing, year=year),
        })


class ScorecardViewSet(viewsets.ViewSet):
    """考核评分表：市级或省级结对之下各县级结对逐项指标的实际、目标、完成率、得分，总分与排名；本级汇总另列。"""

    schema = ApiSchema()
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"

    @extend_schema(parameters=[REFERENCE, YEAR], responses=ScorecardSerializer, summary="考核评分表")
    def retrieve(self, request, reference=None):
        pairing = _pairing(request, reference)
        year = _year(request, [pairing])
        return Response(scorecard_as_dict(scorecard(user=request.user, parent=pairing, year=year)))


ROUTES = [
    ("dashboards", DashboardViewSet, "dashboard"),
    ("scorecards", ScorecardViewSet, "scorecard"),
]
