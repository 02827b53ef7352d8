"""Organisations over the API: serializers and viewsets, thin; writes go through orgs.services."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from shanhai.core.api import ReferenceViewSet, RefusesNullCharacters, ScopedModelViewSet, service_errors
from shanhai.regions.api import RegionCodeField, WithinFilter

from . import services
from .models import Organisation, OrgKind


class OrgKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgKind
        fields = ["code", "name", "order"]


class OrgKindViewSet(ReferenceViewSet):
    queryset = OrgKind.objects.all()
    serializer_class = OrgKindSerializer
    lookup_field = "code"


class OrganisationSerializer(RefusesNullCharacters, serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=OrgKind.objects.all())
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "kind_name", "region", "region_name", "credit_code", "note"]
        # Uniqueness (name within a region, credit code) is checked by the service's full_clean, so
        # an out-of-scope caller gets 403 before learning whether a name is taken elsewhere.
        validators = []


class OrganisationFilter(filters.FilterSet):
    kind = filters.CharFilter(field_name="kind_id", label="单位类别代码")
    within = WithinFilter()

    class Meta:
        model = Organisation
        fields = ["kind", "within"]


class OrganisationViewSet(ScopedModelViewSet):
    """Organisations (单位) in the caller's regions; search by full name, short name or pinyin initials."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    search_fields = ["name", "short_name", "^initials"]
    ordering_fields = ["sort_key", "name", "region", "id"]

    def scope_queryset(self, qs):
        return qs.select_related("kind", "region")

    def perform_create(self, serializer):
        with service_errors():
            obj = services.organisation_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.refetch(obj)

    def perform_update(self, serializer):
        with service_errors():
            obj = services.organisation_update(
                actor=self.request.user, organisation=serializer.instance, **serializer.validated_data
            )
        serializer.instance = self.refetch(obj)

    def perform_destroy(self, instance):
        with service_errors():
            services.organisation_delete(actor=self.request.user, organisation=instance)


ROUTES = [
    ("orgs", OrganisationViewSet, "organisation"),
    ("org-kinds", OrgKindViewSet, "org-kind"),
]
