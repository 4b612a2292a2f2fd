"""REST API for journeys and their steps, the weak-link analysis (read-only), comparison,
templates and exports, under /api/v1/workspaces/{slug}/journeys…"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Status

from touchpoints.api.routers import workspace_router
from touchpoints.api.sharing import register_sharing, sharing_by_names
from touchpoints.api.types import Id
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys import selectors, services
from touchpoints.journeys.compare import compare_chains
from touchpoints.journeys.downloads import FORMATS, journey_download
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.schemas import (
    CompareOut,
    FromTemplateIn,
    JourneyDetailOut,
    JourneyIn,
    JourneyOut,
    JourneyPatch,
    JourneyTemplateOut,
    ReorderIn,
    StepIn,
    StepOut,
    StepPatch,
    WeakLinksOut,
    journey_data,
    steps_out,
    template_data,
)
from touchpoints.journeys.weaklinks import by_severity
from touchpoints.lib.records import attributes
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.access import Access, workspace_access
from touchpoints.workspaces.models import Brand
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("journeys")


# --- helpers -----------------------------------------------------------------------------------


def _journey(access: Access, journey_id: int) -> Journey:
    return get_object_or_404(selectors.journey_queryset(workspace=access.workspace), pk=journey_id)


def _brand(brand_id: int, access: Access) -> Brand | None:
    # Scoped to the workspace: another workspace's brand gets the message of a missing one.
    brand = Brand.objects.filter(pk=brand_id, workspace=access.workspace).first()
    if brand is None:
        raise ValidationError({"brand_id": "No brand with this id in the workspace."})
    return brand


def _segments(access: Access, ids: list[int]) -> list[Any]:
    found = list(access.workspace.segments.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"segment_ids": "Unknown segment id(s) for this workspace."})
    return found


def _next(access: Access, journey_id: int | None) -> Journey | None:
    if journey_id is None:
        return None
    journey = Journey.objects.filter(pk=journey_id).first()
    if journey is None or journey.workspace_id != access.workspace.pk:
        raise ValidationError({"next_journey_id": "No journey with this id in the workspace."})
    return journey


def _touchpoint(touchpoint_id: int) -> Touchpoint | None:
    # Another workspace's touchpoint is passed on, so the service refuses it with its message.
    return Touchpoint.objects.filter(pk=touchpoint_id).first()


def _member(user_id: int | None) -> Any:
    """The account an owner id names; a user who is not a member is refused by the service, and an
    id that names nobody here with the same message (nothing tells an outsider who exists)."""
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationError({"owner": _("Choose a current member of the workspace.")})
    return user


def _journey_kwargs(access: Access, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "brand_id":
            out["brand"] = _brand(value, access)
        elif key == "segment_ids":
            out["segments"] = _segments(access, value)
        elif key == "next_journey_id":
            out["next_journey"] = _next(access, value)
        elif key == "owner_user_id":
            out["owner"] = _member(value)
        else:
            out[key] = value
    return out


def _detail(access: Access, journey_id: int) -> dict[str, Any]:
    journey = _journey(access, journey_id)
    data = journey_data(journey)
    data["steps"] = steps_out(selectors.journey_map(journey=journey))
    return data


# --- journeys ----------------------------------------------------------------------------------


@router.get(BASE, response=list[JourneyOut])
def journey_list(
    request: HttpRequest, slug: str, brand: Id | None = None, process: str = "", segment: Id | None = None
) -> Any:
    """Journeys of the workspace; filter by brand id, process (exact) or segment id."""
    access = workspace_access(request.user, slug)
    return [
        journey_data(j)
        for j in selectors.journey_list(workspace=access.workspace, brand=brand, process=process, segment=segment)
    ]


@router.post(BASE, response={201: JourneyDetailOut})
def journey_create(request: HttpRequest, slug: str, payload: JourneyIn) -> Status[dict[str, Any]]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    journey = services.journey_create(
        workspace=access.workspace, created_by=request.user, **_journey_kwargs(access, payload.dict())
    )
    return Status(201, _detail(access, journey.pk))


@router.post(BASE + "/from-template", response={201: JourneyDetailOut})
def journey_from_template(request: HttpRequest, slug: str, payload: FromTemplateIn) -> Status[dict[str, Any]]:
    """Creates a journey from a library template, adding the touchpoints the inventory lacks (or using
    the ones named in `touchpoint_ids`)."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    template = JourneyTemplate.objects.filter(code=payload.template_code).first()
    if template is None:
        raise ValidationError({"template_code": "No journey template with this code."})
    chosen = {}
    for index, tp_id in payload.touchpoint_ids.items():
        touchpoint = _touchpoint(tp_id)
        if touchpoint is None:
            raise ValidationError({"touchpoint_ids": f"No touchpoint {tp_id} in the workspace."})
        chosen[index] = touchpoint
    result = services.journey_create_from_template(
        workspace=access.workspace,
        template=template,
        brand=_brand(payload.brand_id, access),
        name=payload.name,
        segments=_segments(access, payload.segment_ids),
        created_by=request.user,
        chosen=chosen,
    )
    return Status(201, _detail(access, result.journey.pk))


