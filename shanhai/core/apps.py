from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shanhai.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from . import auth  # noqa: F401  connects the receiver that revokes a user's API token on logout
