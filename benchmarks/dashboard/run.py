"""Workspace home benchmark: a workspace of 5,000 touchpoints and 10 finished audits.

Reports the median and p95 time of the home page (every widget and the method strip rendered)
and of each widget's endpoint. Run by hand:

    .venv/bin/python benchmarks/dashboard/run.py [--n 5000] [--audits 10] [--audit-size 2500] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set: use an empty database).
The customer-feedback part of the target (1,000,000 answers) is added when the feedback app and
its widget are merged.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    db = OUT / "dashboard-bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(db)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from touchpoints.audits import services as audit_services  # noqa: E402
from touchpoints.audits.models import Audit, AuditItem, Criterion, Score  # noqa: E402
from touchpoints.dashboard import widgets  # noqa: E402
from touchpoints.inventory import choices as c  # noqa: E402
from touchpoints.inventory.tabular import import_touchpoints  # noqa: E402
from touchpoints.journeys.services import journey_create, step_add  # noqa: E402
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create  # noqa: E402


def synthetic_rows(n: int, brands: list[str]) -> tuple[list[str], list[list[str]]]:
    header = ["name", "code", "parent", "area", "stages", "channel", "segments", *[f"brand:{b}" for b in brands]]
    stages, channels, areas, statuses = c.Stage.values, c.Channel.values, c.Area.values, c.PresenceStatus.values
    rows = []
    for i in range(n):
        rows.append([
            f"Touchpoint {i}", f"tp-{i}", f"tp-{i // 10}" if i >= 10 and i % 4 else "", areas[i % 4],
            ",".join(stages[j] for j in {i % 5, (i * 7) % 5}), channels[i % len(channels)],
            "Segment A" if i % 2 else "Segment B", *[statuses[(i + k) % 4] for k in range(len(brands))],
        ])
    return header, rows


def make_audits(ws, user, count: int, size: int) -> None:  # type: ignore[no-untyped-def]
    audit_services.criteria_sync(workspace=ws)
    criteria = list(Criterion.objects.filter(workspace=ws, kind="general", active=True)[:6])
    ids = list(ws.touchpoints.order_by("pk").values_list("pk", flat=True))
    brands = list(ws.brands.order_by("-is_own", "name"))
    segments = list(ws.segments.all())
    today = timezone.localdate()
    for k in range(count):
        audit = Audit.objects.create(
            workspace=ws, name=f"Audit {k}", brand=brands[0] if k < count - 3 else brands[1 + k % 2],
            scope="selection", status="in_progress", started_at=timezone.now(),
            segment=segments[k % len(segments)] if k % 3 == 0 else None,
            ends_on=today - dt.timedelta(days=30 * (count - k)))
        start = (k * size // 3) % len(ids)
        chosen = (ids[start:] + ids[:start])[:size]
        items = AuditItem.objects.bulk_create([
            AuditItem(audit=audit, touchpoint_id=tp, position=i, checklist=[[cr.pk, 1.0] for cr in criteria])
            for i, tp in enumerate(chosen)])
        Score.objects.bulk_create([
            Score(item=item, criterion=cr, auditor=user, raw=str(1 + (item.touchpoint_id + j + k) % 10),
                  value=float(((item.touchpoint_id + j + k) % 10) * 100 / 9))
            for item in items for j, cr in enumerate(criteria)], batch_size=5000)
        audit_services.audit_transition(audit=audit, action="submit")


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
    parser.add_argument("--audits", type=int, default=10)
    parser.add_argument("--audit-size", type=int, default=2500, help="touchpoints scored per audit (6 criteria each)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="time the workspace an earlier run built")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from touchpoints.workspaces.models import Workspace

    ws = Workspace.objects.filter(slug="benchmark").first() if args.reuse else None
    if ws is not None:
        user = User.objects.get(username="bench")
    else:
        user, ws = build(args)
    print(f"database: {django.db.connection.vendor}; touchpoints: {ws.touchpoints.count()}; "
          f"finished audits: {Audit.objects.filter(workspace=ws).count()}; "
          f"scores: {Score.objects.filter(item__audit__workspace=ws).count()}")
    client = Client()
    client.force_login(user)
    cases = [("home page (all widgets)", f"/w/{ws.slug}/home/")]
    cases += [(f"widget {w.name}", f"/w/{ws.slug}/home/widgets/{w.name}/") for w in widgets.ordered()]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>10}  (n={args.repeat})")
    for label, url in cases:
        median, p95 = timed(client, url, args.repeat)
        print(f"{label:32} {median:10.1f} {p95:10.1f}")


def build(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    user = User.objects.create_user("bench", "bench@example.com", "bench")
    ws = workspace_create(name="Benchmark", owner=user, own_brand="Own")
    brand_create(workspace=ws, name="Rival 1")
    brand_create(workspace=ws, name="Rival 2")
    segment_create(workspace=ws, name="Segment A", share=55)
    segment_create(workspace=ws, name="Segment B", share=45)
    header, rows = synthetic_rows(args.n, ["Own", "Rival 1", "Rival 2"])
    result = import_touchpoints(workspace=ws, header=header, rows=rows)
    assert result.ok and result.created == args.n, result.faults[:5]
    journey = journey_create(workspace=ws, name="Main", brand=ws.brands.get(is_own=True))
    for tp in ws.touchpoints.order_by("pk")[:12]:
        step_add(journey=journey, touchpoint=tp)
    make_audits(ws, user, args.audits, min(args.audit_size, args.n))
    return user, ws


if __name__ == "__main__":
    main()
