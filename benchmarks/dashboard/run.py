"""Workspace home benchmark: a workspace of 5,000 touchpoints, 10 finished audits and 1,000,000
customers' answers.

Reports the median and p95 time of the home page (every widget and the method strip rendered)
and of each widget's endpoint, as wall time and as this process's CPU time (the machine may be
loaded; the CPU time of the database server is not in it). Run by hand:

    .venv/bin/python benchmarks/dashboard/run.py [--n 5000] [--audits 10] [--audit-size 2500]
        [--answers 1000000] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set: use an empty database).
The answers are inserted in bulk (on PostgreSQL one INSERT … SELECT over generate_series) and
rolled up into the weekly sums as the feedback app does, with a further 1,500 answers left
unrolled, as on a live study between two roll-ups.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402
from benchmarks._timing import page, percentile, timed  # noqa: E402

OUT = setup("dashboard", ALLOWED_HOSTS="testserver,127.0.0.1")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

import touchpoints.wsgi  # noqa: E402,F401 - load the app as the production server does (lib/warmup.py)
from touchpoints.audits import services as audit_services  # noqa: E402
from touchpoints.audits.models import Audit, AuditItem, Criterion, Score  # noqa: E402
from touchpoints.dashboard import widgets  # noqa: E402
from touchpoints.feedback.models import Response  # noqa: E402
from touchpoints.inventory import choices as c  # noqa: E402
from touchpoints.inventory.importing import import_touchpoints  # noqa: E402
from touchpoints.journeys.services import journey_create, step_add  # noqa: E402
from touchpoints.lib import freshness  # noqa: E402
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create  # noqa: E402


def synthetic_rows(n: int, brands: list[str]) -> tuple[list[str], list[list[str]]]:
    header = ["name", "code", "parent", "area", "stages", "channel", "segments", *[f"brand:{b}" for b in brands]]
    stages, channels, areas, statuses = c.Stage.values, c.Channel.values, c.Area.values, c.PresenceStatus.values
    rows = []
    for i in range(n):
        rows.append(
            [
                f"Touchpoint {i}",
                f"tp-{i}",
                f"tp-{i // 10}" if i >= 10 and i % 4 else "",
                areas[i % 4],
                ",".join(stages[j] for j in {i % 5, (i * 7) % 5}),
                channels[i % len(channels)],
                "Segment A" if i % 2 else "Segment B",
                *[statuses[(i + k) % 4] for k in range(len(brands))],
            ]
        )
    return header, rows


def make_audits(ws, user, count: int, size: int) -> None:
    audit_services.criteria_sync(workspace=ws)
    criteria = list(Criterion.objects.filter(workspace=ws, kind="general", active=True)[:6])
    ids = list(ws.touchpoints.order_by("pk").values_list("pk", flat=True))
    brands = list(ws.brands.order_by("-is_own", "name"))
    segments = list(ws.segments.all())
    today = timezone.localdate()
    for k in range(count):
        audit = Audit.objects.create(
            workspace=ws,
            name=f"Audit {k}",
            brand=brands[0] if k < count - 3 else brands[1 + k % 2],
            scope="selection",
            status="in_progress",
            started_at=timezone.now(),
            segment=segments[k % len(segments)] if k % 3 == 0 else None,
            ends_on=today - dt.timedelta(days=30 * (count - k)),
        )
        start = (k * size // 3) % len(ids)
        chosen = (ids[start:] + ids[:start])[:size]
        items = AuditItem.objects.bulk_create(
            [
                AuditItem(audit=audit, touchpoint_id=tp, position=i, checklist=[[cr.pk, 1.0] for cr in criteria])
                for i, tp in enumerate(chosen)
            ]
        )
        Score.objects.bulk_create(
            [
                Score(
                    item=item,
                    criterion=cr,
                    auditor=user,
                    raw=str(1 + (item.touchpoint_id + j + k) % 10),
                    value=float(((item.touchpoint_id + j + k) % 10) * 100 / 9),
                )
                for item in items
                for j, cr in enumerate(criteria)
            ],
            batch_size=5000,
        )
        audit_services.audit_transition(audit=audit, action="submit")


FRESH = 1500  # answers not rolled up yet (below the roll-up's batch size)


def make_answers(ws, count: int, touchpoints: int = 60, weeks: int = 52) -> None:
    """One open study about every brand and ``touchpoints`` touchpoints, ``count`` answers over
    ``weeks`` weeks from 20,000 respondents, in bulk; then the weekly roll-up."""
    from django.db import connection

    from touchpoints.feedback.models import Respondent, Response, Study, StudyTouchpoint
    from touchpoints.feedback.rollup import rollup

    study = Study.objects.create(
        workspace=ws,
        name="Visit survey",
        status="open",
        ask_segment=True,
        opens_at=timezone.now() - dt.timedelta(weeks=weeks),
    )
    brands = list(ws.brands.order_by("-is_own", "name").values_list("pk", flat=True))
    study.brands.set(brands)
    tps = list(ws.touchpoints.order_by("pk").values_list("pk", flat=True)[:touchpoints])
    StudyTouchpoint.objects.bulk_create(
        [StudyTouchpoint(study=study, touchpoint_id=tp, position=i) for i, tp in enumerate(tps)]
    )
    people = 20000
    Respondent.objects.bulk_create([Respondent(study=study) for _ in range(people)], batch_size=5000)
    first = Respondent.objects.filter(study=study).order_by("pk").values_list("pk", flat=True).first()
    segments = list(ws.segments.order_by("pk").values_list("pk", flat=True)) + [None]
    now = timezone.now()
    t0 = time.perf_counter()
    bulk = count - FRESH
    if connection.vendor == "postgresql":
        # Respondents are consecutive ids here (one bulk insert into an otherwise idle table).
        with connection.cursor() as cur:
            cur.execute(
                """INSERT INTO feedback_response (study_id, respondent_id, brand_id, touchpoint_id, positivity,
                       likelihood, comment, customer_type, segment_id, language, source, created_at)
                   SELECT %s, %s + (i %% %s), (%s::bigint[])[1 + (i %% %s)], (%s::bigint[])[1 + ((i / 7) %% %s)],
                       ((i * 7919) %% 5) - 2, (i * 104729) %% 11, '', '',
                       (%s::bigint[])[1 + ((i / 3) %% %s)], 'en', 'web',
                       %s::timestamptz - ((i %% (%s * 7 * 24)) * interval '1 hour')
                   FROM generate_series(1::bigint, %s::bigint) AS i""",
                [
                    study.pk,
                    first,
                    people,
                    brands,
                    len(brands),
                    tps,
                    len(tps),
                    segments,
                    len(segments),
                    now,
                    weeks,
                    bulk,
                ],
            )
    else:
        batch = []
        for i in range(1, bulk + 1):
            batch.append(_answer(study, first, people, brands, tps, segments, now, weeks, i))
            if len(batch) == 20000:
                Response.objects.bulk_create(batch)
                batch = []
        Response.objects.bulk_create(batch)
    print(f"inserted {bulk} answers in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    rollup(study, settle=dt.timedelta(0), min_batch=1)
    print(f"rolled up in {time.perf_counter() - t0:.1f} s", flush=True)
    Response.objects.bulk_create(
        [_answer(study, first, people, brands, tps, segments, now, 1, i) for i in range(1, FRESH + 1)]
    )
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: without fresh statistics the planner takes the
        # study's million answers for a thousand and reads them all to find the few new ones.
        with connection.cursor() as cur:
            cur.execute("ANALYZE feedback_response")
            cur.execute("ANALYZE feedback_responseweekly")


def _answer(study, first, people, brands, tps, segments, now, weeks, i):
    from touchpoints.feedback.models import Response

    return Response(
        study=study,
        respondent_id=first + i % people,
        brand_id=brands[i % len(brands)],
        touchpoint_id=tps[(i // 7) % len(tps)],
        positivity=(i * 7919) % 5 - 2,
        likelihood=(i * 104729) % 11,
        segment_id=segments[(i // 3) % len(segments)],
        created_at=now - dt.timedelta(hours=i % (weeks * 7 * 24)),
    )


def home_timed(client: Client, url: str, repeat: int, cold_for: int | None = None) -> tuple[float, ...]:
    """(median wall, p95 wall, median CPU, p95 CPU), in ms. ``cold_for``: a workspace id whose
    cached home is dropped before each request (as after a write)."""
    wall, cpu = timed(
        page(client, url),
        repeat,
        warmup=3,
        before=None if cold_for is None else (lambda: freshness.bump(cold_for, freshness.HOME)),
    )
    return statistics.median(wall), percentile(wall, 0.95), statistics.median(cpu), percentile(cpu, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--audits", type=int, default=10)
    parser.add_argument("--audit-size", type=int, default=2500, help="touchpoints scored per audit (6 criteria each)")
    parser.add_argument("--answers", type=int, default=1_000_000, help="customers' answers (0: none)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--cold", action="store_true", help="every request after a write (nothing cached)")
    parser.add_argument("--reuse", action="store_true", help="time the workspace an earlier run built")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from touchpoints.workspaces.models import Workspace

    ws = Workspace.objects.filter(slug="benchmark").first() if args.reuse else None
    if ws is not None:
        user = User.objects.get(username="bench")
    else:
        user, ws = build(args)
    print(
        f"database: {connection.vendor}; touchpoints: {ws.touchpoints.count()}; "
        f"finished audits: {Audit.objects.filter(workspace=ws).count()}; "
        f"scores: {Score.objects.filter(item__audit__workspace=ws).count()}; "
        f"answers: {Response.objects.filter(study__workspace=ws).count()}",
        flush=True,
    )
    client = Client()
    client.force_login(user)
    cases = [("home page (all widgets)", f"/w/{ws.slug}/home/")]
    cases += [(f"widget {w.name}", f"/w/{ws.slug}/home/widgets/{w.name}/") for w in widgets.ordered()]
    print("nothing cached (each request after a write)" if args.cold else "cached (no write between requests)")
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>10} {'CPU med':>10} {'CPU p95':>10}  (n={args.repeat})")
    for label, url in cases:
        median, p95, cpu_median, cpu_p95 = home_timed(client, url, args.repeat, ws.pk if args.cold else None)
        print(f"{label:32} {median:10.1f} {p95:10.1f} {cpu_median:10.1f} {cpu_p95:10.1f}", flush=True)


def build(args: argparse.Namespace):
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
    if args.answers:
        make_answers(ws, args.answers)
    return user, ws


if __name__ == "__main__":
    main()
