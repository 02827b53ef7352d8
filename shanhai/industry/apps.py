from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "shanhai.industry"
    label = "industry"
    verbose_name = _("产业合作")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  register this app's templates, ledgers and panels

        fields.register()  # how other records' forms and API take a park or a signing event: by its 台账编号
