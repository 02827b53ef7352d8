"""Pairings, their parties, roll-ups and coverage over the API: serializers and viewsets, thin.

Figures come from pairings.selectors (pairing_party_totals, coverage, two_way_coverage); writes go
through pairings.services with the parties as a list of PartySpec.
"""

from django.db.models import Prefetch
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shanhai.core.api import (
    ApiSchema,
    PlainDecimalField,
    ReferenceViewSet,
    RefusesNullCharacters,
    ScopedModelViewSet,
    VisiblePrimaryKeyField,
    service_errors,
)
from shanhai.core.api import year_param as core_year_param
from shanhai.core.scope import Action
from shanhai.orgs.models import Organisation
from shanhai.regions.api import RegionCodeField, region_prefix
from shanhai.regions.models import Region
from shanhai.regions.selectors import region_get

from . import selectors, services
from .models import (
    CoverageTarget,
    MemberKind,
    Pairing,
    PairingKind,
    PairingStatus,
    PartyRole,
    PartyType,
)

# ---------------------------------------------------------------- reference data


class PairingKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairingKind
        fields = ["code", "name", "order"]


class MemberKindSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = MemberKind
        fields = ["code", "name", "unit", "category", "category_display", "poverty"]


class CoverageTargetSerializer(serializers.ModelSerializer):
    basis_display = serializers.CharField(source="get_basis_display", read_only=True)

    class Meta:
        model = CoverageTarget
        fields = [
            "code", "name", "basis", "basis_display", "designation", "exited", "region_kinds", "org_kinds",
            "category", "poverty", "reported_indicator", "order",
        ]


class PairingKindViewSet(ReferenceViewSet):
    queryset = PairingKind.objects.all()
    serializer_class = PairingKindSerializer
    lookup_field = "code"


class MemberKindViewSet(ReferenceViewSet):
    queryset = MemberKind.objects.all()
    serializer_class = MemberKindSerializer
    lookup_field = "code"


class CoverageTargetViewSet(ReferenceViewSet):
    queryset = CoverageTarget.objects.all()
    serializer_class = CoverageTargetSerializer
    lookup_field = "code"


# ---------------------------------------------------------------- roll-ups


class SideCountSerializer(serializers.Serializer):
    itemised = serializers.IntegerField(help_text="逐一登记的结对方个数")
    aggregate = serializers.IntegerField(help_text="汇总记录（只知数量）中的数量")
    total = serializers.IntegerField()


class PartyTotalsSerializer(serializers.Serializer):
    helpers = SideCountSerializer()
    helped = SideCountSerializer()
    pairings = serializers.IntegerField(help_text="计入的结对条数")
    aggregate_pairings = serializers.IntegerField(help_text="其中含汇总记录的结对条数")


# ---------------------------------------------------------------- coverage rows


def year_param(request) -> int:
    return core_year_param(request, required=True)


def target_param(request, default: str | None = None) -> CoverageTarget | None:
    code = request.query_params.get("target") or default
    if not code:
        return None
    target = CoverageTarget.objects.filter(code=code).first()
    if target is None:
        known = "、".join(CoverageTarget.objects.values_list("code", flat=True))
        raise exceptions.ValidationError({"target": [f"未知覆盖目标：{code}；可选：{known}"]})
    return target


class UnpairedSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["region", "organisation"])
    code = serializers.CharField(help_text="区划代码（单位为其所在区划）")
    id = serializers.IntegerField(allow_null=True, help_text="单位编号；区划为空")
    name = serializers.CharField()


class ReportedSerializer(serializers.Serializer):
    value = PlainDecimalField()
    year = serializers.IntegerField()
    as_of = serializers.DateField(allow_null=True)
    source = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    """One coverage row (selectors.Coverage): itemised and aggregate apart, the share as a string."""

    target = serializers.CharField(source="target.code")
    target_name = serializers.CharField(source="target.name")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    role = serializers.CharField()
    target_total = serializers.IntegerField(help_text="目标数：有报告数用报告数，否则为逐一标注的个数")
    target_basis = serializers.ChoiceField(choices=["reported", "itemised"])
    reported = ReportedSerializer(allow_null=True)
    itemised_targets = serializers.SerializerMethodField(help_text="区划或单位中逐一标注的目标个数")
    paired_itemised = serializers.SerializerMethodField(help_text="逐一登记已结对的个数")
    paired_aggregate = serializers.IntegerField(source="aggregate_paired", help_text="汇总记录中已结对的数量")
    paired_total = serializers.IntegerField()
    excess = serializers.IntegerField(help_text="超出目标数的结对数量（可能重复计数或目标数过时）")
    share = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=True, allow_null=True,
        help_text="已结对比例（百分数，一位小数，字符串），无目标时为 null",
    )
    complete = serializers.BooleanField()
    unpaired_total = serializers.IntegerField()
    unpaired_itemised = serializers.SerializerMethodField()
    basis_text = serializers.CharField()

    def get_itemised_targets(self, cov) -> int:
        return len(cov.itemised_targets)

    def get_paired_itemised(self, cov) -> int:
        return len(cov.itemised_paired)

    @extend_schema_field(UnpairedSerializer(many=True))
    def get_unpaired_itemised(self, cov) -> list[dict]:
        out = []
        for item in cov.unpaired_itemised:
            if isinstance(item, Region):
                out.append({"type": "region", "code": item.code, "id": None, "name": item.name})
            else:
                out.append({"type": "organisation", "code": item.region_id, "id": item.pk, "name": item.name})
        return out


