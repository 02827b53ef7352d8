from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumptionConfig(AppConfig):
    name = "shanhai.consumption"
    label = "consumption"
    verbose_name = _("消费帮扶")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  register this app's templates, ledgers and panels

        fields.register()  # other ledgers' forms and API take these records by their 台账编号
