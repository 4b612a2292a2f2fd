"""The inventory import's write: parsed rows (inventory/parsing.py) held to the same rules as a
single edit, then written in bulk, all or nothing. Every fault is reported by row and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touchpoints.inventory import cache as inventory_cache
from touchpoints.inventory.models import SYSTEM_FIELDS, Presence, Touchpoint
from touchpoints.inventory.parsing import ImportRow, parse_table
from touchpoints.inventory.selectors import touchpoint_lookup
from touchpoints.inventory.services import (
    EDITABLE_FIELDS,
    check_parent,
    check_presence,
    check_segments,
)
from touchpoints.inventory.tabular import Fault
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Workspace


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    faults: list[Fault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults


def _faults(line: int, error: ValidationError) -> list[Fault]:
    """A service's ValidationError as faults of one row, by the column its field is read from."""
    return [
        Fault(line, "-" if key == NON_FIELD_ERRORS else key, str(message))
        for key, messages in error.message_dict.items()
        for message in messages
    ]


def _row_faults(workspace: Workspace, row: ImportRow, obj: Touchpoint, brand_ids: set[int]) -> list[Fault]:
    """A row held to the rules of a single edit, its parent aside (see :func:`_cycles`)."""
    faults: list[Fault] = []
    try:
        obj.full_clean(exclude=[*SYSTEM_FIELDS, "parent"])
    except ValidationError as exc:
        faults.extend(_faults(row.line, exc))
    try:
        check_segments(workspace, row.segments)
        check_presence(brand_ids, row.presence)
    except ValidationError as exc:
        faults.extend(_faults(row.line, exc))
    return faults


def touchpoint_import(
    *, workspace: Workspace, rows: Sequence[ImportRow], created_by: Any = None, write: bool = True
) -> ImportResult:
    """Creates the rows' touchpoints (a row whose code is in the inventory updates that one) and
    nests them, all or nothing. Each row is held to the rules of a single edit (the model's
    validation, check_segments, check_presence, check_parent over the graph the import would
    leave); writes are in bulk. Any fault, or ``write=False``, leaves the inventory untouched."""
    result = ImportResult()
    faults = result.faults
    lookup = touchpoint_lookup(workspace=workspace)
    brand_ids = set(workspace.brands.values_list("pk", flat=True))
    targets = [lookup.by_code(row.code) for row in rows]
    stored = Touchpoint.objects.in_bulk([t.pk for t in targets if t is not None])
    objects: list[Touchpoint] = []
    for row, target in zip(rows, targets):
        try:
            check_fields(row.fields, EDITABLE_FIELDS)
        except ValidationError as exc:
            faults.extend(_faults(row.line, exc))
            objects.append(Touchpoint())
            continue
        if target is not None:
            obj = stored[target.pk]
            for key, value in row.fields.items():
                setattr(obj, key, value)
        else:
            obj = Touchpoint(workspace=workspace, created_by=created_by, **row.fields)
        obj.name = row.name
        objects.append(obj)
        faults.extend(_row_faults(workspace, row, obj, brand_ids))
    faults.extend(_duplicate_codes(rows))
    file_keys: dict[str, int] = {}  # a code or name in the file → its first row
    for i, row in enumerate(rows):
        for key in (row.code, row.name):
            if key:
                file_keys.setdefault(key.lower(), i)
    parents: list[Touchpoint | int | None] = []  # a stored touchpoint, or the row of the file
    for i, row in enumerate(rows):
        ref = row.parent.lower()
        parents.append(file_keys.get(ref) if ref in file_keys else lookup.find(ref) if ref else None)
        if ref and parents[-1] is None:
            message = _("No touchpoint “%(v)s” in the file or the inventory.") % {"v": row.parent}
            faults.append(Fault(row.line, "parent", message))
        elif ref and parents[-1] == i:
            faults.append(Fault(row.line, "parent", _("A touchpoint cannot be its own parent.")))
    if not faults:
        faults.extend(_cycles(workspace, rows, targets, parents, lookup.parents()))
    if faults or not write:
        return result
    _write_import(rows, objects, parents, result)
    return result


