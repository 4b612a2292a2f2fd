"""Adding library templates to a workspace's inventory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from touchpoints.inventory.models import CLASSIFICATION_FIELDS, Touchpoint
from touchpoints.inventory.selectors import own_brand, touchpoint_lookup
from touchpoints.inventory.services import check_status, touchpoint_create
from touchpoints.lib.i18n import current_language, pick
from touchpoints.library.models import TouchpointTemplate
from touchpoints.workspaces.models import Workspace


@dataclass
class AddResult:
    created: list[Touchpoint] = field(default_factory=list)
    skipped: list[TouchpointTemplate] = field(default_factory=list)
    # template id → the workspace touchpoint standing for it (new or existing)
    mapping: dict[int, Touchpoint] = field(default_factory=dict)


def _with_descendants(selected: list[TouchpointTemplate]) -> list[TouchpointTemplate]:
    all_templates = list(TouchpointTemplate.objects.all())
    children: dict[int | None, list[TouchpointTemplate]] = {}
    for t in all_templates:
        children.setdefault(t.parent_id, []).append(t)
    out: dict[int, TouchpointTemplate] = {}
    stack = list(selected)
    while stack:
        t = stack.pop()
        if t.pk in out:
            continue
        out[t.pk] = t
        stack.extend(children.get(t.pk, []))
    # parents before children
    by_id = {t.pk: t for t in all_templates}

    def depth(t: TouchpointTemplate) -> int:
        d, p = 0, t.parent_id
        while p is not None and d < 100:
            d, p = d + 1, by_id[p].parent_id
        return d

    return sorted(out.values(), key=lambda t: (depth(t), t.pack_id, t.position))


@transaction.atomic
def library_add_to_inventory(
    *,
    workspace: Workspace,
    template_ids: Iterable[int],
    created_by: Any = None,
    include_children: bool = True,
    language: str | None = None,
    status: str = "",
) -> AddResult:
    """Adds the selected templates (and their children) to the inventory, nested as in the
    library. A template already in the inventory (added before, or a touchpoint of the same name)
    is skipped, and its children are nested under the existing touchpoint. ``status`` (exists,
    missing, planned) is the own brand's status for the touchpoints of the selected templates; the
    nested ones that come along stay without one, for the team to say."""
    language = language or current_language()
    selected = list(TouchpointTemplate.objects.filter(pk__in=list(template_ids)))
    if status:
        check_status(status, field="status")
    own = own_brand(workspace=workspace) if status else None
    chosen = {t.pk for t in selected}
    templates = _with_descendants(selected) if include_children else selected
    lookup = touchpoint_lookup(workspace=workspace)
    result = AddResult()
    for template in templates:
        found = lookup.for_template(template)
        if found is not None:
            result.skipped.append(template)
            result.mapping[template.pk] = found
            continue
        parent = result.mapping.get(template.parent_id) if template.parent_id else None
        touchpoint = touchpoint_create(
            workspace=workspace,
            name=pick(template, "name", language),
            description=pick(template, "description", language),
            parent=parent,
            template=template,
            created_by=created_by,
            code=template.code.replace("_", "-")[:80],
            presence={own.pk: status} if own and template.pk in chosen else None,
            **{f: getattr(template, f) for f in CLASSIFICATION_FIELDS},
        )
        result.created.append(touchpoint)
        result.mapping[template.pk] = touchpoint
        lookup.add(touchpoint)
    return result
