from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "touchpoints.actions"
    label = "actions"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from touchpoints.actions.demo import demo_actions
        from touchpoints.demo.services import EXTENSIONS

        if demo_actions not in EXTENSIONS:
            EXTENSIONS.append(demo_actions)

        from touchpoints.actions.models import Action
        from touchpoints.lib.history import track

        # Who changed an action (status, owner, deadline, KPI ...) and when: on its page and the
        # workspace's history page.
        track(Action, workspace=lambda a: a.workspace_id)
