from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EduHealthConfig(AppConfig):
    name = "shanhai.edu_health"
    label = "edu_health"
    verbose_name = _("教育医疗结对")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
