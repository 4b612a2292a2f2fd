"""The workspace home: the "where to next" strip and the widgets, each also an HTMX partial."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from touchpoints.dashboard import services, steps, widgets
from touchpoints.dashboard.selectors import cache_key
from touchpoints.lib import freshness
from touchpoints.lib.forms import error_message
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


@workspace_view()
def home(request: HttpRequest, access: Access) -> HttpResponse:
    workspace = access.workspace
    shown = [widgets.REGISTRY[s.name] for s in services.current_slots(workspace=workspace) if s.visible]
    entries = [w.entry(workspace=workspace, request=request) for w in shown]
    key = cache_key("strip")
    # The strip and every widget in one read of the cache (one version, one get_many).
    found = freshness.cached(workspace, freshness.HOME, {key: lambda: steps.strip(workspace), **dict(entries)})
    strip = found[key]
    cards = [{"widget": w, "html": str(found[k])} for w, (k, _build) in zip(shown, entries, strict=True)]
    return render(
        request,
        "dashboard/home.html",
        {
            "strip": strip,
            "next_step": steps.next_step(strip),
            "cards": cards,
            "done_count": sum(1 for s in strip if s.state == steps.DONE),
        },
    )


@workspace_view()
def widget(request: HttpRequest, access: Access, name: str) -> HttpResponse:
    """One widget's body (the home loads and refreshes widgets through these)."""
    found = widgets.REGISTRY.get(name)
    if found is None:
        raise Http404
    return HttpResponse(found.render(workspace=access.workspace, request=request))


@workspace_view(Capability.EDIT)
def customize(request: HttpRequest, access: Access) -> HttpResponse:
    workspace = access.workspace
    if request.method == "POST":
        try:
            if request.POST.get("reset"):
                services.home_layout_reset(workspace=workspace)
            else:
                services.home_layout_save(
                    workspace=workspace, visible=request.POST.getlist("visible"), move=request.POST.get("move", "")
                )
        except ValidationError as exc:
            error_message(request, exc)
        else:
            if not request.POST.get("move"):
                messages.success(request, _("The home page's widgets are saved."))
                return redirect("dashboard:home", slug=workspace.slug)
        return redirect("dashboard:customize", slug=workspace.slug)
    slots = services.current_slots(workspace=workspace)
    rows = [
        {"slot": s, "widget": widgets.REGISTRY[s.name], "first": i == 0, "last": i == len(slots) - 1}
        for i, s in enumerate(slots)
    ]
    return render(request, "dashboard/customize.html", {"rows": rows})
