"""Writes to the inventory. Views, API, imports, the library and the command line all call these,
so the rules (same workspace, no cycles, valid values) hold everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import (
    CLASSIFICATION_FIELDS,
    RELATION_FIELDS,
    SYSTEM_FIELDS,
    TOUCHPOINT_FIELDS,
    Presence,
    Touchpoint,
)
from touchpoints.lib import freshness
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Brand, Segment, Workspace

# The fields the services take as plain values (the relations come as objects, by name).
EDITABLE_FIELDS = [f for f in TOUCHPOINT_FIELDS if f not in RELATION_FIELDS]


def check_parent(
    *,
    workspace: Workspace,
    touchpoint: Touchpoint | None,
    parent: Touchpoint | None,
    parents: Mapping[Any, Any] | None = None,
    key: Any = None,
    parent_key: Any = None,
    name: str = "",
    parent_name: str = "",
) -> None:
    """Refuse a parent from another workspace, and any parent that would close a cycle.

    ``parents`` (node → its parent node) is the graph to check against; by default the
    workspace's touchpoints as stored. An import passes the graph the file would make (stored
    touchpoints with the file's rows applied, new rows under keys of its own, ``key`` and
    ``parent_key``, and the ``name`` and ``parent_name`` its message shows), so a cycle through
    the database and the file is refused too, in the words of a single edit."""
    if parent is None and parent_key is None:
        return
    if parent is not None and parent.workspace_id != workspace.pk:
        raise ValidationError({"parent": _("The parent must be a touchpoint of this workspace.")})
    node_key = key if key is not None else (touchpoint.pk if touchpoint is not None else None)
    if node_key is None:
        return
    if parents is None:
        parents = dict(Touchpoint.objects.filter(workspace=workspace).values_list("id", "parent_id"))
    start = parent_key if parent_key is not None else parent.pk if parent is not None else None
    if parent_chain_reaches(parents, start, node_key):
        raise ValidationError(
            {
                "parent": _("“%(parent)s” is inside “%(name)s”: nesting it there would make a cycle.")
                % {
                    "parent": parent.name if parent is not None else parent_name or parent_key,
                    "name": touchpoint.name if touchpoint is not None else name or node_key,
                }
            }
        )


def parent_chain_reaches(parents: Mapping[Any, Any], start: Any, target: Any) -> bool:
    """Whether walking up from ``start`` (itself included) meets ``target``. Bounded: a cycle
    already in the graph ends the walk instead of looping."""
    node = start
    seen: set[Any] = set()
    while node is not None and node not in seen:
        if node == target:
            return True
        seen.add(node)
        node = parents.get(node)
    return False


def check_segments(workspace: Workspace, segments: Iterable[Segment]) -> list[Segment]:
    segments = list(segments)
    if any(s.workspace_id != workspace.pk for s in segments):
        raise ValidationError({"segments": _("Segments must belong to this workspace.")})
    return segments


def check_status(status: str, *, field: str = "presence") -> None:
    """A brand's status for a touchpoint is one of ``PresenceStatus``; else a field error."""
    if status not in c.PresenceStatus.values:
        raise ValidationError({field: _("Unknown status “%(status)s”.") % {"status": status}})


def check_presence(brand_ids: set[int], presence: Mapping[int, str]) -> None:
    for brand_id, status in presence.items():
        if brand_id not in brand_ids:
            raise ValidationError({"presence": _("Brand %(id)s is not a brand of this workspace.") % {"id": brand_id}})
        check_status(status)


def _apply_presence(touchpoint: Touchpoint, presence: Mapping[int, str], *, new: bool = False) -> None:
    """Sets the touchpoint's status for each brand of ``presence``; ``new``: it was just created, so
    it has no status to read."""
    if not presence:
        return
    freshness.bump(touchpoint.workspace_id, freshness.INVENTORY)
    # The brands themselves, not only their ids: the history of changes names a presence by its brand.
    brands = Brand.objects.filter(workspace_id=touchpoint.workspace_id).in_bulk()
    check_presence(set(brands), presence)
    existing = {} if new else {p.brand_id: p for p in touchpoint.presences.all()}
    for brand_id, status in presence.items():
        row = existing.get(brand_id)
        if row is None:
            Presence.objects.create(touchpoint=touchpoint, brand=brands[brand_id], status=status)
        elif row.status != status:
            row.brand = brands[brand_id]
            row.status = status
            row.save(update_fields=["status"])


