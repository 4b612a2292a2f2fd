"""The journeys API's request and response shapes, and how a journey and its steps, and a library
journey template, become one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from touchpoints.api.types import BigInt, Id
from touchpoints.inventory.choices import Channel, Mode, Stage
from touchpoints.journeys import selectors
from touchpoints.journeys.models import Journey
from touchpoints.lib.records import attributes
from touchpoints.library.models import JourneyTemplate

# --- schemas -----------------------------------------------------------------------------------


class JourneyOut(Schema):
    id: int
    name: str
    process: str
    brand_id: int
    brand: str
    brand_is_own: bool
    segment_ids: list[int]
    description: str
    next_journey_id: int | None
    owner_user_id: int | None = Field(None, description="The member who keeps the map up to date.")
    owner: str | None = Field(None, description="The owner's user name.")
    template_code: str | None
    step_count: int
    created_at: datetime
    updated_at: datetime


class StepOut(Schema):
    id: int
    number: int = Field(description="1-based place in the chain")
    stage: str
    touchpoint_id: int
    touchpoint: str
    channel: str
    mode: str
    owner: str
    presence: str = Field(description="whether the journey's brand has the touchpoint")
    expected: int | None = Field(description="expected experience, −2…+2")
    audit_score: float | None = Field(description="audit score on −2…+2, when audited")
    experience: float | None = Field(description="audit score if any, else expected")
    final_chord: bool
    note: str
    weak_links: list[str] = Field(description="codes of the weak links flagged on this step")


class JourneyDetailOut(JourneyOut):
    steps: list[StepOut]


class JourneyIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    process: str = Field("", max_length=200)
    brand_id: Id
    segment_ids: list[Id] = []
    description: str = ""
    next_journey_id: Id | None = None
    owner_user_id: Id | None = Field(None, description="A member of the workspace, or null for nobody.")


class JourneyPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    process: str | None = Field(None, max_length=200)
    brand_id: Id | None = None
    segment_ids: list[Id] | None = None
    description: str | None = None
    next_journey_id: Id | None = None
    owner_user_id: Id | None = Field(None, description="A member of the workspace, or null for nobody.")


class NewTouchpointIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    channel: Channel | None = None
    mode: Mode | None = None
    owner_unit: str = Field("", max_length=200)


class StepIn(Schema):
    touchpoint_id: Id | None = Field(None, description="an inventory touchpoint of this workspace")
    new_touchpoint: NewTouchpointIn | None = Field(
        None, description="or: create a touchpoint on the spot, marked missing for the journey's brand"
    )
    stage: Stage | None = Field(None, description="defaults to the touchpoint's first stage")
    expected: int | None = Field(None, ge=-2, le=2)
    note: str = ""
    position: int | None = Field(None, ge=0, description="0-based; the end by default")
    final_chord: bool = False


class StepPatch(Schema):
    touchpoint_id: Id | None = None
    stage: Stage | None = None
    expected: int | None = Field(None, ge=-2, le=2)
    note: str | None = None
    final_chord: bool | None = None


class ReorderIn(Schema):
    step_ids: list[Id] = Field(description="every step id of the journey, once each, in the new order")


class FromTemplateIn(Schema):
    template_code: str
    brand_id: Id
    name: str = Field("", max_length=200)
    segment_ids: list[Id] = []
    touchpoint_ids: dict[BigInt, Id] = Field(
        default_factory=dict,
        description="template step index (0-based) → inventory touchpoint id to use for it; "
        "the other steps reuse a touchpoint added from the same library template or of the same name, or add it",
    )


class WeakLinkOut(Schema):
    code: str
    severity: str
    title: str
    message: str
    step_id: int | None
    step_number: int | None
    stage: str | None
    touchpoint_id: int | None
    touchpoint_url: str | None
    related_step_id: int | None


class CurvePointOut(Schema):
    number: int
    step_id: int
    name: str
    stage: str
    value: float | None
    source: str


class WeakLinksOut(Schema):
    journey_id: int
    counts: dict[str, int]
    items: list[WeakLinkOut]
    curve: list[CurvePointOut]


class CompareRowOut(Schema):
    touchpoint_id: int
    name: str
    stage: str
    first_step_id: int | None
    second_step_id: int | None
    first_experience: float | None
    second_experience: float | None
    verdict: str
    delta: float | None


class CompareOut(Schema):
    first_id: int
    second_id: int
    better: int
    worse: int
    same: int
    only_first: list[int] = Field(description="touchpoint ids only the first chain has")
    only_second: list[int]
    first_mean: float | None
    second_mean: float | None
    rows: list[CompareRowOut]


class JourneyTemplateStepOut(Schema):
    template_code: str
    name: str
    stage: str
    expected: int | None
    note: str


class JourneyTemplateOut(Schema):
    id: int
    code: str
    pack: str
    name: str
    process: str
    description: str
    final_chord: bool
    next_code: str | None
    steps: list[JourneyTemplateStepOut]


def steps_out(jmap: selectors.JourneyMap) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "number": n,
            "stage": s.stage,
            "touchpoint_id": s.touchpoint_id,
            "touchpoint": s.name,
            "channel": s.channel,
            "mode": s.mode,
            "owner": s.owner,
            "presence": s.presence,
            "expected": s.expected,
            "audit_score": s.score,
            "experience": s.experience,
            "final_chord": s.final_chord,
            "note": s.note,
            "weak_links": [link.code for link in jmap.links_by_step.get(s.id, [])],
        }
        for n, s in enumerate(jmap.chain.steps, 1)
    ]


def journey_data(journey: Journey) -> dict[str, Any]:
    return {
        **attributes(
            journey, "name", "process", "brand_id", "description", "next_journey_id", "created_at", "updated_at"
        ),
        "id": journey.pk,
        "brand": journey.brand.name,
        "brand_is_own": journey.brand.is_own,
        "segment_ids": [s.pk for s in journey.segments.all()],
        "template_code": journey.template.code if journey.template is not None else None,
        "owner_user_id": journey.owner_id,
        "owner": journey.owner.username if journey.owner is not None else None,
        "step_count": journey.step_count,  # type: ignore[attr-defined]  # annotated by selectors.journey_queryset
    }


def template_data(t: JourneyTemplate) -> dict[str, Any]:
    """A library journey template with its steps, in the request language."""
    return {
        "id": t.pk,
        "code": t.code,
        "pack": t.pack.code,
        "name": t.name,
        "process": t.process,
        "description": t.description,
        "final_chord": t.final_chord,
        "next_code": t.next.code if t.next else None,
        "steps": [
            {
                "template_code": s.template.code,
                "name": s.template.name,
                "stage": s.stage,
                "expected": s.expected,
                "note": s.note,
            }
            for s in t.steps.all()
        ],
    }
