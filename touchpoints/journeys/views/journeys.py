"""Journey pages: the list, create and edit, delete, the map with its board and palette, and
the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from touchpoints.journeys import selectors, services
from touchpoints.journeys.choices import Severity
from touchpoints.journeys.downloads import journey_download
from touchpoints.journeys.forms import JourneyForm, NewTouchpointStepForm, StepForm
from touchpoints.journeys.models import Journey
from touchpoints.journeys.views import board, sharing
from touchpoints.lib.deletion import confirm_delete
from touchpoints.lib.forms import add_service_errors
from touchpoints.lib.http import int_param
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability
from touchpoints.workspaces.selectors import member_ids


@workspace_view()
def journey_list(request: HttpRequest, access: Access) -> HttpResponse:
    brand = request.GET.get("brand", "")
    process = request.GET.get("process", "")
    segment = request.GET.get("segment", "")
    journeys = list(
        selectors.journey_list(
            workspace=access.workspace,
            brand=int_param(brand),
            process=process,
            segment=int_param(segment),
        )
    )
    summaries = selectors.journey_summaries(journeys)
    groups: dict[str, list[dict[str, Any]]] = {}
    for j in journeys:
        groups.setdefault(j.process, []).append({"journey": j, "counts": summaries.get(j.pk, {})})
    grouped = []
    for process_name, rows in groups.items():
        own = [r["journey"] for r in rows if r["journey"].brand.is_own]
        rivals = [r["journey"] for r in rows if not r["journey"].brand.is_own]
        grouped.append(
            {"process": process_name, "rows": rows, "compare": (own[0], rivals[0]) if own and rivals else None}
        )
    return render(
        request,
        "journeys/list.html",
        {
            "groups": grouped,
            "brands": access.workspace.brands.all(),
            "brand": brand,
            "process": process,
            "segments": access.workspace.segments.all(),
            "segment": segment,
            "processes": selectors.process_list(workspace=access.workspace),
            "total": len(journeys),
            "severity_choices": Severity.choices,
            "template_count": JourneyTemplate.objects.count(),
            "members": member_ids(workspace=access.workspace),
        },
    )


@workspace_view(Capability.EDIT)
def journey_edit(request: HttpRequest, access: Access, pk: int | None = None) -> HttpResponse:
    instance = board.journey_of(access, pk) if pk else None
    initial = {}
    if instance is None:
        own = access.workspace.brands.filter(is_own=True).first()
        initial = {
            "brand": own.pk if own else None,
            "process": request.GET.get("process", ""),
            "owner": request.user.pk,
        }
    form = JourneyForm(request.POST or None, instance=instance, workspace=access.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                journey = services.journey_create(
                    workspace=access.workspace, created_by=request.user, **form.service_kwargs()
                )
            else:
                journey = services.journey_update(journey=Journey.objects.get(pk=instance.pk), **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": journey.name})
            return redirect("journeys:detail", slug=access.workspace.slug, pk=journey.pk)
    return render(
        request,
        "journeys/form.html",
        {"form": form, "journey": instance, "processes": selectors.process_list(workspace=access.workspace)},
        status=400 if form.errors else 200,
    )


@workspace_view(Capability.EDIT)
def journey_delete(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    message = _("Deleted “%(name)s”.") % {"name": journey.name}
    return confirm_delete(request, journey, slug=access.workspace.slug, delete=services.journey_delete, message=message)


@workspace_view()
def journey_map(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    context = board.board_context(request, access, journey)
    others = selectors.journey_choices(workspace=access.workspace, exclude=journey)
    same_process = [j for j in others if j.process and j.process == journey.process]
    context.update(
        {
            "step_form": StepForm(),
            "new_form": NewTouchpointStepForm(),
            "palette": selectors.touchpoint_search(workspace=access.workspace),
            "compare_with": same_process or list(others),
            "export_formats": [
                ("svg", "SVG"),
                ("png", "PNG"),
                ("pdf", "PDF"),
                ("mm", "FreeMind .mm"),
                ("opml", "OPML"),
                ("mmd", "Mermaid"),
                ("csv", "CSV"),
                ("xlsx", "XLSX"),
            ],
            "previous": list(journey.previous_journeys.all()),
            "owner_left": bool(journey.owner_id) and journey.owner_id not in member_ids(workspace=access.workspace),
            **(sharing.panel(request, access, journey) if access.can_edit else {}),
        }
    )
    return render(request, "journeys/map.html", context)


@workspace_view()
def journey_board(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return board.board_response(request, access, board.journey_of(access, pk))


@workspace_view()
def palette(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    results = selectors.touchpoint_search(workspace=access.workspace, q=request.GET.get("q", ""))
    return render(
        request, "journeys/_palette.html", {"journey": journey, "palette": results, "q": request.GET.get("q", "")}
    )


# ---------------------------------------------------------------------------------------------
# Exports


@workspace_view()
def journey_export(request: HttpRequest, access: Access, pk: int, fmt: str) -> HttpResponse:
    jmap = selectors.journey_map(journey=board.journey_of(access, pk))
    return journey_download(request, jmap, fmt, lane=board.lane_of(request), slug=access.workspace.slug)
