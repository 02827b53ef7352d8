"""The API under /api/: one router for every app's viewsets, the import engine, token auth and the schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from shanhai.agreements.api import ROUTES as AGREEMENT_ROUTES
from shanhai.consumption.api import ROUTES as CONSUMPTION_ROUTES
from shanhai.core.api import AuditEntryViewSet, ImportListView, ImportTemplateView, ImportView
from shanhai.core.auth import ObtainToken, TokenLogout
from shanhai.core.ledger_api import ledger_routes
from shanhai.exchanges.api import ROUTES as EXCHANGE_ROUTES
from shanhai.incidents.api import ROUTES as INCIDENT_ROUTES
from shanhai.industry.api import ROUTES as INDUSTRY_ROUTES
from shanhai.labour.api import ROUTES as LABOUR_ROUTES
from shanhai.orgs.api import ROUTES as ORG_ROUTES
from shanhai.pairings.api import ROUTES as PAIRING_ROUTES
from shanhai.regions.api import ROUTES as REGION_ROUTES
from shanhai.reports.api import ROUTES as REPORT_ROUTES
from shanhai.returns.api import ROUTES as RETURN_ROUTES
from shanhai.social.api import ROUTES as SOCIAL_ROUTES
from shanhai.talent.api import ROUTES as TALENT_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [
    *REGION_ROUTES, *ORG_ROUTES, *PAIRING_ROUTES, *ledger_routes(), *SOCIAL_ROUTES, *INDUSTRY_ROUTES, *INCIDENT_ROUTES,
    *TALENT_ROUTES, *EXCHANGE_ROUTES, *LABOUR_ROUTES, *CONSUMPTION_ROUTES, *RETURN_ROUTES, *REPORT_ROUTES,
    *AGREEMENT_ROUTES,
    ("audit", AuditEntryViewSet, "audit-entry"),
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("auth/logout/", TokenLogout.as_view(), name="api-logout"),
    path("imports/", ImportListView.as_view(), name="api-imports"),
    path("imports/<slug:name>/", ImportView.as_view(), name="api-import"),
    path("imports/<slug:name>/template/", ImportTemplateView.as_view(), name="api-import-template"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *router.urls,
]
