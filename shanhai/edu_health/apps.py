from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EduHealthConfig(AppConfig):
    name = "shanhai.edu_health"
    label = "edu_health"
    verbose_name = _("教育医疗结对")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  templates, ledgers and detail-page panels

        fields.register()  # 1+1+1 records' forms and API take their class by reference
