from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "touchpoints.priorities"
    label = "priorities"
    verbose_name = _("Priorities")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.priorities.demo import demo_priorities

        if demo_priorities not in EXTENSIONS:
            EXTENSIONS.append(demo_priorities)
        self._track_history()

    @staticmethod
    def _track_history() -> None:
        """Who changed the estimates and the top ten, when (shown on the touchpoint's page, the
        top ten page and the workspace's history page). The top ten's versions and places belong
        to the workspace's top ten, so their subject is the workspace."""
        from touchpoints.lib.history import track
        from touchpoints.priorities.models import Estimate, TopTenPlace, TopTenVersion

        track(
            Estimate,
            workspace=lambda e: e.touchpoint.workspace_id,
            subject=lambda e: e.touchpoint,
            exclude=("updated_by",),
        )
        track(TopTenVersion, workspace=lambda v: v.workspace_id, subject=lambda v: v.workspace)
        track(TopTenPlace, workspace=lambda p: p.version.workspace_id, subject=lambda p: p.version.workspace)
