from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "shanhai.exchanges"
    label = "exchanges"
    verbose_name = _("互访交流")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  register this app's templates, ledgers and panels

        fields.register()  # how other records' forms and API take a visit: by its 台账编号
