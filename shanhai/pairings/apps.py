from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingsConfig(AppConfig):
    name = "shanhai.pairings"
    label = "pairings"
    verbose_name = _("结对关系")

    def ready(self):
        from . import importers  # noqa: F401  registers this app's import templates
