"""Audit report benchmark: a workspace of 1,000 touchpoints, three brands, 10 finished audits
(the latest own-brand one scored criterion by criterion, with notes and 20 evidence photos),
6 journeys of 12 steps, a top ten, 200 actions, a study of 200,000 customers' answers (half
rolled up by week) and impact figures for 100 touchpoints — then the full report (data, HTML,
PDF and XLSX, every section, in one language) generated in a fresh process, timed, with its peak
memory.

Target: the full PDF report in < 15 s within 1 GB.

Run by hand (not a test):

    .venv/bin/python benchmarks/reports/bench_report.py [--touchpoints 1000] [--audits 10] [--actions 200]
        [--answers 200000] [--language ru] [--repeat 3]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set; the workspace
``report-bench`` is rebuilt each time). Each run is a new process, so the peak RSS is the
report's own (Python, Django, WeasyPrint and the chart renderer included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import OUT, configure  # noqa: E402

# The database is built once (--build) and reused by the measuring runs.
configure("report", fresh=False, MEDIA_ROOT=str(OUT / "report-bench-media"))
SLUG = "report-bench"


def setup_django() -> None:
    import django

    django.setup()


def build_voice(ws: object, brands: list, ids: list[int], n_answers: int, now: dt.datetime) -> None:
    """A study of ``n_answers`` answers about the first 300 touchpoints and every brand over 26
    weeks (the older half rolled up by week, the rest read as answers), and survey impact figures
    for 100 touchpoints: what the report's customer and impact sections read."""
    from touchpoints.feedback.models import Respondent, Response, Study
    from touchpoints.feedback.rollup import rollup
    from touchpoints.impact.models import ImpactEstimate

    rnd = random.Random(7)
    study = Study.objects.create(workspace=ws, name="Visit feedback", status="open")
    study.brands.set(brands)
    respondents = Respondent.objects.bulk_create([Respondent(study=study) for _ in range(max(1, n_answers // 10))])
    asked = ids[:300]
    half = n_answers // 2
    for start in range(0, n_answers, 20000):
        if start >= half and not study.rolled_up_to:
            while rollup(study, settle=dt.timedelta(0), min_batch=1):  # the older half, folded by week
                pass
            study.refresh_from_db()
        Response.objects.bulk_create(
            [
                Response(
                    study=study,
                    respondent=respondents[i // 10],
                    brand=brands[i % len(brands)],
                    touchpoint_id=asked[rnd.randrange(len(asked))],
                    positivity=rnd.choice([-2, -1, 0, 1, 1, 2]),
                    likelihood=rnd.randrange(11),
                    created_at=now - dt.timedelta(days=182 * (1 - i / n_answers)),
                )
                for i in range(start, min(n_answers, start + 20000))
            ]
        )
    ImpactEstimate.objects.bulk_create(
        [
            ImpactEstimate(
                workspace=ws,
                touchpoint_id=tp,
                source="survey",
                value=1.5 - k / 100,
                low=1.2 - k / 100,
                high=1.8 - k / 100,
                unit="likelihood_per_step",
                study=study,
            )
            for k, tp in enumerate(asked[:100])
        ]
    )


def build(n_tp: int, n_audits: int, n_actions: int, n_answers: int = 200_000) -> None:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from touchpoints.actions.models import Action
    from touchpoints.audits.models import Assessment, Audit, AuditItem, Criterion, Evidence, Score
    from touchpoints.audits.services import audit_summary, criteria_sync
    from touchpoints.inventory import choices as ic
    from touchpoints.inventory.models import Presence, Touchpoint
    from touchpoints.journeys.models import Journey, JourneyStep
    from touchpoints.lib.fields import encode_values
    from touchpoints.priorities.models import TopTenPlace, TopTenVersion
    from touchpoints.workspaces.models import Workspace
    from touchpoints.workspaces.services import brand_create, workspace_create

    rnd = random.Random(11)
    Workspace.objects.filter(slug=SLUG).delete()
    user = User.objects.filter(username="report-bench").first() or User.objects.create_user(
        "report-bench", "bench@example.com", "bench-pass-123"
    )
    ws = workspace_create(name="Report bench clinic", owner=user, slug=SLUG)
    brands = [
        ws.brands.get(is_own=True),
        brand_create(workspace=ws, name="Rival A"),
        brand_create(workspace=ws, name="Rival B"),
    ]
    stages, areas = [s.value for s in ic.Stage], [a.value for a in ic.Area]
    channels = [ch.value for ch in ic.Channel]
    Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                workspace=ws,
                name=f"Touchpoint {i:04d} " + rnd.choice(["desk", "page", "call", "letter", "sign"]),
                code=f"tp-{i:04d}",
                area=rnd.choice(areas),
                channel=rnd.choice(channels),
                owner_unit=rnd.choice(["Reception", "Marketing", "Call centre", "IT", ""]),
                stages=encode_values(sorted(rnd.sample(stages, rnd.randint(1, 2)), key=stages.index)),
            )
            for i in range(n_tp)
        ]
    )
    tps = list(Touchpoint.objects.filter(workspace=ws).order_by("pk"))
    ids = [t.pk for t in tps]
    statuses = ["exists"] * 7 + ["missing", "planned", "unknown"]
    Presence.objects.bulk_create(
        [Presence(touchpoint_id=tp, brand=b, status=rnd.choice(statuses)) for tp in ids for b in brands]
    )
    criteria_sync(workspace=ws)
    general = list(Criterion.objects.filter(workspace=ws, kind="general", active=True)[:4])
    day = dt.date(2026, 1, 1)
    now = timezone.now()
    own_audits = []
    for i in range(n_audits):
        brand = brands[i % len(brands)]
        audit = Audit.objects.create(
            workspace=ws,
            name=f"Audit {i}",
            brand=brand,
            status="closed",
            ends_on=day + dt.timedelta(days=30 * i),
            submitted_at=now - dt.timedelta(days=300 - 30 * i),
            created_by=user,
        )
        if brand.is_own:
            own_audits.append(audit)
        audit.summary = {"overall": 60.0, "touchpoints": {str(tp): round(rnd.uniform(20, 95), 1) for tp in ids}}
        audit.save(update_fields=["summary"])
    # The latest own-brand audit in full: items, answers, impressions and notes.
    latest = own_audits[-1]
    AuditItem.objects.bulk_create(
        [
            AuditItem(audit=latest, touchpoint_id=tp, position=n, checklist=[[c.pk, 1.0] for c in general])
            for n, tp in enumerate(ids)
        ]
    )
    items = list(latest.items.all())
    Score.objects.bulk_create(
        [
            Score(item=it, criterion=c, auditor=user, raw="x", value=rnd.uniform(10, 100))
            for it in items
            for c in general
        ]
    )
    Assessment.objects.bulk_create(
        [
            Assessment(
                item=it,
                auditor=user,
                impression=rnd.choice(["positive", "neutral", "negative"]),
                note=rnd.choice(["", "", "Slow answer; the clerk did not look up.", "Sign hidden behind the door."]),
            )
            for it in items
        ]
    )
    latest.summary = audit_summary(audit=latest)
    latest.save(update_fields=["summary"])
    photo = io.BytesIO()
    Image.new("RGB", (1600, 1200), (180, 60, 60)).save(photo, "JPEG", quality=85)
    worst = sorted(latest.summary["touchpoints"].items(), key=lambda kv: kv[1])[:20]
    by_tp = {it.touchpoint_id: it for it in items}
    for tp_id, _score in worst:
        ev = Evidence(
            item=by_tp[int(tp_id)],
            auditor=user,
            original_name="photo.jpg",
            content_type="image/jpeg",
            size=len(photo.getvalue()),
        )
        ev.file.save("photo.jpg", ContentFile(photo.getvalue()), save=True)
    for j in range(6):
        journey = Journey.objects.create(workspace=ws, name=f"Journey {j}", process=f"Process {j}", brand=brands[0])
        JourneyStep.objects.bulk_create(
            [
                JourneyStep(
                    journey=journey,
                    touchpoint_id=ids[j * 12 + k],
                    position=k,
                    stage=stages[min(4, k // 3)],
                    expected=rnd.choice([-2, -1, 0, 1, 2]),
                )
                for k in range(12)
            ]
        )
    version = TopTenVersion.objects.create(workspace=ws, author=user)
    TopTenPlace.objects.bulk_create(
        [
            TopTenPlace(version=version, position=n + 1, touchpoint_id=ids[n * 7], reason="Hurts first visits")
            for n in range(10)
        ]
    )
    status = ["planned", "in_progress", "done", "dropped"]
    Action.objects.bulk_create(
        [
            Action(
                workspace=ws,
                title=f"Fix touchpoint {i}",
                touchpoint_id=ids[i * 3],
                owner_user=user if i % 2 else None,
                owner_unit="Reception",
                deadline=dt.date(2026, 12, 1) + dt.timedelta(days=i % 60),
                status=status[i % 4],
                started_at=now - dt.timedelta(days=200),
                done_at=now - dt.timedelta(days=100) if i % 4 == 2 else None,
                kpi_name="Audit score",
                kpi_baseline=40,
                kpi_target=70,
                kpi_unit="points",
            )
            for i in range(n_actions)
        ]
    )
    if n_answers:
        build_voice(ws, brands, ids, n_answers, now)


def run_once(language: str) -> None:
    """In a fresh process: one report, timed; prints seconds, pages and file sizes."""
    from touchpoints.reports.models import Report
    from touchpoints.reports.services import report_generate
    from touchpoints.workspaces.models import Workspace

    ws = Workspace.objects.get(slug=SLUG)
    report = Report.objects.create(workspace=ws, language=language, title=f"Bench report ({language})")
    t0, c0 = time.perf_counter(), time.process_time()
    outcome = report_generate(report_id=report.pk)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    report.refresh_from_db()
    assert outcome == "done", report.error
    sizes = {fmt: report.file(fmt).size for fmt in ("html", "pdf", "xlsx", "data")}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"RESULT seconds={seconds:.2f} cpu_seconds={cpu:.2f} load1={os.getloadavg()[0]:.1f} pages={report.pages} peak_rss_mb={peak:.0f} "
        + " ".join(f"{k}_kb={v // 1024}" for k, v in sizes.items()),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--touchpoints", type=int, default=1000)
    parser.add_argument("--audits", type=int, default=10)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--language", default="en")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--run-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.run_once:
        run_once(args.language)
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    build(args.touchpoints, args.audits, args.actions, args.answers)
    print(
        f"built {args.touchpoints} touchpoints, {args.audits} audits, {args.actions} actions, {args.answers} answers "
        f"in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    for n in range(args.repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--run-once", "--language", args.language],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), out.stderr[-2000:])
        print(f"run {n + 1}: {line}", flush=True)


if __name__ == "__main__":
    main()
