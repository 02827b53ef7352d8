from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shanhai.projects"
    label = "projects"
    verbose_name = _("帮扶项目")

    def ready(self):
        from . import fields, importers, ledgers, views  # noqa: F401  templates, ledgers and detail-page panels

        fields.register()  # other ledgers' forms and API take a project, distribution or line by reference
