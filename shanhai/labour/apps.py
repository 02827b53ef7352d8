from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "shanhai.labour"
    label = "labour"
    verbose_name = _("劳务协作")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
