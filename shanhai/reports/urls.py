"""Pages that give back: dashboards and scorecards; reconciliation and briefings (each its own module)."""

from django.urls import include, path

from . import hub_views

app_name = "reports"
urlpatterns = [
    path("", hub_views.assessment_index, name="index"),
    path("", include("shanhai.reports.dashboard_urls")),
    path("", include("shanhai.reports.briefing_urls")),
]
