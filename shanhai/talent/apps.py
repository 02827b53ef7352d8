from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "shanhai.talent"
    label = "talent"
    verbose_name = _("人才交流")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