def _duplicate_codes(rows: Sequence[ImportRow]) -> list[Fault]:
    """One row per code in a file (a second one would create a twin, or update the same
    touchpoint twice)."""
    faults: list[Fault] = []
    first: dict[str, int] = {}
    for row in rows:
        code = row.code.lower()
        if code in first:
            message = _("The code “%(v)s” is already on row %(n)s of this file.") % {"v": row.code, "n": first[code]}
            faults.append(Fault(row.line, "code", message))
        elif code:
            first[code] = row.line
    return faults


def _cycles(
    workspace: Workspace,
    rows: Sequence[ImportRow],
    targets: Sequence[Touchpoint | None],
    parents: Sequence[Touchpoint | int | None],
    graph: dict[Any, Any],
) -> list[Fault]:
    """check_parent for every row, over the inventory as the file would leave it: stored parents
    with the file's rows applied, a new row under a key of its own."""
    keys = [t.pk if t is not None else ("row", i) for i, t in enumerate(targets)]
    parent_keys = [keys[p] if isinstance(p, int) else p.pk if p is not None else None for p in parents]
    for key, parent_key in zip(keys, parent_keys):
        if parent_key is not None:
            graph[key] = parent_key
    faults: list[Fault] = []
    for i, row in enumerate(rows):
        if parent_keys[i] is None:
            continue
        try:
            check_parent(
                workspace=workspace,
                touchpoint=None,
                parent=None,
                parents=graph,
                key=keys[i],
                parent_key=parent_keys[i],
                name=row.name,
                parent_name=row.parent,
            )
        except ValidationError as exc:
            faults.extend(_faults(row.line, exc))
    return faults


@transaction.atomic
def _write_import(
    rows: Sequence[ImportRow],
    objects: list[Touchpoint],
    parents: Sequence[Touchpoint | int | None],
    result: ImportResult,
) -> None:
    if objects:
        inventory_cache.bump(objects[0].workspace_id)
    for obj in objects:
        if obj.pk is not None:
            obj.save()
            result.updated += 1
    new = [o for o in objects if o.pk is None]
    Touchpoint.objects.bulk_create(new, batch_size=500)
    result.created = len(new)
    if any(o.pk is None for o in new):  # backends without RETURNING ids
        raise RuntimeError("bulk_create did not return ids")
    # One UPDATE per parent (far cheaper than bulk_update's CASE over thousands of rows).
    by_parent: dict[int, list[int]] = {}
    for obj, parent in zip(objects, parents):
        if parent is not None:
            parent_id = objects[parent].pk if isinstance(parent, int) else parent.pk
            obj.parent_id = parent_id
            by_parent.setdefault(parent_id, []).append(obj.pk)
    for parent_id, ids in by_parent.items():
        for start in range(0, len(ids), 500):
            Touchpoint.objects.filter(pk__in=ids[start : start + 500]).update(parent_id=parent_id)
    through = Touchpoint.segments.through
    through.objects.bulk_create(
        [through(touchpoint_id=o.pk, segment_id=s.pk) for row, o in zip(rows, objects) for s in row.segments],
        ignore_conflicts=True,
        batch_size=1000,
    )
    presences = [(o.pk, b, s) for row, o in zip(rows, objects) for b, s in row.presence.items()]
    if presences:
        Presence.objects.filter(touchpoint_id__in=[p[0] for p in presences]).delete()
        Presence.objects.bulk_create([Presence(touchpoint_id=t, brand_id=b, status=s) for t, b, s in presences])


def import_touchpoints(
    *, workspace: Workspace, header: Sequence[str], rows: Sequence[Sequence[str]], created_by: Any = None
) -> ImportResult:
    """A table as read from a file (tabular.read_rows): parsed, validated, and written if no row
    has a fault. The faults of both steps come together, in the order of the file."""
    parsed = parse_table(workspace=workspace, header=header, rows=rows)
    if not parsed.complete:
        return ImportResult(faults=parsed.faults)
    result = touchpoint_import(workspace=workspace, rows=parsed.rows, created_by=created_by, write=not parsed.faults)
    result.faults = sorted(parsed.faults + result.faults, key=lambda f: f.row)
    return result