class TwoWayCoverageSerializer(serializers.Serializer):
    pairing = serializers.IntegerField()
    year = serializers.IntegerField()
    target = serializers.CharField()
    east = CoverageSerializer(allow_null=True)
    west = CoverageSerializer(allow_null=True)
    complete = serializers.BooleanField()


# ---------------------------------------------------------------- pairings


class PartySerializer(RefusesNullCharacters, serializers.Serializer):
    """One helper or helped party. Written as PartySpec; the service builds and checks it."""

    id = serializers.IntegerField(read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices)
    party_type = serializers.ChoiceField(choices=PartyType.choices)
    region = RegionCodeField(
        required=False, allow_null=True, help_text="区划代码；单位类结对方可省略（取单位所在区划）"
    )
    organisation = VisiblePrimaryKeyField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, help_text="单位编号（party_type=organisation）"
    )
    count = serializers.IntegerField(min_value=1, default=1, help_text="汇总记录的数量；逐一登记的为 1")
    member_kind = serializers.SlugRelatedField(
        slug_field="code", queryset=MemberKind.objects.all(), required=False, allow_null=True,
        help_text="汇总类别代码（party_type=group），如 party_member、poor_household",
    )
    exited = serializers.BooleanField(required=False, allow_null=True, default=None)
    label = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    side = serializers.CharField(read_only=True)
    description = serializers.CharField(source="describe", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    # Null when the party has none; no default, which a partial update (PATCH) would leave the field out for.
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, allow_null=True)
    member_kind_name = serializers.CharField(source="member_kind.name", read_only=True, allow_null=True)


