from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "shanhai.assessment"
    label = "assessment"
    verbose_name = _("考核")

    def ready(self):
        from . import figures, importers, ledgers  # noqa: F401  register figures, templates and ledgers
