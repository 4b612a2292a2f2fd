"""A journey from a library journey template: its steps mapped onto the inventory (touchpoints not
there yet are added from the library), the final chord and the chain of "next journey" links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys.choices import EXPERIENCE_MAX, EXPERIENCE_MIN
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.services.checks import check_brand, check_stage, check_touchpoint
from touchpoints.journeys.services.journeys import journey_create, journey_update
from touchpoints.lib.i18n import current_language, pick
from touchpoints.library.services import library_add_to_inventory
from touchpoints.workspaces.models import Brand, Segment, Workspace
from touchpoints.workspaces.selectors import member_ids


@dataclass
class FromTemplateResult:
    journey: Journey
    created_touchpoints: list[Touchpoint]
    reused_touchpoints: int


@transaction.atomic
def journey_create_from_template(
    *,
    workspace: Workspace,
    template: Any,
    brand: Brand | None,
    name: str = "",
    segments: Iterable[Segment] = (),
    created_by: Any = None,
    language: str | None = None,
    chosen: Mapping[int, Touchpoint] | None = None,
) -> FromTemplateResult:
    """Creates a journey from a library journey template. Each template step is mapped onto the
    inventory: to the touchpoint ``chosen`` for it (by the step's index), else to a touchpoint added
    from that library template before or one of the same name in any product language; the
    touchpoints not there yet are added from the library. The final chord and the "next journey"
    link follow the template, when the next journey exists."""
    language = language or current_language()
    check_brand(workspace, brand)
    chosen = dict(chosen or {})
    for touchpoint in chosen.values():
        check_touchpoint(workspace.pk, touchpoint)
    template_steps = list(template.steps.select_related("template").order_by("position", "id"))
    added = library_add_to_inventory(
        workspace=workspace,
        created_by=created_by,
        include_children=False,
        language=language,
        template_ids=list(dict.fromkeys(s.template_id for i, s in enumerate(template_steps) if i not in chosen)),
    )
    mapping = {i: chosen.get(i) or added.mapping[ts.template_id] for i, ts in enumerate(template_steps)}
    journey = journey_create(
        workspace=workspace,
        name=name or pick(template, "name", language),
        brand=brand,
        process=pick(template, "process", language),
        description=pick(template, "description", language),
        segments=segments,
        template=template,
        created_by=created_by,
        owner=created_by if created_by is not None and created_by.pk in member_ids(workspace=workspace) else None,
    )
    last = len(template_steps) - 1
    JourneyStep.objects.bulk_create(
        [
            JourneyStep(
                journey=journey,
                touchpoint=mapping[i],
                position=i,
                stage=check_stage(ts.stage),
                expected=max(EXPERIENCE_MIN, min(EXPERIENCE_MAX, ts.expected)) if ts.expected is not None else None,
                note=pick(ts, "note", language),
                is_final_chord=bool(template.final_chord and i == last),
            )
            for i, ts in enumerate(template_steps)
        ]
    )
    # Wire the chain of chains both ways: to the journey the template leads to, and from journeys
    # whose template leads to this one (same brand), when they have no next journey yet.
    if template.next_id:
        nxt = Journey.objects.filter(workspace=workspace, brand=brand, template_id=template.next_id).first()
        if nxt is not None:
            journey_update(journey=journey, next_journey=nxt)
    for earlier in Journey.objects.filter(
        workspace=workspace, brand=brand, next_journey__isnull=True, template__next_id=template.pk
    ).exclude(pk=journey.pk):
        try:
            journey_update(journey=earlier, next_journey=journey)
        except ValidationError:
            continue  # it would close a cycle: leave that one unlinked
    return FromTemplateResult(journey=journey, created_touchpoints=added.created, reused_touchpoints=len(added.skipped))
