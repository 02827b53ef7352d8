from django.contrib import admin
from django.urls import include, path

from shanhai.pairings.urls import coverage_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("regions/", include("shanhai.regions.urls")),
    path("orgs/", include("shanhai.orgs.urls")),
    path("pairings/", include("shanhai.pairings.urls")),
    path("coverage/", include(coverage_urlpatterns)),
    path("poverty-status/", include("shanhai.incidents.urls")),
    path("agreements/", include("shanhai.agreements.urls")),
    path("returns/", include("shanhai.returns.urls")),
    path("reports/", include("shanhai.reports.urls")),
    path("", include("shanhai.core.ledger_urls")),
    path("", include("shanhai.core.urls")),
]
