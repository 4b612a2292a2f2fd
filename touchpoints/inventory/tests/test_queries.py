"""List pages and endpoints run a bounded number of queries whatever the inventory size."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from touchpoints.inventory.services import touchpoint_create


def _fill(world: Any, n: int) -> None:
    own, rival = world.workspace.brands.order_by("-is_own")
    seg = world.workspace.segments.get()
    parent = None
    for i in range(n):
        tp = touchpoint_create(
            workspace=world.workspace,
            name=f"Touchpoint {i}",
            parent=parent,
            channel="website",
            stages=["need"],
            segments=[seg],
            presence={own.pk: "exists", rival.pk: "missing"},
        )
        parent = tp if i % 3 == 0 else parent


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_inventory(world: Any) -> None:
    client = world.client("editor")
    urls = [
        f"/w/{world.slug}/touchpoints/",
        f"/w/{world.slug}/touchpoints/tree/",
        f"/api/v1/workspaces/{world.slug}/touchpoints",
        f"/w/{world.slug}/touchpoints/export.csv",
        f"/w/{world.slug}/library/",
    ]
    _fill(world, 5)
    small = {url: _count(client, url) for url in urls}
    _fill(world, 40)
    large = {url: _count(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 25
