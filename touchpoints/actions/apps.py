from django.utils.translation import gettext_lazy as _

from touchpoints.lib.apps import ProjectAppConfig


class ActionsConfig(ProjectAppConfig):
    name = "touchpoints.actions"
    verbose_name = _("Action plan")
    demo = "touchpoints.actions.demo.demo_actions"
    on_ready = ("touchpoints.actions.models.track_history",)
