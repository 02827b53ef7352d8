from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingsConfig(AppConfig):
    name = "shanhai.pairings"
    label = "pairings"
    verbose_name = _("结对关系")

    def ready(self):
        from . import fields, importers  # noqa: F401  importers register this app's import templates

        fields.register()  # how other apps' forms and API take this app's records
