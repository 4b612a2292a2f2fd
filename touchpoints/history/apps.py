from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class HistoryConfig(ProjectAppConfig):
    name = "touchpoints.history"
    verbose_name = _("History")
    on_ready = (
        "touchpoints.history.registrations.register",
        "touchpoints.history.registrations.forget_deleted_workspaces",
    )
