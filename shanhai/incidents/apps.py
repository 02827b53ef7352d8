from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "shanhai.incidents"
    label = "incidents"
    verbose_name = _("突发事件")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  templates, ledgers and detail-page panels

        fields.register()  # aid links' forms and API take their incident by reference
