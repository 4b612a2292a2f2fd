"""Reads of the inventory, with a bounded number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from touchpoints.inventory.coverage import Coverage, compute_coverage
from touchpoints.inventory.filtersets import TouchpointFilterSet
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.workspaces.models import Brand, Workspace


def touchpoint_queryset(*, workspace: Workspace) -> QuerySet[Touchpoint]:
    return (
        Touchpoint.objects.filter(workspace=workspace)
        .select_related("parent")
        .prefetch_related("segments", Prefetch("presences", queryset=Presence.objects.select_related("brand")))
    )


def touchpoint_filter(*, workspace: Workspace, data: Any) -> TouchpointFilterSet:
    return TouchpointFilterSet(data if data is not None else {}, queryset=touchpoint_queryset(workspace=workspace), workspace=workspace)


def touchpoint_get(*, workspace: Workspace, pk: int) -> Touchpoint:
    return touchpoint_queryset(workspace=workspace).get(pk=pk)


def own_brand(*, workspace: Workspace) -> Brand | None:
    return workspace.brands.filter(is_own=True).order_by("pk").first()


def presence_map(touchpoint: Touchpoint) -> dict[int, str]:
    """Brand id → status, from the prefetched presences."""
    return {p.brand_id: p.status for p in touchpoint.presences.all()}


def inventory_coverage(*, workspace: Workspace) -> Coverage:
    brand = own_brand(workspace=workspace)
    status = dict(
        Presence.objects.filter(brand=brand).values_list("touchpoint_id", "status") if brand else []
    )
    rows = (
        {"stages": stages, "area": area, "channel": channel, "status": status.get(pk, "")}
        for pk, stages, area, channel in Touchpoint.objects.filter(workspace=workspace).values_list(
            "pk", "stages", "area", "channel"
        )
    )
    return compute_coverage(rows)


@dataclass
class TreeNode:
    touchpoint: Touchpoint
    depth: int
    children: list["TreeNode"]


def touchpoint_tree(*, workspace: Workspace) -> list[TreeNode]:
    """The whole inventory as a forest, built in Python from one query (plus prefetches)."""
    items = list(touchpoint_queryset(workspace=workspace).order_by("name", "id"))
    children: dict[int | None, list[Touchpoint]] = {}
    for tp in items:
        children.setdefault(tp.parent_id, []).append(tp)

    def build(tp: Touchpoint, depth: int) -> TreeNode:
        return TreeNode(tp, depth, [build(ch, depth + 1) for ch in children.get(tp.pk, [])])

    return [build(tp, 0) for tp in children.get(None, [])]


def flatten_tree(nodes: list[TreeNode]) -> list[TreeNode]:
    out: list[TreeNode] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out
