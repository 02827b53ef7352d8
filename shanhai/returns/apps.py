from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "shanhai.returns"
    label = "returns"
    verbose_name = _("定期报表")

    def ready(self):
        from shanhai.assessment.selectors import register_reported_source

        from . import importers, ledgers, views  # noqa: F401  register the work-log template, ledger and panels
        from .selectors import approved_reported_figure

        # an indicator without a ledger figure is answered by the latest approved return
        register_reported_source(approved_reported_figure)
