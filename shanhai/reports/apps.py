from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shanhai.reports"
    label = "reports"
    verbose_name = _("看板与报告")

    def ready(self):
        # Panels on other apps' pages (a pairing's page, home) register when their module loads.
        from . import briefing_views, dashboard_views  # noqa: F401
