from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class WorkspacesConfig(ProjectAppConfig):
    name = "touchpoints.workspaces"
    verbose_name = _("Workspaces")
