"""The top ten: the team's own order of what to fix, 1 to 10, with a reason per place; reordered by
drag and drop (or the up / down buttons without JavaScript); every save kept as a version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.forms import attempted
from touchpoints.lib.http import int_param
from touchpoints.priorities import selectors, services
from touchpoints.priorities.topten import TOP_SIZE, TopTenEntry
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


def _page(
    request: HttpRequest,
    access: Access,
    entries: list[TopTenEntry] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = selectors.priority_list(workspace=access.workspace)
    if entries is None:
        entries = selectors.top_ten(workspace=access.workspace, rows=rows)
    taken = {e.touchpoint_id for e in entries}
    return render(
        request,
        "priorities/top_ten.html",
        {
            "entries": entries,
            "errors": errors or [],
            "version": selectors.current_version(workspace=access.workspace),
            "candidates": [r for r in rows if r.touchpoint_id not in taken],
            "top_size": TOP_SIZE,
            "suggested": [r for r in rows if r.score is not None][:TOP_SIZE],
            "full": len(entries) >= TOP_SIZE,
        },
        status=status,
    )


@workspace_view()
def top_ten(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access)


def _posted_places(request: HttpRequest) -> list[tuple[int, str]]:
    ids = request.POST.getlist("tp")
    reasons = request.POST.getlist("reason")
    removed = set(request.POST.getlist("remove"))
    places = []
    for i, raw in enumerate(ids):
        if raw in removed:
            continue
        tp = int_param(raw)
        if tp is None:
            raise ValidationError({"places": _("Unknown touchpoint.")})
        places.append((tp, reasons[i] if i < len(reasons) else ""))
    move = request.POST.get("move", "")
    if ":" in move:
        raw, direction = move.split(":", 1)
        index = next((i for i, (tp, _r) in enumerate(places) if str(tp) == raw), None)
        if index is not None:
            target = index + (-1 if direction == "up" else 1)
            if 0 <= target < len(places):
                places[index], places[target] = places[target], places[index]
    add = request.POST.get("add", "")
    if add:
        added = int_param(add)
        if added is None:
            raise ValidationError({"places": _("Unknown touchpoint.")})
        places.append((added, request.POST.get("add_reason", "")))
    return places


@require_POST
@workspace_view(Capability.EDIT)
def top_ten_save(request: HttpRequest, access: Access) -> HttpResponse:
    try:
        places = _posted_places(request)
    except ValidationError as exc:
        return _page(request, access, errors=exc.messages, status=400)
    current = [(e.touchpoint_id, e.reason) for e in selectors.top_ten(workspace=access.workspace, rows=[])]
    if [(tp, r.strip()) for tp, r in places] == current:
        messages.info(request, _("Nothing changed."))
        return redirect("priorities:top_ten", slug=access.workspace.slug)
    try:
        services.top_ten_save(
            workspace=access.workspace, places=places, author=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        # Show the list as posted (nothing lost) with the problem.
        names = dict(
            Touchpoint.objects.filter(workspace=access.workspace, pk__in=[tp for tp, _r in places]).values_list(
                "pk", "name"
            )
        )
        entries = [
            TopTenEntry(i, tp, names.get(tp, _("(not in this workspace)")), reason)
            for i, (tp, reason) in enumerate(places, start=1)
            if tp in names
        ]
        return _page(request, access, entries=entries, errors=exc.messages, status=400)
    messages.success(request, _("Top ten saved."))
    return redirect("priorities:top_ten", slug=access.workspace.slug)


@require_POST
@workspace_view(Capability.EDIT)
def top_ten_fill(request: HttpRequest, access: Access) -> HttpResponse:
    attempted(
        request,
        lambda: services.top_ten_fill(workspace=access.workspace, author=request.user),
        lambda _version: _("Filled from the computed priorities. Reorder it as the team sees it."),
    )
    return redirect("priorities:top_ten", slug=access.workspace.slug)


@workspace_view()
def top_ten_history(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request, "priorities/top_ten_history.html", {"history": selectors.top_ten_history(workspace=access.workspace)}
    )
