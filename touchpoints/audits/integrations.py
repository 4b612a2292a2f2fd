"""The journeys app, used when it is installed and has landed: an audit can walk a journey's steps
in order, and audit scores feed the journey map's experience curve. Every entry point here
degrades to "no journeys" when the app or its models are not there, so audits work without it."""

from __future__ import annotations

from typing import Any

from touchpoints.workspaces.models import Workspace


def journey_models() -> tuple[Any, Any] | None:
    """(Journey, JourneyStep), or None while the journeys app has no such models."""
    try:
        from touchpoints.journeys.models import Journey, JourneyStep
    except ImportError:
        return None
    return Journey, JourneyStep


def journey_list(*, workspace: Workspace) -> list[tuple[int, str]]:
    models = journey_models()
    if models is None:
        return []
    journey_model, _step = models
    try:
        return [(pk, name) for pk, name in journey_model.objects.filter(workspace=workspace)
                .order_by("name", "pk").values_list("pk", "name")]
    except Exception:  # the table may not be migrated yet
        return []


def journey_steps(*, workspace: Workspace, journey_id: int) -> tuple[str, list[int]] | None:
    """(journey name, touchpoint ids of its steps in order, each once), or None if there is no
    such journey in the workspace."""
    models = journey_models()
    if models is None:
        return None
    journey_model, _step = models
    journey = journey_model.objects.filter(workspace=workspace, pk=journey_id).first()
    if journey is None:
        return None
    ids = [tp for tp in journey.steps.order_by("position", "id").values_list("touchpoint_id", flat=True)
           if tp is not None]
    return journey.name, list(dict.fromkeys(ids))


def register_experience_provider() -> bool:
    """Registers audit scores as a source of the journey map's experience curve; False when the
    journeys app offers no hook (yet)."""
    try:
        from touchpoints.journeys.experience import register_experience_provider as register
    except ImportError:
        return False
    from touchpoints.audits.selectors import latest_brand_scores

    register(latest_brand_scores)
    return True
