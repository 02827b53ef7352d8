"""Dashboards (per pair and the nation) and assessment scorecards."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("dashboard/nation/", views.nation_dashboard_page, name="dashboard_nation"),
    path("dashboard/<int:pk>/", views.dashboard_page, name="dashboard"),
    path("scorecard/<int:pk>/", views.scorecard_page, name="scorecard"),
]
