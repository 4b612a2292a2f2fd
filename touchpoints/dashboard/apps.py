from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class DashboardConfig(ProjectAppConfig):
    name = "touchpoints.dashboard"
    verbose_name = _("Workspace home")
    # The widgets of this package, then each app's dashboard.py (its method step's progress and any
    # widgets of its own).
    on_ready = ("touchpoints.dashboard.widgets.load", "touchpoints.dashboard.widgets.discover")
