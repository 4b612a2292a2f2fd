from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from touchpoints.inventory import choices as c
from touchpoints.inventory.selectors import touchpoint_lookup
from touchpoints.lib.forms import counts_message, error_message
from touchpoints.lib.http import int_params
from touchpoints.library import selectors, services
from touchpoints.library.models import TouchpointTemplate
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

# What adding templates to the inventory did (touchpoints.lib.forms.counts_message).
ADDED = ngettext_lazy("Added %(n)s touchpoint.", "Added %(n)s touchpoints.", "n")
SKIPPED = ngettext_lazy(
    "%(n)s was already in the inventory and was skipped.",
    "%(n)s were already in the inventory and were skipped.",
    "n",
)


def _grouped(
    templates: list[TouchpointTemplate], matched: set[int], have: Callable[[TouchpointTemplate], bool], filtering: bool
) -> list[dict[str, Any]]:
    """Packs → areas → rows in tree order (a child right under its parent). Only matched templates
    and their ancestors are shown: a child never appears without its parent."""
    by_id = {t.pk: t for t in templates}
    shown: set[int] = set()
    for pk in matched:
        node: TouchpointTemplate | None = by_id.get(pk)
        while node is not None and node.pk not in shown:
            shown.add(node.pk)
            node = by_id.get(node.parent_id) if node.parent_id else None
    children: dict[int | None, list[TouchpointTemplate]] = {}
    for t in templates:
        if t.pk in shown:
            parent = t.parent_id if t.parent_id in shown else None
            children.setdefault(parent, []).append(t)
    areas = dict(c.Area.choices)
    packs: dict[int, dict[str, Any]] = {}
    for root in children.get(None, []):
        pack = packs.setdefault(root.pack_id, {"pack": root.pack, "areas": {}, "count": 0})
        area = pack["areas"].setdefault(
            root.area, {"code": root.area or "none", "label": areas.get(root.area, _("No area")), "rows": []}
        )
        stack = [(root, 0)]
        while stack:
            t, depth = stack.pop()
            area["rows"].append({"t": t, "depth": depth, "have": have(t), "context": t.pk not in matched})
            pack["count"] += t.pk in matched
            stack.extend((kid, depth + 1) for kid in reversed(children.get(t.pk, [])))
    order = {code: i for i, code in enumerate(c.Area.values)}
    return [
        {**p, "open": filtering, "areas": sorted(p["areas"].values(), key=lambda a: order.get(a["code"], 99))}
        for p in packs.values()
    ]


@workspace_view()
def browse(request: HttpRequest, access: Access) -> HttpResponse:
    q = request.GET.get("q", "")
    pack = request.GET.get("pack", "")
    channel = request.GET.get("channel", "")
    stage = request.GET.get("stage", "")
    filtering = bool(q.strip() or pack or channel or stage)
    templates = list(selectors.template_list().order_by("pack__position", "position", "id"))
    matched = set(selectors.template_list(q=q, pack=pack, channel=channel, stage=stage).values_list("pk", flat=True))
    lookup = touchpoint_lookup(workspace=access.workspace)

    def have(t: TouchpointTemplate) -> bool:
        return lookup.for_template(t) is not None

    groups = _grouped(templates, matched, have, filtering)
    return render(
        request,
        "library/browse.html",
        {
            "groups": groups,
            "found": len(matched),
            "filtering": filtering,
            "rows": [row for g in groups for a in g["areas"] for row in a["rows"]],
            "packs": selectors.pack_list(),
            "q": q,
            "pack": pack,
            "channel": channel,
            "stage": stage,
            "channel_choices": c.Channel.choices,
            "stage_choices": c.Stage.choices,
            "status_choices": [(v, label) for v, label in c.PresenceStatus.choices if v != c.PresenceStatus.UNKNOWN],
            "total": len(templates),
        },
    )


@workspace_view(Capability.EDIT)
def add(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method != "POST":
        return redirect("library:browse", slug=access.workspace.slug)
    ids = int_params(request.POST.getlist("template"))
    if not ids:
        messages.error(request, _("Select at least one template."))
        return redirect("library:browse", slug=access.workspace.slug)
    try:
        result = services.library_add_to_inventory(
            workspace=access.workspace,
            template_ids=ids,
            created_by=request.user,
            include_children=bool(request.POST.get("children")),
            status=request.POST.get("status", ""),
        )
    except ValidationError as exc:
        error_message(request, exc)
        return redirect("library:browse", slug=access.workspace.slug)
    counts_message(request, (ADDED, len(result.created)), (SKIPPED, len(result.skipped)))
    return redirect("inventory:list", slug=access.workspace.slug)
