"""The inventory benchmarks' data: a workspace of ``n`` synthetic touchpoints imported from rows,
as a user's spreadsheet would be. Used by the inventory benchmark and the load benchmark; Django
must be set up first (benchmarks/_django.py)."""

from __future__ import annotations

import time
from typing import Any

BRANDS = ["Own", "Rival 1", "Rival 2"]


def synthetic_rows(n: int, brands: list[str]) -> tuple[list[str], list[list[str]]]:
    """``n`` rows of the import format: every classification axis filled, one parent in ten."""
    from touchpoints.inventory import choices as c

    stages, channels, areas = c.Stage.values, c.Channel.values, c.Area.values
    statuses = c.PresenceStatus.values
    records = []
    for i in range(n):
        record = {
            "name": f"Touchpoint {i}",
            "code": f"tp-{i}",
            "parent": f"tp-{i // 10}" if i >= 10 and i % 4 else "",
            "area": areas[i % 4],
            "stages": ",".join(stages[j] for j in {i % 5, (i * 7) % 5}),
            "moment": c.MomentOfTruth.values[i % 3],
            "mode": c.Mode.values[i % 2],
            "channel": channels[i % len(channels)],
            "attention": c.Attention.values[i % 2],
            "lifetime": c.Lifetime.values[i % 2],
            "senses": "sight,hearing" if i % 3 else "sight",
            "control": c.Control.values[i % 3],
            "owner_unit": f"Unit {i % 12}",
            "segments": "Segment A" if i % 2 else "Segment B",
        }
        record.update({f"brand:{b}": statuses[(i + k) % 4] for k, b in enumerate(brands)})
        records.append(record)
    header = list(records[0]) if records else []
    return header, [list(r.values()) for r in records]


def build_workspace(n: int, *, username: str, name: str) -> tuple[Any, Any, float]:
    """A fresh schema, a user owning a workspace of three brands and two segments, ``n`` touchpoints
    imported. Returns the user, the workspace and the import's seconds."""
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from touchpoints.inventory.importing import import_touchpoints
    from touchpoints.workspaces.services import brand_create, segment_create, workspace_create

    call_command("migrate", verbosity=0)
    user = User.objects.create_user(username, f"{username}@example.com", f"{username}-password")
    ws = workspace_create(name=name, owner=user, own_brand=BRANDS[0])
    for brand in BRANDS[1:]:
        brand_create(workspace=ws, name=brand)
    segment_create(workspace=ws, name="Segment A")
    segment_create(workspace=ws, name="Segment B")
    header, rows = synthetic_rows(n, BRANDS)
    t0 = time.perf_counter()
    result = import_touchpoints(workspace=ws, header=header, rows=rows)
    seconds = time.perf_counter() - t0
    assert result.ok and result.created == n, result.faults[:5]
    return user, ws, seconds
