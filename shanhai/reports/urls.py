"""Pages that give back: dashboards and scorecards; reconciliation and briefings (each its own module)."""

from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("shanhai.reports.dashboard_urls")),
    path("", include("shanhai.reports.briefing_urls")),
]