@transaction.atomic
def touchpoint_create(
    *,
    workspace: Workspace,
    name: str,
    parent: Touchpoint | None = None,
    segments: Iterable[Segment] = (),
    presence: Mapping[int, str] | None = None,
    created_by: Any = None,
    template: Any = None,
    **fields: Any,
) -> Touchpoint:
    check_fields(fields, EDITABLE_FIELDS)
    check_parent(workspace=workspace, touchpoint=None, parent=parent)
    touchpoint = Touchpoint(
        workspace=workspace,
        name=(name or "").strip(),
        parent=parent,
        created_by=created_by,
        template=template,
        **fields,
    )
    touchpoint.full_clean(exclude=list(SYSTEM_FIELDS))
    touchpoint.save()
    segments = check_segments(workspace, segments)
    if segments:  # a new touchpoint has none to clear
        touchpoint.segments.set(segments)
    _apply_presence(touchpoint, presence or {}, new=True)
    return touchpoint


_UNSET: Any = object()


@transaction.atomic
def touchpoint_update(
    *,
    touchpoint: Touchpoint,
    parent: Touchpoint | None = _UNSET,
    segments: Iterable[Segment] | None = None,
    presence: Mapping[int, str] | None = None,
    **fields: Any,
) -> Touchpoint:
    check_fields(fields, EDITABLE_FIELDS)
    workspace = touchpoint.workspace
    if parent is not _UNSET:
        check_parent(workspace=workspace, touchpoint=touchpoint, parent=parent)
        touchpoint.parent = parent
    for key, value in fields.items():
        setattr(touchpoint, key, value)
    if "name" in fields:
        touchpoint.name = (touchpoint.name or "").strip()
    touchpoint.full_clean(exclude=list(SYSTEM_FIELDS))
    touchpoint.save()
    if segments is not None:
        touchpoint.segments.set(check_segments(workspace, segments))
    if presence:
        _apply_presence(touchpoint, presence)
    return touchpoint


@transaction.atomic
def touchpoint_delete(*, touchpoint: Touchpoint) -> int:
    """Deletes the touchpoint and everything nested in it; returns how many were deleted."""
    ids = touchpoint_descendant_ids(touchpoint=touchpoint)
    count = len(ids) + 1
    # Detach the subtree first: a cycle left by older data (P → C → P) then cannot send the
    # cascade round it, and everything inside is deleted in one statement.
    Touchpoint.objects.filter(pk__in=[touchpoint.pk, *ids]).update(parent=None)
    Touchpoint.objects.filter(pk__in=[touchpoint.pk, *ids]).delete()
    return count


def touchpoint_descendant_ids(*, touchpoint: Touchpoint) -> list[int]:
    rows = Touchpoint.objects.filter(workspace_id=touchpoint.workspace_id).values_list("id", "parent_id")
    children: dict[int, list[int]] = {}
    for tid, pid in rows:
        if pid is not None:
            children.setdefault(pid, []).append(tid)
    out: list[int] = []
    seen = {touchpoint.pk}  # bounded even if the stored parents already form a cycle
    stack = list(children.get(touchpoint.pk, []))
    while stack:
        tid = stack.pop()
        if tid in seen:
            continue
        seen.add(tid)
        out.append(tid)
        stack.extend(children.get(tid, []))
    return out


BULK_FIELDS = [*CLASSIFICATION_FIELDS, "owner_unit"]


@transaction.atomic
def touchpoint_bulk_update(
    *,
    workspace: Workspace,
    ids: Iterable[int],
    changes: Mapping[str, Any],
    add_stages: Iterable[str] = (),
    add_senses: Iterable[str] = (),
    presence: Mapping[int, str] | None = None,
    add_segments: Iterable[Segment] = (),
) -> int:
    """Sets the same classification on many touchpoints at once. All or nothing."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    touchpoints = list(Touchpoint.objects.filter(workspace=workspace, pk__in=ids).prefetch_related("presences"))
    if len(touchpoints) != len(ids):
        raise ValidationError(_("Some selected touchpoints are not in this workspace."))
    check_fields(changes, BULK_FIELDS)
    add_segments = check_segments(workspace, add_segments)
    for tp in touchpoints:
        for key, value in changes.items():
            setattr(tp, key, value)
        if add_stages:
            tp.stages = [s for s in c.Stage.values if s in set(tp.stages) | set(add_stages)]
        if add_senses:
            tp.senses = [s for s in c.Sense.values if s in set(tp.senses) | set(add_senses)]
        tp.full_clean(exclude=[*SYSTEM_FIELDS, "parent"])
        tp.save()
        if add_segments:
            tp.segments.add(*add_segments)
        if presence:
            tp.workspace = workspace
            _apply_presence(tp, presence)
    return len(touchpoints)


@transaction.atomic
def presence_set(*, touchpoint: Touchpoint, brand: Brand, status: str) -> None:
    _apply_presence(touchpoint, {brand.pk: status})
