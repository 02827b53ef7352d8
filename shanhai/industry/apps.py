from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "shanhai.industry"
    label = "industry"
    verbose_name = _("产业合作")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
