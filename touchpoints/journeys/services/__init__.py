"""Writes to journeys and their steps. Pages, the API and the demo all call these, so the rules hold
everywhere: a step uses a touchpoint of the journey's own workspace, "next journey" links never
close a cycle, one final chord per chain, and a reorder names every step exactly once — or nothing
changes."""

from touchpoints.journeys.services.checks import check_next_journey
from touchpoints.journeys.services.from_template import FromTemplateResult, journey_create_from_template
from touchpoints.journeys.services.journeys import (
    JOURNEY_FIELDS,
    journey_create,
    journey_delete,
    journey_share,
    journey_share_revoke,
    journey_update,
)
from touchpoints.journeys.services.steps import (
    step_add,
    step_add_new_touchpoint,
    step_delete,
    step_move,
    step_update,
    steps_reorder,
)

__all__ = [
    "JOURNEY_FIELDS",
    "FromTemplateResult",
    "check_next_journey",
    "journey_create",
    "journey_create_from_template",
    "journey_delete",
    "journey_share",
    "journey_share_revoke",
    "journey_update",
    "step_add",
    "step_add_new_touchpoint",
    "step_delete",
    "step_move",
    "step_update",
    "steps_reorder",
]
