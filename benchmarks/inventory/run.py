"""Inventory benchmark: a workspace of 5,000 touchpoints.

Reports the median and p95 time of the inventory list page and the list API (first page,
and a filtered page), and the time to import 5,000 rows from CSV. Run by hand:

    .venv/bin/python benchmarks/inventory/run.py [--n 5000] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

OUT = setup("inventory", ALLOWED_HOSTS="testserver,127.0.0.1")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from touchpoints.inventory import choices as c  # noqa: E402
from touchpoints.inventory.tabular import import_touchpoints  # noqa: E402
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create  # noqa: E402


def synthetic_rows(n: int, brands: list[str]) -> tuple[list[str], list[list[str]]]:
    header = [
        "name",
        "code",
        "parent",
        "area",
        "stages",
        "moment",
        "mode",
        "channel",
        "attention",
        "lifetime",
        "senses",
        "control",
        "owner_unit",
        "segments",
        *[f"brand:{b}" for b in brands],
    ]
    stages, channels, areas = c.Stage.values, c.Channel.values, c.Area.values
    statuses = c.PresenceStatus.values
    rows = []
    for i in range(n):
        parent = f"tp-{i // 10}" if i >= 10 and i % 4 else ""
        rows.append(
            [
                f"Touchpoint {i}",
                f"tp-{i}",
                parent,
                areas[i % 4],
                ",".join(stages[j] for j in {i % 5, (i * 7) % 5}),
                c.MomentOfTruth.values[i % 3],
                c.Mode.values[i % 2],
                channels[i % len(channels)],
                c.Attention.values[i % 2],
                c.Lifetime.values[i % 2],
                "sight,hearing" if i % 3 else "sight",
                c.Control.values[i % 3],
                f"Unit {i % 12}",
                "Segment A" if i % 2 else "Segment B",
                *[statuses[(i + k) % 4] for k in range(len(brands))],
            ]
        )
    return header, rows


def timed(client: Client, url: str, repeat: int) -> tuple[float, float]:
    for _ in range(3):
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", "bench@example.com", "bench")
    ws = workspace_create(name="Benchmark", owner=user, own_brand="Own")
    brand_create(workspace=ws, name="Rival 1")
    brand_create(workspace=ws, name="Rival 2")
    segment_create(workspace=ws, name="Segment A")
    segment_create(workspace=ws, name="Segment B")
    header, rows = synthetic_rows(args.n, ["Own", "Rival 1", "Rival 2"])
    t0 = time.perf_counter()
    result = import_touchpoints(workspace=ws, header=header, rows=rows)
    import_s = time.perf_counter() - t0
    assert result.ok and result.created == args.n, result.faults[:5]
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}; touchpoints: {ws.touchpoints.count()}")
    print(f"import of {args.n} rows (validate + write): {import_s:.2f} s")
    cases = [
        ("inventory page", f"/w/{ws.slug}/touchpoints/"),
        ("inventory page, filtered", f"/w/{ws.slug}/touchpoints/?stage=decision&channel=website&status=missing"),
        ("inventory page, search", f"/w/{ws.slug}/touchpoints/?q=Touchpoint+49"),
        ("list API", f"/api/v1/workspaces/{ws.slug}/touchpoints"),
        ("list API, filtered", f"/api/v1/workspaces/{ws.slug}/touchpoints?stage=decision&channel=website"),
        ("tree page", f"/w/{ws.slug}/touchpoints/tree/"),
    ]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>10}  (n={args.repeat})")
    for label, url in cases:
        median, p95 = timed(client, url, args.repeat)
        print(f"{label:32} {median:10.1f} {p95:10.1f}")


if __name__ == "__main__":
    main()
