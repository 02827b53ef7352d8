from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "shanhai.social"
    label = "social"
    verbose_name = _("社会帮扶")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
