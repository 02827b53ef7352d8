from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "shanhai.social"
    label = "social"
    verbose_name = _("社会帮扶")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  register this app's templates, ledgers and panels

        fields.register()  # how other records' forms and API take a charity fund: by its 台账编号
