from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumptionConfig(AppConfig):
    name = "shanhai.consumption"
    label = "consumption"
    verbose_name = _("消费帮扶")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
