"""Priorities benchmark: a workspace of 1,000 touchpoints, three brands and 10 finished audits.

Times, over repeated runs after a warm-up, the median and p95 of:

* priorities page — the whole page as a user gets it (factors for every touchpoint, the
  impact–performance chart, the first page of the table rendered; target: p95 < 200 ms);
* benchmark page — the presence matrix, the radar and the market weighting;
* top ten page — the list with each place's computed priority;
* priorities API — every row as JSON;
* pure ranking — ``formula.rank`` alone on data already in memory.

Run by hand (not a test):

    .venv/bin/python benchmarks/priorities/bench_priorities.py [--touchpoints 1000] [--audits 10] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402
from benchmarks._timing import options, page, percentile, timed  # noqa: E402

OUT = setup("priorities", ALLOWED_HOSTS="testserver,127.0.0.1")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

import touchpoints.wsgi  # noqa: E402,F401 - load the app as the production server does (lib/warmup.py)
from touchpoints.audits.models import Audit  # noqa: E402
from touchpoints.inventory import choices as ic  # noqa: E402
from touchpoints.inventory.models import Presence, Touchpoint  # noqa: E402
from touchpoints.lib.fields import encode_values  # noqa: E402
from touchpoints.lib.records import attributes  # noqa: E402
from touchpoints.priorities import formula, selectors, services  # noqa: E402
from touchpoints.priorities.models import Estimate  # noqa: E402
from touchpoints.workspaces.services import brand_create, workspace_create  # noqa: E402

STATUSES = ["exists"] * 6 + ["missing", "planned", "unknown"]


def build(n_tp: int, n_audits: int) -> Any:
    """A fresh database with the workspace: ``n_tp`` touchpoints, ``n_audits`` audits, the top ten."""
    call_command("migrate", verbosity=0)
    rnd = random.Random(7)
    user = User.objects.create_user("bench", "bench@example.com", "bench-pass-123")
    ws = workspace_create(name="Priorities bench", owner=user, slug="priorities-bench")
    brands = [
        ws.brands.get(is_own=True),
        brand_create(workspace=ws, name="Rival A"),
        brand_create(workspace=ws, name="Rival B"),
    ]
    stages, areas = [s.value for s in ic.Stage], [a.value for a in ic.Area]
    Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                workspace=ws,
                name=f"Touchpoint {i:04d}",
                area=rnd.choice(areas),
                stages=encode_values(sorted(rnd.sample(stages, rnd.randint(1, 2)), key=stages.index)),
            )
            for i in range(n_tp)
        ]
    )
    ids = list(Touchpoint.objects.filter(workspace=ws).values_list("pk", flat=True))
    Presence.objects.bulk_create(
        [Presence(touchpoint_id=tp, brand=b, status=rnd.choice(STATUSES)) for tp in ids for b in brands]
    )
    day = dt.date(2026, 1, 1)
    for i in range(n_audits):
        brand = brands[i % len(brands)]
        Audit.objects.create(
            workspace=ws,
            name=f"Audit {i}",
            brand=brand,
            status="closed",
            ends_on=day + dt.timedelta(days=30 * i),
            summary={"overall": 60, "touchpoints": {str(tp): round(rnd.uniform(10, 100), 1) for tp in ids}},
        )
    Estimate.objects.bulk_create(
        [
            Estimate(
                touchpoint_id=tp,
                impact=rnd.randint(1, 5),
                impact_reason="estimated",
                effort=rnd.randint(1, 5),
                cost=rnd.randint(100, 10000),
            )
            for tp in ids
            if rnd.random() < 0.8
        ]
    )
    services.top_ten_fill(workspace=ws, author=user)
    return ws, user


def main() -> None:
    args = options(touchpoints=1000, audits=10)
    start = time.perf_counter()
    ws, user = build(args.touchpoints, args.audits)
    print(f"built {args.touchpoints} touchpoints, {args.audits} audits in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(user)
    slug = ws.slug

    rows = selectors.priority_list(workspace=ws)
    fresh = [
        formula.PriorityRow(
            **attributes(
                r,
                "touchpoint_id",
                "name",
                "stages",
                "area",
                "own_score",
                "lacking",
                "rivals_with_it",
                "impact_value",
                "effort",
                "cost",
            )
        )
        for r in rows
    ]
    cases = [
        ("priorities page (target p95 < 200 ms)", page(client, f"/w/{slug}/priorities/")),
        ("benchmark page", page(client, f"/w/{slug}/priorities/benchmark/")),
        ("top ten page", page(client, f"/w/{slug}/priorities/top/")),
        ("priorities API", page(client, f"/api/v1/workspaces/{slug}/priorities")),
        ("pure ranking (formula.rank)", lambda: formula.rank(fresh, max_cost=10000)),
    ]
    print(f"{'case':44} {'min ms':>9} {'median ms':>9} {'p95 ms':>9} {'cpu med':>9} {'cpu p95':>9}")
    for name, fn in cases:
        wall, cpu = timed(fn, args.repeat, warmup=2)
        print(
            f"{name:44} {min(wall):9.1f} {statistics.median(wall):9.1f} {percentile(wall, 0.95):9.1f} {statistics.median(cpu):9.1f} "
            f"{percentile(cpu, 0.95):9.1f}"
        )


if __name__ == "__main__":
    main()
