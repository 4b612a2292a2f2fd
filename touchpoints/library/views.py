from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Touchpoint
from touchpoints.library import selectors, services
from touchpoints.library.models import TouchpointTemplate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability


def _depths(templates: list[TouchpointTemplate]) -> dict[int, int]:
    parent = dict(TouchpointTemplate.objects.values_list("id", "parent_id"))
    out: dict[int, int] = {}
    for t in templates:
        d, p = 0, t.parent_id
        while p is not None and d < 50:
            d, p = d + 1, parent.get(p)
        out[t.pk] = d
    return out


@workspace_view()
def browse(request: HttpRequest, access: Access) -> HttpResponse:
    q = request.GET.get("q", "")
    pack = request.GET.get("pack", "")
    channel = request.GET.get("channel", "")
    stage = request.GET.get("stage", "")
    templates = list(selectors.template_list(q=q, pack=pack, channel=channel, stage=stage))
    depth = _depths(templates)
    in_inventory = set(
        Touchpoint.objects.filter(workspace=access.workspace, template__isnull=False).values_list("template_id", flat=True)
    )
    names = {n.lower() for n in Touchpoint.objects.filter(workspace=access.workspace).values_list("name", flat=True)}
    rows = [
        {"t": t, "depth": 0 if (q or channel or stage) else depth[t.pk],
         "have": t.pk in in_inventory or bool({t.name_en.lower(), t.name_ru.lower(), t.name_es.lower()} & names)}
        for t in templates
    ]
    return render(request, "library/browse.html", {
        "rows": rows, "packs": selectors.pack_list(), "q": q, "pack": pack, "channel": channel, "stage": stage,
        "channel_choices": c.Channel.choices, "stage_choices": c.Stage.choices,
        "total": TouchpointTemplate.objects.count(),
    })


@workspace_view(Capability.EDIT)
def add(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method != "POST":
        return redirect("library:browse", slug=access.workspace.slug)
    ids = [int(i) for i in request.POST.getlist("template") if i.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one template."))
        return redirect("library:browse", slug=access.workspace.slug)
    result = services.library_add_to_inventory(workspace=access.workspace, template_ids=ids, created_by=request.user,
                                               include_children=bool(request.POST.get("children")))
    messages.success(request, _("Added %(c)s touchpoint(s); %(s)s already in the inventory were skipped.") % {
        "c": len(result.created), "s": len(result.skipped)})
    return redirect("inventory:list", slug=access.workspace.slug)
