from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "shanhai.exchanges"
    label = "exchanges"
    verbose_name = _("互访交流")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
