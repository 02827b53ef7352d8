from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "shanhai.incidents"
    label = "incidents"
    verbose_name = _("突发事件")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