@router.get(BASE + "/templates", response=list[JourneyTemplateOut])
def template_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The library's journey templates, in the request language."""
    workspace_access(request.user, slug)
    templates = JourneyTemplate.objects.select_related("pack", "next").prefetch_related("steps__template")
    return [template_data(t) for t in templates]


@router.get(BASE + "/{int:journey_id}", response=JourneyDetailOut)
def journey_get(request: HttpRequest, slug: str, journey_id: Id) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    return _detail(access, journey_id)


@router.patch(BASE + "/{int:journey_id}", response=JourneyDetailOut)
def journey_update(request: HttpRequest, slug: str, journey_id: Id, payload: JourneyPatch) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    journey = _journey(access, journey_id)
    data = payload.dict(exclude_unset=True)
    for key in ("name", "process", "brand_id", "segment_ids", "description"):
        if key in data and data[key] is None:
            raise ValidationError({key: "May not be null."})
    services.journey_update(journey=journey, **_journey_kwargs(access, data))
    return _detail(access, journey_id)


@router.delete(BASE + "/{int:journey_id}", response={204: None})
def journey_delete(request: HttpRequest, slug: str, journey_id: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.journey_delete(journey=_journey(access, journey_id))
    return Status(204, None)


# --- steps -------------------------------------------------------------------------------------


@router.get(BASE + "/{int:journey_id}/steps", response=list[StepOut])
def step_list(request: HttpRequest, slug: str, journey_id: Id) -> list[dict[str, Any]]:
    access = workspace_access(request.user, slug)
    return steps_out(selectors.journey_map(journey=_journey(access, journey_id)))


def _step_out(access: Access, journey: Journey, step_id: int) -> dict[str, Any]:
    steps = steps_out(selectors.journey_map(journey=journey))
    return next(s for s in steps if s["id"] == step_id)


@router.post(BASE + "/{int:journey_id}/steps", response={201: StepOut})
def step_create(request: HttpRequest, slug: str, journey_id: Id, payload: StepIn) -> Status[dict[str, Any]]:
    """Adds a step: an inventory touchpoint (`touchpoint_id`) or a new one (`new_touchpoint`), which
    is created marked *missing* for the journey's brand."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    journey = _journey(access, journey_id)
    if (payload.touchpoint_id is None) == (payload.new_touchpoint is None):
        raise ValidationError({"touchpoint_id": "Give either touchpoint_id or new_touchpoint."})
    stage = payload.stage.value if payload.stage else None
    step_fields = attributes(payload, "expected", "note", "position", "final_chord")
    if payload.new_touchpoint is not None:
        new = payload.new_touchpoint
        step = services.step_add_new_touchpoint(
            journey=journey,
            name=new.name,
            stage=stage,
            channel=new.channel.value if new.channel else "",
            mode=new.mode.value if new.mode else "",
            owner_unit=new.owner_unit,
            created_by=request.user,
            **step_fields,
        )
    else:
        assert payload.touchpoint_id is not None  # one of the two, checked above
        step = services.step_add(
            journey=journey,
            touchpoint=_touchpoint(payload.touchpoint_id),
            stage=stage,
            **step_fields,
        )
    return Status(201, _step_out(access, journey, step.pk))


def _step(journey: Journey, step_id: int) -> JourneyStep:
    return get_object_or_404(JourneyStep.objects.select_related("journey"), journey=journey, pk=step_id)


@router.get(BASE + "/{int:journey_id}/steps/{int:step_id}", response=StepOut)
def step_get(request: HttpRequest, slug: str, journey_id: Id, step_id: Id) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    journey = _journey(access, journey_id)
    return _step_out(access, journey, _step(journey, step_id).pk)


@router.patch(BASE + "/{int:journey_id}/steps/{int:step_id}", response=StepOut)
def step_update(request: HttpRequest, slug: str, journey_id: Id, step_id: Id, payload: StepPatch) -> dict[str, Any]:
    """Changes a step; `"expected": null` clears the expected experience."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    journey = _journey(access, journey_id)
    step = _step(journey, step_id)
    data = payload.dict(exclude_unset=True)
    kwargs: dict[str, Any] = {}
    if "touchpoint_id" in data:
        if data["touchpoint_id"] is None:
            raise ValidationError({"touchpoint_id": "May not be null."})
        kwargs["touchpoint"] = _touchpoint(data["touchpoint_id"])
    if data.get("stage") is not None:
        kwargs["stage"] = payload.stage.value  # type: ignore[union-attr]
    elif "stage" in data:
        raise ValidationError({"stage": "May not be null."})
    if "expected" in data:
        kwargs["expected"] = data["expected"]
    if data.get("note") is not None:
        kwargs["note"] = data["note"]
    if data.get("final_chord") is not None:
        kwargs["final_chord"] = data["final_chord"]
    services.step_update(step=step, **kwargs)
    return _step_out(access, journey, step.pk)


@router.delete(BASE + "/{int:journey_id}/steps/{int:step_id}", response={204: None})
def step_delete(request: HttpRequest, slug: str, journey_id: Id, step_id: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.step_delete(step=_step(_journey(access, journey_id), step_id))
    return Status(204, None)


@router.post(BASE + "/{int:journey_id}/reorder", response=list[StepOut])
def steps_reorder(request: HttpRequest, slug: str, journey_id: Id, payload: ReorderIn) -> list[dict[str, Any]]:
    """Puts the steps in a new order. Every step id must appear exactly once; otherwise the
    request is refused (400, with the unknown, repeated or missing ids) and nothing changes."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    journey = _journey(access, journey_id)
    services.steps_reorder(journey=journey, step_ids=payload.step_ids)
    return steps_out(selectors.journey_map(journey=journey))


# --- analysis ----------------------------------------------------------------------------------


@router.get(BASE + "/{int:journey_id}/weak-links", response=WeakLinksOut)
def weak_links(request: HttpRequest, slug: str, journey_id: Id) -> dict[str, Any]:
    """The weak-link analysis (read-only), worst first, and the experience curve it is based on."""
    access = workspace_access(request.user, slug)
    jmap = selectors.journey_map(journey=_journey(access, journey_id))
    numbers = {s.id: n for n, s in enumerate(jmap.chain.steps, 1)}
    items = [
        {
            "code": link.code,
            "severity": link.severity,
            "title": link.title,
            "message": link.message,
            "step_id": link.step_id,
            "step_number": numbers.get(link.step_id) if link.step_id else None,
            "stage": link.stage,
            "touchpoint_id": link.touchpoint_id,
            "touchpoint_url": request.build_absolute_uri(reverse("inventory:detail", args=[slug, link.touchpoint_id]))
            if link.touchpoint_id
            else None,
            "related_step_id": link.related_step_id,
        }
        for link in by_severity(jmap.links)
    ]
    return {"journey_id": journey_id, "counts": jmap.counts, "items": items, "curve": [p.__dict__ for p in jmap.curve]}


@router.get(BASE + "/{int:journey_id}/compare/{int:other_id}", response=CompareOut)
def compare(request: HttpRequest, slug: str, journey_id: Id, other_id: Id) -> dict[str, Any]:
    """This journey against another of the workspace (e.g. the competitor's path for the same process)."""
    access = workspace_access(request.user, slug)
    first = selectors.journey_map(journey=_journey(access, journey_id))
    second = selectors.journey_map(journey=_journey(access, other_id))
    result = compare_chains(first.chain, second.chain)
    return {
        "first_id": journey_id,
        "second_id": other_id,
        "better": result.better,
        "worse": result.worse,
        "same": result.same,
        "only_first": [s.touchpoint_id for s in result.only_first],
        "only_second": [s.touchpoint_id for s in result.only_second],
        "first_mean": result.first_mean,
        "second_mean": result.second_mean,
        "rows": [
            {
                "touchpoint_id": r.touchpoint_id,
                "name": r.name,
                "stage": r.stage,
                "first_step_id": r.first.id if r.first else None,
                "second_step_id": r.second.id if r.second else None,
                "first_experience": r.first.experience if r.first else None,
                "second_experience": r.second.experience if r.second else None,
                "verdict": r.verdict,
                "delta": r.delta,
            }
            for r in result.rows
        ],
    }


@router.get(BASE + "/{int:journey_id}/export.{fmt}", response={200: None})
def export(request: HttpRequest, slug: str, journey_id: Id, fmt: str, lanes: str = "channel") -> HttpResponse:
    """The map as svg, png or pdf; the chain as a mind map (mm = FreeMind, opml) or Mermaid (mmd);
    the steps as csv, xlsx or json."""
    access = workspace_access(request.user, slug)
    if fmt not in FORMATS:
        raise ValidationError({"fmt": "Use one of: " + ", ".join(FORMATS) + "."})
    journey = _journey(access, journey_id)
    jmap = selectors.journey_map(journey=journey)
    return journey_download(request, jmap, fmt, lane=lanes, slug=access.workspace.slug)


register_sharing(
    router,
    sharing_by_names(
        BASE + "/{journey_id}", link_id="share_id", target=_journey, selectors=selectors, services=services
    ),
)
