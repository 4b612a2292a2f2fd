"""Inventory benchmark: a workspace of 5,000 touchpoints.

Reports the median and p95 time of the inventory list page and the list API (first page,
and a filtered page), and the time to import 5,000 rows from CSV; each with its CPU time
(time.process_time), the figure to compare on a loaded machine. Run by hand:

    .venv/bin/python benchmarks/inventory/run.py [--n 5000] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

OUT = setup("inventory", ALLOWED_HOSTS="testserver,127.0.0.1")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks._timing import percentile, timed  # noqa: E402
from benchmarks.inventory.data import build_workspace  # noqa: E402


def timed_get(client: Client, url: str, repeat: int) -> tuple[float, float, float]:
    """Median and p95 wall time, and median CPU time, in ms."""

    def get() -> None:
        assert client.get(url).status_code == 200

    samples, cpu = timed(get, repeat, warmup=3)
    return statistics.median(samples), percentile(samples, 0.95), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    user, ws, import_s = build_workspace(args.n, username="bench", name="Benchmark")
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
        # The status filter (a subquery per brand; uncached in the API, unlike the page's fragments).
        ("list API, status unknown", f"/api/v1/workspaces/{ws.slug}/touchpoints?status=unknown"),
        ("list API, status missing", f"/api/v1/workspaces/{ws.slug}/touchpoints?status=missing"),
        ("tree page", f"/w/{ws.slug}/touchpoints/tree/"),
    ]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>10} {'CPU ms':>10}  (n={args.repeat})")
    for label, url in cases:
        median, p95, cpu = timed_get(client, url, args.repeat)
        print(f"{label:32} {median:10.1f} {p95:10.1f} {cpu:10.1f}")


if __name__ == "__main__":
    main()