class PairingListSerializer(serializers.ListSerializer):
    """Computes every row's roll-up in one batch instead of a query set per row."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.context["totals"] = selectors.pairings_party_totals(items, same_kind=True)
        return super().to_representation(items)


class PairingSerializer(RefusesNullCharacters, serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=PairingKind.objects.all())
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    # A parent the caller cannot see reads as 'does not exist'.
    parent = VisiblePrimaryKeyField(queryset=Pairing.objects.all(), required=False, allow_null=True)
    children = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    display_name = serializers.CharField(read_only=True)
    shape = serializers.CharField(read_only=True, help_text="一对一 / 一对多 / 多对一 / 多对多（由双方数量推出）")
    is_aggregate = serializers.BooleanField(read_only=True, help_text="是否含汇总记录（只知数量的结对方）")
    parties = PartySerializer(many=True)
    totals = serializers.SerializerMethodField(
        help_text="帮扶方与受帮扶方的个数，逐一登记与汇总分列；含嵌套在本结对下的同类结对（汇总行只记余数）"
    )

    class Meta:
        model = Pairing
        fields = [
            "id", "reference", "kind", "kind_name", "parent", "children", "name", "display_name", "shape",
            "is_aggregate", "start_date", "end_date", "status", "status_display", "agreement", "source", "note",
            "parties", "totals",
        ]
        list_serializer_class = PairingListSerializer
        # The reference is unique; the service's full_clean says so, after the scope check.
        extra_kwargs = {"reference": {"validators": []}}

    def validate_parties(self, value):
        if not value:
            raise serializers.ValidationError("结对须至少有一个帮扶方和一个受帮扶方。")
        return value

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_children(self, pairing) -> list[int]:
        children = getattr(pairing, "visible_children", None)
        if children is None:
            return []
        return [c.pk for c in children]

    @extend_schema_field(PartyTotalsSerializer)
    def get_totals(self, pairing) -> dict:
        batch = self.context.get("totals") or {}
        totals = batch.get(pairing.pk) or selectors.pairings_party_totals([pairing], same_kind=True)[pairing.pk]
        return party_totals_data(totals)


def party_totals_data(totals) -> dict:
    return {
        "helpers": {"itemised": totals.helpers.itemised, "aggregate": totals.helpers.aggregate, "total": totals.helpers.total},
        "helped": {"itemised": totals.helped.itemised, "aggregate": totals.helped.aggregate, "total": totals.helped.total},
        "pairings": totals.pairings,
        "aggregate_pairings": totals.aggregate_pairings,
    }


def party_specs(parties: list[dict]) -> list[services.PartySpec]:
    return [services.PartySpec(**party) for party in parties]


class PairingFilter(filters.FilterSet):
    kind = filters.CharFilter(field_name="kind_id", label="结对类型代码")
    status = filters.ChoiceFilter(choices=PairingStatus.choices)
    parent = filters.NumberFilter(field_name="parent_id", label="上级结对编号（id）")
    top = filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label="只列最上层结对")
    reference = filters.CharFilter(field_name="reference")
    within = filters.CharFilter(method="filter_within", label="任一结对方位于该区划子树，如 520602")

    class Meta:
        model = Pairing
        fields = ["kind", "status", "parent", "top", "reference", "within"]

    def filter_within(self, qs, name, value):
        return qs.filter(Pairing.scope_q(prefix=region_prefix(value), side=""))


class PairingViewSet(ScopedModelViewSet):
    """Pairings (结对关系) in the caller's regions: a pairing lies wherever one of its parties does."""

    model = Pairing
    serializer_class = PairingSerializer
    filterset_class = PairingFilter
    search_fields = [
        "name", "reference", "parties__region__short_name", "parties__organisation__name",
        "parties__organisation__short_name",
    ]
    ordering_fields = ["reference", "sort_key", "start_date", "id"]

    def scope_queryset(self, qs):
        children = Pairing.objects.visible_to(self.request.user, Action.VIEW).only("id", "parent_id").order_by("id")
        return qs.select_related("kind", "parent").prefetch_related(
            selectors.PARTIES, Prefetch("children", queryset=children, to_attr="visible_children")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parties = party_specs(data.pop("parties"))
        with service_errors():
            obj = services.pairing_create(actor=self.request.user, parties=parties, **data)
        serializer.instance = self.refetch(obj)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        parties = party_specs(data.pop("parties")) if "parties" in data else None
        with service_errors():
            obj = services.pairing_update(actor=self.request.user, pairing=serializer.instance, parties=parties, **data)
        serializer.instance = self.refetch(obj)

    def perform_destroy(self, instance):
        with service_errors():
            services.pairing_delete(actor=self.request.user, pairing=instance)

    @extend_schema(
        summary="结对及其下级结对的帮扶方、受帮扶方合计",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, description="只计这一类结对，如 county（县县结对）"),
        ],
        responses=PartyTotalsSerializer,
    )
    @action(detail=True, methods=["get"])
    def totals(self, request, pk=None):
        pairing = self.get_object()
        kind = request.query_params.get("kind") or None
        if kind and not PairingKind.objects.filter(code=kind).exists():
            raise exceptions.ValidationError({"kind": [f"未知结对类型：{kind}"]})
        return Response(party_totals_data(selectors.pairing_party_totals(root=pairing, kind=kind)))

    @extend_schema(
        summary="双向结对覆盖（东西两侧的乡镇、街道是否都已结对）",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度，如 2020"),
            OpenApiParameter("target", OpenApiTypes.STR, description="覆盖目标代码，默认 towns_and_streets"),
        ],
        responses=TwoWayCoverageSerializer,
    )
    @action(detail=True, methods=["get"], url_path="two-way-coverage")
    def two_way_coverage(self, request, pk=None):
        pairing = self.get_object()
        year = year_param(request)
        target = target_param(request, default="towns_and_streets")
        east, west = selectors.two_way_coverage(pairing=pairing, target=target.code, year=year)
        context = self.get_serializer_context()
        return Response({
            "pairing": pairing.pk,
            "year": year,
            "target": target.code,
            "east": CoverageSerializer(east, context=context).data if east else None,
            "west": CoverageSerializer(west, context=context).data if west else None,
            "complete": bool(east and west and east.complete and west.complete),
        })


# ---------------------------------------------------------------- coverage of a region


@extend_schema_serializer(many=False)
class CoverageReportSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    results = CoverageSerializer(many=True)


class CoverageViewSet(viewsets.ViewSet):
    """Coverage of a region's target sets: the paired share and the unpaired, itemised and aggregate apart."""

    pagination_class = None  # a handful of rows, one per target set
    schema = ApiSchema()
    filter_backends = []

    @extend_schema(
        summary="某区划的结对覆盖",
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR, required=True, description="区划代码，如 520602"),
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度，如 2020"),
            OpenApiParameter("target", OpenApiTypes.STR, description="只看一个覆盖目标，如 deep_poverty_villages"),
        ],
        responses=CoverageReportSerializer,
    )
    def list(self, request):
        code = request.query_params.get("region", "")
        if not code:
            raise exceptions.ValidationError({"region": ["请给出区划代码，如 region=520602。"]})
        region = region_get(code)
        # Out of scope reads exactly like "no such region".
        if region is None or not Region.objects.visible_to(request.user, Action.VIEW).filter(pk=region.pk).exists():
            raise Http404
        year = year_param(request)
        target = target_param(request)
        rows = (
            [selectors.coverage(target=target, region=region, year=year)]
            if target
            else selectors.coverage_for_region(region=region, year=year)
        )
        return Response({
            "region": region.code,
            "region_name": region.name,
            "year": year,
            "results": CoverageSerializer(rows, many=True).data,
        })


ROUTES = [
    ("pairings", PairingViewSet, "pairing"),
    ("pairing-kinds", PairingKindViewSet, "pairing-kind"),
    ("member-kinds", MemberKindViewSet, "member-kind"),
    ("coverage-targets", CoverageTargetViewSet, "coverage-target"),
    ("coverage", CoverageViewSet, "coverage"),
]
