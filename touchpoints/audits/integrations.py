"""What audits read from the journeys app (a lower app): an audit can walk a journey's steps in
order. Audit scores feed the journey map's experience curve through the journeys app's provider
hook, registered when the app is ready."""

from __future__ import annotations

from touchpoints.journeys.models import Journey
from touchpoints.journeys.selectors import journey_touchpoint_ids
from touchpoints.workspaces.models import Workspace

__all__ = ["journey_list", "journey_touchpoint_ids"]


def journey_list(*, workspace: Workspace) -> list[tuple[int, str]]:
    return list(Journey.objects.filter(workspace=workspace).order_by("name", "pk").values_list("pk", "name"))
