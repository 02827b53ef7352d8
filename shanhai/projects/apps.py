from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shanhai.projects"
    label = "projects"
    verbose_name = _("帮扶项目")

    def ready(self):
        from . import importers, ledgers  # noqa: F401  register this app's templates and ledgers
