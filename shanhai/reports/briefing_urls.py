"""Reconciliation (数据核对) and briefings (工作简报)."""

from django.urls import path

from . import briefing_views as views

urlpatterns = [
    path("reconciliation/", views.reconciliation_page, name="reconciliation"),
    path("briefing/<int:pk>/", views.briefing_page, name="briefing"),
    path("briefing/<int:pk>.docx", views.briefing_docx_download, name="briefing_docx"),
    path("briefing/<int:pk>.md", views.briefing_markdown_download, name="briefing_md"),
]
