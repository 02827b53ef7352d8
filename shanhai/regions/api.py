"""Regions, poverty designations and reported figures over the API: serializers and viewsets, thin."""

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from shanhai.core.api import (
    PlainDecimalField,
    ReferenceViewSet,
    RefusesNullCharacters,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    service_errors,
)

from . import codes, services
from .models import PovertyDesignation, Region, RegionKind, RegionLevel, ReportedFigure, ReportedIndicator
from .selectors import region_get

# ---------------------------------------------------------------- shared pieces


def region_prefix(value: str) -> str:
    """What a caller types for a subtree (520602, 520602000000, 520602101) → the code prefix."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 12:
        raise exceptions.ValidationError({"within": ["区划代码前缀应为 1 至 12 位数字，如 520602。"]})
    try:
        return codes.normalize_query_code(value)
    except ValueError:
        return value  # an odd length is taken as it stands: a plain prefix


class WithinFilter(filters.CharFilter):
    """``?within=520602``: records in a region subtree. ``lookup`` is the code path to filter on."""

    def __init__(self, lookup: str = "region__code", **kwargs):
        kwargs.setdefault("label", "区划代码前缀（子树），如 520602")
        super().__init__(**kwargs)
        self.lookup = lookup

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.lookup}__startswith": region_prefix(value)})


@extend_schema_field({"type": "string", "pattern": "^[0-9]{2,12}$", "example": "520602101208"})
class RegionCodeField(serializers.RelatedField):
    """A region written as its code (6, 9 or 12 digits) and shown as the 12-digit code.

    Any existing code is accepted: the division codes are public, and whether the caller may write
    at that region is the service's decision (403), not a lookup failure.
    """

    default_error_messages = {
        "does_not_exist": "区划代码不存在：{value}",
        "invalid": "区划代码应为 2、4、6、9 或 12 位数字。",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        if not text.isdigit():
            self.fail("invalid")
        region = region_get(text)
        if region is None:
            self.fail("does_not_exist", value=text)
        return region

    def to_representation(self, value):
        return value.pk


# ---------------------------------------------------------------- regions


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = [
            "code", "display_code", "name", "short_name", "level", "level_display", "kind", "kind_display",
            "parent", "provisional", "source",
        ]
        read_only_fields = fields


class RegionDetailSerializer(RegionSerializer):
    full_name = serializers.CharField(read_only=True)
    path = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "full_name", "path"]
        read_only_fields = fields

    def get_path(self, region) -> list[dict]:
        return [{"code": r.code, "name": r.short_name, "level": r.level} for r in region.path()]


class RegionFilter(filters.FilterSet):
    level = filters.TypedChoiceFilter(choices=RegionLevel.choices, coerce=int)
    kind = filters.ChoiceFilter(choices=RegionKind.choices)
    parent = filters.CharFilter(method="filter_parent", label="上级区划代码")
    within = WithinFilter(lookup="code")

    class Meta:
        model = Region
        fields = ["level", "kind", "parent", "provisional", "within"]

    def filter_parent(self, qs, name, value):
        try:
            return qs.filter(parent_id=codes.pad(value))
        except ValueError as exc:
            raise exceptions.ValidationError({"parent": [str(exc)]}) from exc


class RegionViewSet(ScopedReadOnlyViewSet):
    """The division tree; a region's detail is at its code (520602 or 520602000000)."""

    model = Region
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["code", "level", "short_name"]
    ordering = ["code"]
    lookup_field = "code"
    lookup_value_regex = "[0-9]{2,12}"

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    def get_object(self):
        try:
            code = codes.pad(self.kwargs["code"])
        except ValueError as exc:
            raise Http404 from exc
        region = self.get_queryset().filter(code=code).first()
        if region is None:
            raise Http404
        return region


# ---------------------------------------------------------------- poverty designations


class KeyUnchangedMixin:
    """Upserts are keyed (region + kind, region + year + indicator): an update keeps its key."""

    key_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        if self.instance is not None:
            moved = [f for f in self.key_fields if f in attrs and attrs[f] != getattr(self.instance, f)]
            if moved:
                raise serializers.ValidationError(
                    {f: ["修改后不能改变；请删除后按新的区划/类别/年度新建。"] for f in moved}
                )
        return attrs


class PovertyDesignationSerializer(RefusesNullCharacters, KeyUnchangedMixin, serializers.ModelSerializer):
    key_fields = ("region", "kind")
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PovertyDesignation
        fields = ["id", "region", "region_name", "kind", "kind_display", "identified_year", "exit_year", "source"]
        # The pair (region, kind) is an upsert key handled by the service, not a uniqueness error.
        validators = []


