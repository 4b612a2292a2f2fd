"""Inventory benchmark: a workspace of 5,000 touchpoints.

Reports the median and p95 time of the inventory list page and the list API (first page,
and a filtered page), and the time to import 5,000 rows from CSV; each with its CPU time
(time.process_time), the figure to compare on a loaded machine. Run by hand:

    .venv/bin/python benchmarks/inventory/run.py [--n 5000] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
OUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
if not os.environ.get("DATABASE_URL"):
    db = OUT / "inventory-bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(db)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from touchpoints.inventory import choices as c  # noqa: E402
from touchpoints.inventory.importing import import_touchpoints  # noqa: E402
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


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, float]:
    """Median and p95 wall time, and median CPU time, in ms."""
    for _ in range(3):
        assert client.get(url).status_code == 200
    samples, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)], statistics.median(cpu)


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
    t0, c0 = time.perf_counter(), time.process_time()
    result = import_touchpoints(workspace=ws, header=header, rows=rows)
    import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert result.ok and result.created == args.n, result.faults[:5]
    client = Client()
    client.force_login(user)
    print(f"database: {django.db.connection.vendor}; touchpoints: {ws.touchpoints.count()}")
    print(f"import of {args.n} rows (validate + write): {import_s:.2f} s wall, {import_cpu:.2f} s CPU")
    cases = [
        ("inventory page", f"/w/{ws.slug}/touchpoints/"),
        ("inventory page, filtered", f"/w/{ws.slug}/touchpoints/?stage=decision&channel=website&status=missing"),
        ("inventory page, search", f"/w/{ws.slug}/touchpoints/?q=Touchpoint+49"),
        ("list API", f"/api/v1/workspaces/{ws.slug}/touchpoints"),
        ("list API, filtered", f"/api/v1/workspaces/{ws.slug}/touchpoints?stage=decision&channel=website"),
        ("tree page", f"/w/{ws.slug}/touchpoints/tree/"),
    ]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>10} {'CPU ms':>10}  (n={args.repeat})")
    for label, url in cases:
        median, p95, cpu = timed(client, url, args.repeat)
        print(f"{label:32} {median:10.1f} {p95:10.1f} {cpu:10.1f}")


if __name__ == "__main__":
    main()
