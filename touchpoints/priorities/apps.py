from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class PrioritiesConfig(ProjectAppConfig):
    name = "touchpoints.priorities"
    verbose_name = _("Priorities")
    demo = "touchpoints.priorities.demo.demo_priorities"
    on_ready = ("touchpoints.priorities.models.track_history",)
