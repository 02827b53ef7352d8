"""Reconciliation rows and briefings through the API, from the selectors the pages use."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from shanhai.core.api import ApiSchema, year_param
from shanhai.pairings.models import Pairing

from .briefing import briefing_build, briefing_issue
from .reconciliation import reconciliation_pairing, reconciliation_rows


def _year(request, *, required: bool = False) -> int | None:
    return year_param(request, required=required)


SIDE = inline_serializer("ReconciliationSide", {
    "label": serializers.CharField(), "value": serializers.CharField(allow_null=True), "unit": serializers.CharField(),
    "qualifier": serializers.CharField(), "display": serializers.CharField(), "records": serializers.IntegerField(),
    "note": serializers.CharField(), "links": serializers.ListField(child=serializers.DictField()),
})


class ReconciliationViewSet(viewsets.ViewSet):
    """数据核对：报告数（及汇总报告总数、已审核报表数）与台账合计并列，给出差额和状态（相符／不符／只有报告数／只有台账）。"""

    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("pairing", str, description="结对编号（含下级结对）；留空为权限内全部结对"),
            OpenApiParameter("year", int, description="年度；留空为全部年度"),
        ],
        responses=inline_serializer("ReconciliationRow", {
            "source": serializers.CharField(), "source_label": serializers.CharField(),
            "pairing": serializers.CharField(), "pairing_name": serializers.CharField(), "year": serializers.IntegerField(),
            "indicator": serializers.CharField(), "indicator_name": serializers.CharField(), "unit": serializers.CharField(),
            "reference": serializers.CharField(), "statement": serializers.CharField(),
            "stated": SIDE, "counted": SIDE,
            "difference": serializers.CharField(allow_null=True), "difference_display": serializers.CharField(),
            "status": serializers.CharField(), "status_label": serializers.CharField(),
            "status_text": serializers.CharField(), "summary": serializers.CharField(),
        }, many=True),
    )
    def list(self, request):
        pairing = None
        reference = request.query_params.get("pairing", "").strip()
        if reference:
            pairing = reconciliation_pairing(user=request.user, reference=reference)
            if pairing is None:
                raise exceptions.NotFound(f"结对编号不存在或不在您的权限范围内：{reference}")
        rows = reconciliation_rows(user=request.user, pairing=pairing, year=_year(request))
        return Response([row.as_dict() for row in rows])


class BriefingViewSet(viewsets.ViewSet):
    """工作简报：一个结对一个年度的简报，分段落给出句子和其中每个数字的来源口径，另附 Markdown 全文。"""

    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="结对 ID"),
            OpenApiParameter("year", int, description="年度", required=True),
            OpenApiParameter("issue", int, description="期数（第X期），默认 1"),
            OpenApiParameter("office", str, description="发文单位；留空为本单位（或结对的东部协作办）"),
            OpenApiParameter("date", str, description="发文日期，如 2019-12-20；留空为今天"),
            OpenApiParameter("report_to", str, description="报：…；留空为默认"),
            OpenApiParameter("send_to", str, description="送：…；留空为默认"),
        ],
        responses=inline_serializer("Briefing", {
            "pairing": serializers.CharField(), "year": serializers.IntegerField(), "title": serializers.CharField(),
            "issue": serializers.IntegerField(), "office": serializers.CharField(), "date": serializers.CharField(),
            "report_to": serializers.CharField(), "send_to": serializers.CharField(),
            "opening": serializers.ListField(child=serializers.CharField()),
            "sections": serializers.ListField(child=serializers.DictField()),
            "numbers": serializers.ListField(child=serializers.DictField()),
            "markdown": serializers.CharField(),
        }),
    )
    def retrieve(self, request, pk=None):
        pairing = Pairing.objects.visible_to(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
        if pairing is None:
            raise exceptions.NotFound("结对不存在或不在您的权限范围内")
        year = _year(request, required=True)
        params = {name: request.query_params.get(name, "") for name in ("office", "date", "report_to", "send_to")}
        try:
            issue = briefing_issue(number=request.query_params.get("issue", ""), **params)
        except ValueError as e:
            raise exceptions.ValidationError({"issue": [str(e)]}) from None
        briefing = briefing_build(user=request.user, pairing=pairing, year=year)
        return Response(briefing.as_dict(issue))


ROUTES = [
    ("reconciliation", ReconciliationViewSet, "reconciliation"),
    ("briefings", BriefingViewSet, "briefing"),
]
