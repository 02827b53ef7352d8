from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "shanhai.funds"
    label = "funds"
    verbose_name = _("资金")

    def ready(self):
        from . import fields, importers, ledgers  # noqa: F401  register this app's templates and ledgers

        fields.register()  # other ledgers' forms and API take a fund line by its reference
