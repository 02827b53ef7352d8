"""The returns in the API: list and detail with figures, create, and the steps (submit, send back,
approve, reopen, refresh, set a figure) as POST actions calling the same services as the pages;
roll-ups from the same selector. Work logs are served by the generic ledger API (/api/work-logs/).
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shanhai.core.api import (
    ApiSchema,
    PlainDecimalField,
    RefusesNullCharacters,
    ScopedViewSetMixin,
    VisibleReferenceField,
    one_object,
    service_errors,
)
from shanhai.pairings.models import Pairing

from . import services
from .models import PERIODS_IN_YEAR, PeriodKind, Return
from .selectors import return_actions, return_figure_rows, return_rollup


class ReturnFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="figure.pk")
    indicator = serializers.CharField(source="indicator.key", help_text="指标代码")
    name = serializers.CharField(source="indicator.name")
    dimension = serializers.CharField(source="indicator.dimension.name")
    unit = serializers.CharField(source="indicator.unit")
    reportable = serializers.BooleanField(source="indicator.reported", help_text="可否手工填报")
    prefilled = PlainDecimalField(source="figure.prefilled", allow_null=True, help_text="台账预填数（本年累计至报告期）")
    prefilled_qualifier = serializers.CharField(source="figure.prefilled_qualifier")
    basis = serializers.CharField(source="figure.basis", help_text="预填依据")
    link = serializers.CharField(source="figure.link", help_text="台账记录链接")
    reported = PlainDecimalField(source="figure.reported", allow_null=True, help_text="填报数")
    value = PlainDecimalField(source="figure.value", allow_null=True, help_text="报表数：有填报数取填报数，否则取预填数")
    approved = PlainDecimalField(source="figure.approved", allow_null=True, help_text="审核数（审核时锁定）")
    current = PlainDecimalField(source="current.value", allow_null=True, default=None, help_text="当前台账数（仅已审核报表）")
    drift = PlainDecimalField(allow_null=True, help_text="变动 = 当前台账数 − 审核数（仅已审核报表）")
    note = serializers.CharField(source="figure.note")


class ReturnEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    action_display = serializers.CharField(source="get_action_display")
    actor = serializers.CharField(source="actor.username")
    state_after = serializers.CharField()
    comment = serializers.CharField()


class ReturnSerializer(serializers.ModelSerializer):
    pairing = serializers.CharField(source="pairing.reference", help_text="结对编号")
    pairing_name = serializers.CharField(source="pairing.display_name")
    period_label = serializers.CharField()
    period_kind_display = serializers.CharField(source="get_period_kind_display")
    state_display = serializers.CharField(source="get_state_display")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)
    reviewed_by = serializers.CharField(source="reviewed_by.username", allow_null=True, default=None)
    actions = serializers.SerializerMethodField(help_text="调用者此刻可做的操作：edit、submit、send_back、approve、reopen")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Return
        fields = [
            "id", "pairing", "pairing_name", "period_kind", "period_kind_display", "year", "period_no", "period_label",
            "state", "state_display", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "prefilled_at",
            "actions", "url",
        ]
        read_only_fields = fields

    def get_actions(self, ret) -> list[str]:
        return sorted(return_actions(self.context["request"].user, ret))

    def get_url(self, ret) -> str:
        return reverse("returns:return_detail", args=[ret.pk])


class ReturnDetailSerializer(ReturnSerializer):
    figures = serializers.SerializerMethodField()
    events = ReturnEventSerializer(many=True, read_only=True)

    class Meta(ReturnSerializer.Meta):
        fields = [*ReturnSerializer.Meta.fields, "figures", "events"]
        read_only_fields = fields

    @extend_schema_field(ReturnFigureSerializer(many=True))
    def get_figures(self, ret) -> list[dict]:
        rows = return_figure_rows(user=self.context["request"].user, ret=ret)
        return ReturnFigureSerializer(rows, many=True).data


class ReturnCreateSerializer(RefusesNullCharacters, serializers.Serializer):
    pairing = VisibleReferenceField(slug_field="reference", queryset=Pairing.objects.all(), help_text="结对编号，如 KS-BJ")
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    period_no = serializers.IntegerField(min_value=1, max_value=12, help_text="月报 1–12，季报 1–4，年报 1")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", help_text="意见；退回时必填")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="重新打开的理由（必填）")


class FigureSetSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="指标代码，如 persons_exited")
    value = serializers.CharField(allow_null=True, allow_blank=True, help_text="填报数；空或 null 为清除")
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ReturnViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """定期报表（填报 → 审核 → 汇总）：各期报表及其数据；报送、退回、审核、重新打开、填报均调用与页面相同的服务。"""

    model = Return
    filterset_fields = ["period_kind", "year", "period_no", "state"]
    ordering_fields = ["id", "year", "period_no"]

    def scope_queryset(self, qs):
        qs = qs.select_related("pairing", "submitted_by", "reviewed_by")
        reference = self.request.query_params.get("pairing", "").strip()
        if reference and not self.detail:
            qs = qs.filter(pairing__reference=reference)
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve" or self.action in ("submit", "send_back", "approve", "reopen", "refresh", "figure"):
            return ReturnDetailSerializer
        if self.action == "create":
            return ReturnCreateSerializer
        return ReturnSerializer

    def _answer(self, ret):
        ret = self.get_queryset().get(pk=ret.pk)
        return Response(ReturnDetailSerializer(ret, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[OpenApiParameter("pairing", str, description="结对编号（只列该结对本身的报表）")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ReturnCreateSerializer, responses=ReturnDetailSerializer)
    def create(self, request, *args, **kwargs):
        data = ReturnCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with service_errors():
            ret = services.return_create(actor=request.user, **data.validated_data)
        response = self._answer(ret)
        response.status_code = 201
        return response

    def _step(self, fn, serializer=None, field: str = ""):
        """One move of the state machine: the posted comment or reason, if any, passed to the service."""
        kwargs = {}
        if serializer is not None:
            data = serializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            kwargs[field] = data.validated_data[field]
        ret = self.get_object()
        with service_errors():
            ret = fn(actor=self.request.user, ret=ret, **kwargs)
        return self._answer(ret)

    @extend_schema(request=CommentSerializer, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """报送（草稿或已退回 → 已报送）：本结对的填报单位。"""
        return self._step(services.return_submit, CommentSerializer, "comment")

    @extend_schema(request=CommentSerializer, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """退回（已报送 → 已退回），意见必填：上一级结对的单位，不能是报送人。"""
        return self._step(services.return_send_back, CommentSerializer, "comment")

    @extend_schema(request=CommentSerializer, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """审核通过（已报送 → 已审核），各项数据锁定为审核数：上一级结对的单位，不能是报送人。"""
        return self._step(services.return_approve, CommentSerializer, "comment")

    @extend_schema(request=ReasonSerializer, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """重新打开（已审核 → 草稿），理由必填：审核单位或国家/省级协作办。"""
        return self._step(services.return_reopen, ReasonSerializer, "reason")

    @extend_schema(request=None, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        """按台账重新预填（草稿或已退回）。"""
        return self._step(services.return_refresh)

    @extend_schema(request=FigureSetSerializer, responses=ReturnDetailSerializer)
    @action(detail=True, methods=["post"])
    def figure(self, request, pk=None):
        """填报一项指标的数（只限允许填报的指标，只限草稿或已退回的报表）。"""
        ret = self.get_object()
        data = FigureSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fig = ret.figures.select_related("indicator").filter(indicator__key=data.validated_data["indicator"]).first()
        if fig is None:
            raise exceptions.ValidationError({"indicator": [f"本报表没有指标：{data.validated_data['indicator']}"]})
        with service_errors():
            services.return_figure_set(
                actor=request.user, figure=fig, value=data.validated_data["value"], note=data.validated_data["note"],
            )
        return self._answer(ret)


ROLLUP_RESPONSE = one_object(inline_serializer("ReturnRollup", {
    "pairing": serializers.CharField(allow_null=True, help_text="结对编号；null 为全国"),
    "period_kind": serializers.CharField(), "year": serializers.IntegerField(), "period_no": serializers.IntegerField(),
    "complete": serializers.BooleanField(help_text="下级是否全部审核"),
    "totals": serializers.ListField(child=serializers.DictField(), help_text="每项指标：合计、计入的下级数、可否相加"),
    "children": serializers.ListField(child=serializers.DictField(), help_text="直接下级结对：状态 approved / rolled_up / pending / missing 及其数"),
}))


class ReturnRollupViewSet(viewsets.ViewSet):
    """报表汇总：某结对（不给则为全国）某期直接下级结对已审核报表之和，逐一列出已审核、按下级汇总、未审核、未报的下级。"""

    schema = ApiSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("pairing", str, description="结对编号；不给为全国（各省际协作之和）"),
            OpenApiParameter("period_kind", str, enum=[k for k, _ in PeriodKind.choices], required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("period_no", int, description="期次，默认 1"),
        ],
        responses=ROLLUP_RESPONSE,
    )
    def list(self, request):
        params = request.query_params
        kind = params.get("period_kind", "")
        if kind not in PERIODS_IN_YEAR:
            raise exceptions.ValidationError({"period_kind": ["应为 monthly、quarterly 或 yearly。"]})
        year, number = params.get("year", ""), params.get("period_no", "1")
        if not year.isdigit() or not 1949 <= int(year) <= 2100:
            raise exceptions.ValidationError({"year": ["请给出四位年度，如 2020。"]})
        if not number.isdigit() or not 1 <= int(number) <= PERIODS_IN_YEAR[kind]:
            raise exceptions.ValidationError({"period_no": [f"期次应为 1–{PERIODS_IN_YEAR[kind]}。"]})
        pairing = None
        reference = params.get("pairing", "").strip()
        if reference:
            pairing = Pairing.objects.visible_to(request.user).filter(reference=reference).first()
            if pairing is None:
                raise exceptions.NotFound(f"结对编号不存在或不在您的权限范围内：{reference}")
        found = return_rollup(user=request.user, pairing=pairing, period_kind=kind, year=int(year), period_no=int(number))
        return Response(found.as_dict())


ROUTES = [("returns", ReturnViewSet, "return"), ("return-rollups", ReturnRollupViewSet, "return-rollup")]
