"""What audits read from the journeys app (a lower app): an audit can walk a journey's steps in
order. Audit scores feed the journey map's experience curve through the journeys app's provider
hook, registered when the app is ready."""

from __future__ import annotations

from touchpoints.journeys.models import Journey
from touchpoints.workspaces.models import Workspace


def journey_list(*, workspace: Workspace) -> list[tuple[int, str]]:
    return list(Journey.objects.filter(workspace=workspace).order_by("name", "pk").values_list("pk", "name"))


def journey_steps(*, workspace: Workspace, journey_id: int) -> tuple[str, list[int]] | None:
    """(journey name, touchpoint ids of its steps in order, each once), or None if there is no
    such journey in the workspace."""
    journey = Journey.objects.filter(workspace=workspace, pk=journey_id).first()
    if journey is None:
        return None
    ids = [
        tp for tp in journey.steps.order_by("position", "id").values_list("touchpoint_id", flat=True) if tp is not None
    ]
    return journey.name, list(dict.fromkeys(ids))
