"""Benchmark (run by hand, not a test): the journey map of a 60-step journey over an inventory of
5,000 touchpoints. Target: the map page renders in under 200 ms at the 95th percentile.

    .venv/bin/python benchmarks/journeys/bench_map.py [--runs 100] [--steps 60] [--touchpoints 5000]

Builds its own SQLite database in benchmarks/out/ (or uses DATABASE_URL if set — point it at a
scratch database), then times, through Django's test client with a signed-in viewer, the map page
(everything a user gets: map, chain, weak links, curve spec; for an editor also the drag handles,
the buttons and the inventory palette), the board partial the map's script reloads, the weak-links
API resource, and the SVG export. Medians and 95th percentiles are of wall-clock time: run it on a
quiet machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402
from benchmarks._timing import percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--touchpoints", type=int, default=5000)
    args = parser.parse_args()

    os.environ["DEBUG"] = "0"
    out = setup("journeys")
    db_path = out / "journeys-bench.sqlite3"
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from touchpoints.inventory.choices import Channel, Mode, PresenceStatus, Stage
    from touchpoints.inventory.models import Presence, Touchpoint
    from touchpoints.journeys.models import Journey, JourneyStep
    from touchpoints.workspaces.models import Membership
    from touchpoints.workspaces.services import brand_create, workspace_create

    rng = random.Random(7)
    owner = User.objects.create_user("bench-owner", password="x")
    viewer = User.objects.create_user("bench-viewer", password="x")
    ws = workspace_create(name="Bench", owner=owner, own_brand="Us")
    Membership.objects.create(workspace=ws, user=viewer, role="viewer")
    brands = [ws.brands.get(), brand_create(workspace=ws, name="Rival A"), brand_create(workspace=ws, name="Rival B")]
    owners = ["Marketing", "Call centre", "Reception", "Medical", "Sales", "Support", ""]
    t0 = time.perf_counter()
    Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                workspace=ws,
                name=f"Touchpoint {i:05d}",
                code=f"tp-{i}",
                channel=rng.choice(Channel.values),
                mode=rng.choice(Mode.values),
                owner_unit=rng.choice(owners),
                stages=sorted(rng.sample(Stage.values, rng.randint(1, 2)), key=Stage.values.index),
            )
            for i in range(args.touchpoints)
        ],
        batch_size=1000,
    )
    ids = list(Touchpoint.objects.filter(workspace=ws).values_list("id", flat=True))
    Presence.objects.bulk_create(
        [Presence(touchpoint_id=t, brand=b, status=rng.choice(PresenceStatus.values)) for t in ids for b in brands],
        batch_size=2000,
    )
    journey = Journey.objects.create(workspace=ws, name="Long journey", process="Bench", brand=brands[0])
    chosen = rng.sample(ids, args.steps)
    JourneyStep.objects.bulk_create(
        [
            JourneyStep(
                journey=journey,
                touchpoint_id=t,
                position=i,
                stage=Stage.values[min(4, i * 5 // args.steps)],
                expected=rng.choice([-2, -1, 0, 1, 2, None]),
                note=f"Note {i}" if i % 3 else "",
                is_final_chord=i == args.steps - 1,
            )
            for i, t in enumerate(chosen)
        ]
    )
    print(
        f"setup: {args.touchpoints} touchpoints × {len(brands)} brands, {args.steps} steps "
        f"in {time.perf_counter() - t0:.1f} s ({'DATABASE_URL' if os.environ.get('DATABASE_URL') else db_path})"
    )

    client = Client()
    client.force_login(viewer)
    editor_client = Client()
    editor_client.force_login(owner)
    base = f"/w/{ws.slug}/journeys/{journey.pk}/"
    targets = [
        ("map page (viewer)", base, client),
        ("map page (editor)", base, editor_client),
        ("map page, owner lanes", base + "?lanes=owner", editor_client),
        ("board partial", base + "board/", editor_client),
        ("weak-links API", f"/api/v1/workspaces/{ws.slug}/journeys/{journey.pk}/weak-links", client),
        ("SVG export", base + "export.svg", client),
    ]
    print(f"{'what':24} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  (n={args.runs})")
    for label, url, client in targets:
        for _ in range(5):  # warm up: templates, caches, the session
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(f"{label:24} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} {max(times):8.1f}")
    html = editor_client.get(base).content.decode()
    assert html.count('class="jcard') == args.steps and 'draggable="true"' in html


if __name__ == "__main__":
    main()
