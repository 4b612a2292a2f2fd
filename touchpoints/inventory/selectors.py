"""Reads of the inventory, with a bounded number of queries whatever the size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from touchpoints.inventory.coverage import Coverage, coverage_from_counts
from touchpoints.inventory.filtersets import TouchpointFilterSet, unclassified_q
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.workspaces.models import Brand, Workspace


def touchpoint_queryset(*, workspace: Workspace) -> QuerySet[Touchpoint]:
    return (
        Touchpoint.objects.filter(workspace=workspace)
        .select_related("parent")
        .prefetch_related("segments", Prefetch("presences", queryset=Presence.objects.select_related("brand")))
    )


def touchpoint_list_queryset(*, workspace: Workspace) -> QuerySet[Touchpoint]:
    """For lists: no prefetching (per-object prefetch costs more than the rows); the relations of
    a page come from :func:`touchpoint_relations` in two flat queries."""
    return Touchpoint.objects.filter(workspace=workspace).select_related("parent")


def touchpoint_filter(*, workspace: Workspace, data: Any) -> TouchpointFilterSet:
    return TouchpointFilterSet(
        data if data is not None else {}, queryset=touchpoint_list_queryset(workspace=workspace), workspace=workspace
    )


@dataclass(frozen=True)
class Relations:
    """Brand statuses and segments of a set of touchpoints, as plain ids."""

    status: dict[int, dict[int, str]]  # touchpoint id → brand id → status
    segment_ids: dict[int, list[int]]  # touchpoint id → segment ids

    def status_of(self, touchpoint_id: int) -> dict[int, str]:
        return self.status.get(touchpoint_id, {})


def touchpoint_relations(*, ids: list[int]) -> Relations:
    status: dict[int, dict[int, str]] = {}
    segments: dict[int, list[int]] = {}
    for chunk_start in range(0, len(ids), 900):  # stay under SQLite's parameter limit
        chunk = ids[chunk_start : chunk_start + 900]
        for tid, brand_id, value in Presence.objects.filter(touchpoint_id__in=chunk).values_list(
            "touchpoint_id", "brand_id", "status"
        ):
            status.setdefault(tid, {})[brand_id] = value
        through = Touchpoint.segments.through
        for tid, sid in (
            through.objects.filter(touchpoint_id__in=chunk)
            .order_by("segment_id")
            .values_list("touchpoint_id", "segment_id")
        ):
            segments.setdefault(tid, []).append(sid)
    return Relations(status=status, segment_ids=segments)


def touchpoints_with_relations(queryset: QuerySet[Touchpoint], chunk: int = 1000) -> Any:
    """Iterates a (large) queryset in chunks, yielding (touchpoint, relations) — for exports."""
    batch: list[Touchpoint] = []
    for tp in queryset.iterator(chunk_size=chunk):
        batch.append(tp)
        if len(batch) == chunk:
            relations = touchpoint_relations(ids=[t.pk for t in batch])
            yield from ((t, relations) for t in batch)
            batch = []
    if batch:
        relations = touchpoint_relations(ids=[t.pk for t in batch])
        yield from ((t, relations) for t in batch)


def touchpoint_get(*, workspace: Workspace, pk: int) -> Touchpoint:
    return touchpoint_queryset(workspace=workspace).get(pk=pk)


LOOKUP_FIELDS = ("id", "name", "code", "parent_id", "template_id", "workspace_id")


def _lookup_key(text: str) -> str:
    return text.strip().lower()


class TouchpointLookup:
    """A workspace's touchpoints found by code or by name, ignoring case and surrounding spaces.
    The one way the import, the library, journeys and analytics match a reference to the
    inventory. When two touchpoints share a code or a name, the later one in inventory order
    (name, id) is the one found."""

    def __init__(self, touchpoints: Iterable[Touchpoint]) -> None:
        self.touchpoints = list(touchpoints)
        self._by_code = {_lookup_key(t.code): t for t in self.touchpoints if t.code}
        self._by_name = {_lookup_key(t.name): t for t in self.touchpoints}
        self._by_template = {t.template_id: t for t in self.touchpoints if t.template_id}

    def by_code(self, code: str) -> Touchpoint | None:
        return self._by_code.get(_lookup_key(code)) if code else None

    def by_name(self, *names: str) -> Touchpoint | None:
        """The touchpoint with the first of ``names`` that the inventory has."""
        return next((self._by_name[k] for k in map(_lookup_key, names) if k in self._by_name), None)

    def find(self, ref: str) -> Touchpoint | None:
        """A reference as people write it: a code, else a name."""
        return self.by_code(ref) or self.by_name(ref)

    def for_template(self, template: Any) -> Touchpoint | None:
        """What stands for a library template: the touchpoint added from it, else one named as it
        is in any language."""
        return self._by_template.get(template.pk) or self.by_name(template.name_en, template.name_ru, template.name_es)

    def add(self, touchpoint: Touchpoint) -> None:
        """Register a touchpoint created after the lookup was read."""
        self.touchpoints.append(touchpoint)
        if touchpoint.code:
            self._by_code[_lookup_key(touchpoint.code)] = touchpoint
        self._by_name[_lookup_key(touchpoint.name)] = touchpoint
        if touchpoint.template_id:
            self._by_template[touchpoint.template_id] = touchpoint

    def parents(self) -> dict[int, int | None]:
        """Touchpoint id → parent id, the graph services.check_parent walks."""
        return {t.pk: t.parent_id for t in self.touchpoints}

    def refs(self) -> list[tuple[int, str, str]]:
        """(id, name, code) in inventory order, as the analytics engine matches channels."""
        return [(t.pk, t.name, t.code) for t in self.touchpoints]


def touchpoint_lookup(
    *,
    workspace: Workspace | None = None,
    workspace_id: int | None = None,
    fields: Sequence[str] | None = LOOKUP_FIELDS,
) -> TouchpointLookup:
    """One query; ``fields`` are the touchpoint fields loaded (add any the caller reads; None
    loads whole touchpoints)."""
    qs = Touchpoint.objects.filter(workspace_id=workspace.pk if workspace is not None else int(workspace_id or 0))
    return TouchpointLookup(qs if fields is None else qs.only(*fields))


def own_brand(*, workspace: Workspace) -> Brand | None:
    return workspace.brands.filter(is_own=True).order_by("pk").first()


def presence_map(touchpoint: Touchpoint) -> dict[int, str]:
    """Brand id → status, from the prefetched presences."""
    return {p.brand_id: p.status for p in touchpoint.presences.all()}


def inventory_coverage(*, workspace: Workspace) -> Coverage:
    """Counts by stage, phase, area, channel and own-brand status, done by the database in a few
    aggregate queries (not by loading every touchpoint)."""
    from django.db.models import Count, Q

    from touchpoints.inventory import choices as c
    from touchpoints.lib.fields import has_value_q

    qs = Touchpoint.objects.filter(workspace=workspace)
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for stage in c.Stage.values:
        aggregates[f"stage_{stage}"] = Count("pk", filter=has_value_q("stages", stage))
    for phase in c.Phase.values:
        q = Q()
        for stage, stage_phase in c.STAGE_PHASE.items():
            if stage_phase == phase:
                q |= has_value_q("stages", stage)
        aggregates[f"phase_{phase}"] = Count("pk", filter=q)
    aggregates["unclassified"] = Count("pk", filter=unclassified_q())
    totals = qs.aggregate(**aggregates)
    areas = dict(qs.exclude(area="").values_list("area").annotate(n=Count("pk")))
    channels = dict(qs.exclude(channel="").values_list("channel").annotate(n=Count("pk")))
    brand = own_brand(workspace=workspace)
    statuses = dict(Presence.objects.filter(brand=brand).values_list("status").annotate(n=Count("pk")) if brand else [])
    return coverage_from_counts(
        total=totals["total"],
        stages={s: totals[f"stage_{s}"] for s in c.Stage.values},
        phases={p: totals[f"phase_{p}"] for p in c.Phase.values},
        areas=areas,
        channels=channels,
        statuses=statuses,
        unclassified=totals["unclassified"],
    )


@dataclass
class TreeRow:
    pk: int
    name: str
    depth: int
    child_count: int
    stages: list[str]
    channel: str
    own_status: str
    expanded: bool


# Up to this many touchpoints the tree opens fully; beyond, branches open on demand.
TREE_EXPAND_ALL = 400


def touchpoint_tree_rows(*, workspace: Workspace, parent_id: int | None = None) -> list[TreeRow]:
    """The inventory tree in display order from one light query: the whole tree when it is small,
    otherwise one level (top level, or the children of ``parent_id``) with child counts."""
    brand = own_brand(workspace=workspace)
    status = dict(Presence.objects.filter(brand=brand).values_list("touchpoint_id", "status")) if brand else {}
    items = list(
        Touchpoint.objects.filter(workspace=workspace)
        .order_by("name", "id")
        .values_list("id", "parent_id", "name", "stages", "channel")
    )
    children: dict[int | None, list[tuple[Any, ...]]] = {}
    for item in items:
        children.setdefault(item[1], []).append(item)
    expand_all = len(items) <= TREE_EXPAND_ALL
    if parent_id is not None and not any(item[0] == parent_id for item in items):
        return []
    rows: list[TreeRow] = []
    start_depth = 0 if parent_id is None else 1
    stack = [(item, start_depth) for item in reversed(children.get(parent_id, []))]
    shown: set[int] = set() if parent_id is None else {parent_id}
    while stack:
        (pk, _parent, name, stages, channel), depth = stack.pop()
        if pk in shown:  # a cycle in stored data is shown once, never walked round
            continue
        shown.add(pk)
        kids = children.get(pk, [])
        rows.append(TreeRow(pk, name, depth, len(kids), stages, channel, status.get(pk, ""), expand_all))
        if expand_all:
            stack.extend((kid, depth + 1) for kid in reversed(kids))
    return rows


def touchpoint_delete_impact(*, touchpoint: Touchpoint) -> list[tuple[str, int]]:
    """What else a delete takes with it (journey steps, audit answers…), as (name, count) pairs,
    so the confirmation page can say so before anything is lost."""
    from django.contrib.admin.utils import NestedObjects
    from django.db import router

    collector = NestedObjects(using=router.db_for_write(Touchpoint))
    collector.collect([touchpoint])
    counts: dict[str, int] = {}
    for model, objects in collector.data.items():
        if model in (Touchpoint, Presence) or model._meta.auto_created:
            continue
        counts[str(model._meta.verbose_name_plural)] = counts.get(str(model._meta.verbose_name_plural), 0) + len(
            objects
        )
    return sorted(counts.items())
