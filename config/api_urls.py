"""The API under /api/: one router for every app's viewsets, the import engine, token auth and the schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from shanhai.core.api import AuditEntryViewSet, ImportListView, ImportTemplateView, ImportView
from shanhai.orgs.api import ROUTES as ORG_ROUTES
from shanhai.pairings.api import ROUTES as PAIRING_ROUTES
from shanhai.regions.api import ROUTES as REGION_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [*REGION_ROUTES, *ORG_ROUTES, *PAIRING_ROUTES, ("audit", AuditEntryViewSet, "audit-entry")]:
    router.register(prefix, viewset, basename=basename)

# Names for the schema's enums where two models use the same field name ("kind", "basis", "role").
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "shanhai.regions.models.RegionKind",
        "PovertyKindEnum": "shanhai.regions.models.PovertyKind",
        "PartyRoleEnum": "shanhai.pairings.models.PartyRole",
        "CoverageTargetBasisEnum": "shanhai.pairings.models.TargetBasis",
        "MemberPovertyEnum": "shanhai.pairings.models.MemberPoverty",
        "AuditActionEnum": "shanhai.core.models.AuditAction",
        "AuditSourceEnum": "shanhai.core.models.AuditSource",
    },
}

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("imports/", ImportListView.as_view(), name="api-imports"),
    path("imports/<slug:name>/", ImportView.as_view(), name="api-import"),
    path("imports/<slug:name>/template/", ImportTemplateView.as_view(), name="api-import-template"),
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *router.urls,
]