class PovertyDesignationFilter(filters.FilterSet):
    region = filters.CharFilter(method="filter_region", label="区划代码")
    within = WithinFilter()

    class Meta:
        model = PovertyDesignation
        fields = ["region", "kind", "exit_year", "within"]

    def filter_region(self, qs, name, value):
        try:
            return qs.filter(region_id=codes.pad(value))
        except ValueError as exc:
            raise exceptions.ValidationError({"region": [str(exc)]}) from exc


class KeyedSetViewSet(ScopedModelViewSet):
    """POST sets a keyed record through the app's ``*_set`` service: 201 when new, 200 when it
    replaced the record already held under the same key."""

    def set_record(self, *, data: dict):
        raise NotImplementedError

    def delete_record(self, instance):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            obj, created = self.set_record(data=serializer.validated_data)
        serializer.instance = self.refetch(obj)
        return Response(serializer.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        # PATCH sends some fields; the *_set services take the whole record.
        data = {name: getattr(serializer.instance, name) for name, field in serializer.fields.items() if not field.read_only}
        data.update(serializer.validated_data)
        with service_errors():
            obj, _ = self.set_record(data=data)
        serializer.instance = self.refetch(obj)

    def perform_destroy(self, instance):
        with service_errors():
            self.delete_record(instance)


class PovertyDesignationViewSet(KeyedSetViewSet):
    """Itemised poverty flags (poor county, poor / deep-poverty village) with identification and exit years."""

    model = PovertyDesignation
    serializer_class = PovertyDesignationSerializer
    filterset_class = PovertyDesignationFilter
    search_fields = ["region__name", "region__short_name"]
    ordering_fields = ["region", "kind", "exit_year"]

    def scope_queryset(self, qs):
        return qs.select_related("region")

    def set_record(self, *, data):
        return services.poverty_designation_set(
            actor=self.request.user, region=data["region"], kind=data["kind"],
            identified_year=data.get("identified_year"), exit_year=data.get("exit_year"), source=data.get("source") or "",
        )

    def delete_record(self, instance):
        services.poverty_designation_delete(actor=self.request.user, designation=instance)


# ---------------------------------------------------------------- reported figures


class ReportedIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportedIndicator
        fields = ["code", "name", "unit", "description"]


class ReportedIndicatorViewSet(ReferenceViewSet):
    queryset = ReportedIndicator.objects.all()
    serializer_class = ReportedIndicatorSerializer
    lookup_field = "code"


class ReportedFigureSerializer(RefusesNullCharacters, KeyUnchangedMixin, serializers.ModelSerializer):
    key_fields = ("region", "year", "indicator")
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=ReportedIndicator.objects.all())
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    value = PlainDecimalField(help_text="数值，字符串形式的十进制数，如 \"319\"、\"1.25\"")

    class Meta:
        model = ReportedFigure
        fields = ["id", "region", "region_name", "year", "indicator", "indicator_name", "unit", "value", "as_of", "source"]
        validators = []


class ReportedFigureFilter(PovertyDesignationFilter):
    indicator = filters.CharFilter(field_name="indicator_id")

    class Meta:
        model = ReportedFigure
        fields = ["region", "year", "indicator", "within"]


class ReportedFigureViewSet(KeyedSetViewSet):
    """Figures offices reported per region and year ("319 deep-poverty villages"), kept apart from flags."""

    model = ReportedFigure
    serializer_class = ReportedFigureSerializer
    filterset_class = ReportedFigureFilter
    search_fields = ["region__name", "region__short_name", "indicator__name"]
    ordering_fields = ["region", "year", "indicator"]

    def scope_queryset(self, qs):
        return qs.select_related("region", "indicator")

    def set_record(self, *, data):
        return services.reported_figure_set(
            actor=self.request.user, region=data["region"], year=data["year"], indicator=data["indicator"],
            value=data["value"], as_of=data.get("as_of"), source=data.get("source") or "",
        )

    def delete_record(self, instance):
        services.reported_figure_delete(actor=self.request.user, figure=instance)


ROUTES = [
    ("regions", RegionViewSet, "region"),
    ("poverty-designations", PovertyDesignationViewSet, "poverty-designation"),
    ("reported-indicators", ReportedIndicatorViewSet, "reported-indicator"),
    ("reported-figures", ReportedFigureViewSet, "reported-figure"),
]
