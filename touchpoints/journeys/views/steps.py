"""The map's editing requests: add (an inventory touchpoint or a new one), reorder, move, edit and
remove a step. Each answers as ``board.done`` or ``board.refused`` say."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.inventory.choices import Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys import services
from touchpoints.journeys.choices import Experience
from touchpoints.journeys.forms import NewTouchpointStepForm, StepEditForm, StepForm
from touchpoints.journeys.models import Journey, JourneyStep
from touchpoints.journeys.views import board
from touchpoints.lib.forms import add_service_errors, labelled_errors
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


def _add_step(
    request: HttpRequest,
    access: Access,
    journey: Journey,
    form: StepForm | NewTouchpointStepForm,
    add: Callable[[dict[str, Any]], JourneyStep],
    message: Callable[[JourneyStep], str],
) -> HttpResponse:
    """The board after ``add`` made a step of the form's data (``message`` says so), or refusing
    the form or what ``add`` raised."""
    if not form.is_valid():
        return board.refused(request, access, journey, ValidationError(labelled_errors(form)))
    try:
        step = add(form.cleaned_data)
    except ValidationError as exc:
        return board.refused(request, access, journey, exc)
    return board.done(request, access, journey, message(step))


@require_POST
@workspace_view(Capability.EDIT)
def step_add(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)

    def add(data: dict[str, Any]) -> JourneyStep:
        touchpoint = Touchpoint.objects.filter(pk=data["touchpoint"]).first() if data["touchpoint"] else None
        if touchpoint is None and not data["touchpoint"]:
            raise ValidationError(_("Choose a touchpoint from the inventory."))
        return services.step_add(
            journey=journey,
            touchpoint=touchpoint,
            stage=data["stage"] or None,
            expected=data["expected"],
            note=data["note"],
            position=data["position"],
            final_chord=data["final_chord"],
        )

    return _add_step(
        request,
        access,
        journey,
        StepForm(request.POST),
        add,
        lambda step: _("Added “%(name)s” to the chain.") % {"name": step.touchpoint.name},
    )


@require_POST
@workspace_view(Capability.EDIT)
def step_add_new(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    return _add_step(
        request,
        access,
        journey,
        NewTouchpointStepForm(request.POST),
        lambda data: services.step_add_new_touchpoint(journey=journey, created_by=request.user, **data),
        lambda step: (
            _("Created “%(name)s”, marked missing for %(brand)s, and added it to the chain.")
            % {"name": step.touchpoint.name, "brand": journey.brand.name}
        ),
    )


@require_POST
@workspace_view(Capability.EDIT)
def steps_reorder(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    if request.content_type == "application/json":
        try:
            ids = json.loads(request.body or b"{}").get("step_ids")
        except (ValueError, AttributeError):
            ids = None
    else:
        ids = request.POST.getlist("step_ids")
    try:
        if ids is None:
            raise ValidationError({"step_ids": _("Send the step ids as a list, in the new order.")})
        services.steps_reorder(journey=journey, step_ids=ids)
    except ValidationError as exc:
        return board.refused(request, access, journey, exc)
    return board.done(request, access, journey, _("The new order is saved."))


@require_POST
@workspace_view(Capability.EDIT)
def step_move(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    step = board.step_of(journey, step_id)
    offset = {"up": -1, "down": 1, "first": -(10**6), "last": 10**6}.get(request.POST.get("direction", ""))
    if offset is None:
        return board.refused(request, access, journey, ValidationError(_("Move a step up or down.")))
    services.step_move(step=step, offset=offset)
    return board.done(request, access, journey, anchor=f"chain-step-{step.pk}")


@workspace_view(Capability.EDIT)
def step_edit(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    """Edit a step. A post may carry only some fields (the map's script sends just the stage when a
    card is dropped on another stage); the ones left out are not changed."""
    journey = board.journey_of(access, pk)
    step = board.step_of(journey, step_id)
    current = {
        "stage": step.stage,
        "expected": "" if step.expected is None else str(step.expected),
        "note": step.note,
        "final_chord": step.is_final_chord,
    }
    data = None
    if request.method == "POST":
        data = {**current, **{k: v for k, v in request.POST.items() if k in current}}
        if "final_chord" in request.POST:
            data["final_chord"] = request.POST.getlist("final_chord")[-1]
    form = StepEditForm(data, initial=current)
    if request.method == "POST":
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.step_update(
                    step=step,
                    **{key: cleaned[key] for key in ("stage", "expected", "note")},
                    final_chord=cleaned["final_chord"],
                )
            except ValidationError as exc:
                if board.from_board(request):
                    return board.refused(request, access, journey, exc)
                add_service_errors(form, exc)
            else:
                return board.done(
                    request,
                    access,
                    journey,
                    _("Saved step %(n)s.") % {"n": step.position + 1},
                    anchor=f"chain-step-{step.pk}",
                )
        elif board.from_board(request):
            return board.refused(request, access, journey, ValidationError(labelled_errors(form)))
    context = {
        "journey": journey,
        "step": step,
        "form": form,
        "lane": board.lane_of(request),
        "lanes_query": urlencode({"lanes": board.lane_of(request)}),
        "stage_choices": Stage.choices,
        "experience_choices": [(str(v), label) for v, label in Experience.choices],
        "expected": current["expected"],
    }
    if request.GET.get("inline"):  # the form inside the chain list, fetched by the map's script
        return render(request, "journeys/_step_edit.html", context)
    return render(request, "journeys/step_form.html", context, status=400 if form.errors else 200)


@require_POST
@workspace_view(Capability.EDIT)
def step_delete(request: HttpRequest, access: Access, pk: int, step_id: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    step = board.step_of(journey, step_id)
    services.step_delete(step=step)
    return board.done(
        request, access, journey, _("Removed “%(name)s” from the chain.") % {"name": step.touchpoint.name}
    )
