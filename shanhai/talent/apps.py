from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "shanhai.talent"
    label = "talent"
    verbose_name = _("人才交流")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  register this app's templates, ledgers and panels

        fields.register()  # how other records' forms and API take a placement or a quota plan: by its 台账编号
