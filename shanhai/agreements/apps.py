from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "shanhai.agreements"
    label = "agreements"
    verbose_name = _("协议与“十有”")

    def ready(self):
        # register the ledger, the templates, the ten-haves rules, the assessment figure and the panels
        from . import figures, importers, ledgers, rules, views  # noqa: F401
