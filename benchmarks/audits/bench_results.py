"""Audit results benchmark: an audit of 1,000 touchpoints × 8 criteria.

Times, over repeated runs after a warm-up, the median and p95 of:

* compute — load the audit's answers and compute every result (``selectors.audit_results``);
* results page — the whole page as a user gets it: compute, the previous audit and a competitor
  audit compared, the heat map and charts, the template rendered (target: p95 < 300 ms);
* results API — the same results as JSON;
* pure scoring — ``scoring.compute_results`` alone on data already in memory;
* scoring sheet — one page (25 touchpoints) of the phone scoring sheet;
* XLSX export — every table of the results as a workbook.

Run by hand (not a test):

    .venv/bin/python benchmarks/audits/bench_results.py [--touchpoints 1000] [--criteria 8] [--repeat 50]

It uses its own SQLite file under benchmarks/out/ (or DATABASE_URL if set).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402
from benchmarks._timing import options, page, percentile, timed  # noqa: E402

OUT = setup("audits", ALLOWED_HOSTS="testserver,127.0.0.1")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from touchpoints.audits import scales, scoring, selectors, services  # noqa: E402
from touchpoints.audits.models import Assessment, Audit, Criterion, CriterionAttachment, Score  # noqa: E402
from touchpoints.inventory import choices as ic  # noqa: E402
from touchpoints.inventory.models import Touchpoint  # noqa: E402
from touchpoints.workspaces.services import brand_create, workspace_create  # noqa: E402


def build(n_tp: int, n_crit: int) -> tuple[Any, Audit]:
    """A fresh database with the workspace: three audits of ``n_tp`` touchpoints × ``n_crit`` criteria."""
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", "bench@example.com", "bench-pass-123")
    ws = workspace_create(name="Audit bench", owner=user, own_brand="Own")
    rival = brand_create(workspace=ws, name="Rival")
    stages, areas, channels = ic.Stage.values, ic.Area.values, ic.Channel.values
    Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                workspace=ws,
                name=f"Touchpoint {i:04d}",
                code=f"tp-{i}",
                area=areas[i % len(areas)],
                stages=[stages[i % 5], stages[(i * 3) % 5]],
                channel=channels[i % len(channels)],
            )
            for i in range(n_tp)
        ]
    )
    tps = list(Touchpoint.objects.filter(workspace=ws).order_by("pk"))
    # Every touchpoint is scored on the same number of criteria: custom ones, attached, in kinds.
    crits = [
        services.criterion_create(workspace=ws, kind="custom", name=f"Criterion {k + 1}", weight=1 + (k % 3) * 0.5)
        for k in range(n_crit)
    ]
    CriterionAttachment.objects.bulk_create(
        [CriterionAttachment(touchpoint=tp, criterion=c, position=k) for tp in tps for k, c in enumerate(crits)]
    )
    rng = random.Random(7)

    def finished(name: str, brand: Any, days_ago: int, shift: int) -> Audit:
        audit = services.audit_create(
            workspace=ws, name=name, brand=brand, scope="selection", touchpoints=tps, created_by=user
        )
        services.audit_transition(audit=audit, action="start")
        items = list(audit.items.all())
        Score.objects.bulk_create(
            [
                Score(item=item, criterion_id=cid, auditor=user, raw=raw, value=scales.normalise("points", raw))
                for item in items
                for cid, _w in item.checklist
                for raw in [str(min(10, max(1, rng.randint(2, 9) + shift)))]
            ]
        )
        Assessment.objects.bulk_create(
            [
                Assessment(
                    item=item,
                    auditor=user,
                    impression=rng.choice(["positive", "neutral", "negative"]),
                    expectation_raw="8",
                    expectation=scales.normalise("points", "8"),
                )
                for item in items
            ]
        )
        services.audit_transition(audit=audit, action="submit")
        Audit.objects.filter(pk=audit.pk).update(ends_on=timezone.localdate() - datetime.timedelta(days=days_ago))
        return Audit.objects.get(pk=audit.pk)

    finished("Last year", ws.brands.get(is_own=True), 365, -1)
    finished("Rival walk", rival, 20, 1)
    audit = finished("This year", ws.brands.get(is_own=True), 5, 0)
    return ws, audit


def main() -> None:
    args = options(touchpoints=1000, criteria=8)
    t0 = time.perf_counter()
    ws, audit = build(args.touchpoints, args.criteria)
    n_answers = Score.objects.filter(item__audit=audit).count()
    print(
        f"Built {args.touchpoints} touchpoints × {args.criteria} criteria, three audits "
        f"({n_answers} answers in this one) in {time.perf_counter() - t0:.1f} s"
    )
    assert Criterion.objects.filter(workspace=ws).exists()

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    base = f"/w/{ws.slug}/audits/{audit.pk}"
    results_page = client.get(f"{base}/results/")
    assert results_page.status_code == 200, results_page.status_code
    items, answers, assessments, _tps = selectors.results_inputs(audit=audit)

    cases = [
        ("compute (load answers + all results)", lambda: selectors.audit_results(audit=audit)),
        ("results page (compute + compare + render)", page(client, f"{base}/results/")),
        ("results API (JSON)", page(client, f"/api/v1/workspaces/{ws.slug}/audits/{audit.pk}/results")),
        (
            "pure scoring (in memory)",
            lambda: scoring.compute_results(items, answers, assessments, stage_order=selectors.STAGE_ORDER),
        ),
        ("scoring sheet, one page of 25", page(client, f"{base}/score/")),
        ("XLSX export (5 sheets)", page(client, f"{base}/results.xlsx")),
    ]
    print(f"\n{'':44} {'wall clock':>19} {'CPU time':>19}   (ms, {args.repeat} runs each)")
    print(f"{'':44} {'median':>9} {'p95':>9} {'median':>9} {'p95':>9}")
    for name, fn in cases:
        repeat = max(5, args.repeat // 5) if "XLSX" in name else args.repeat
        wall, cpu = timed(fn, repeat)
        print(
            f"{name:44} {statistics.median(wall):9.1f} {percentile(wall, 0.95):9.1f} {statistics.median(cpu):9.1f} {percentile(cpu, 0.95):9.1f}"
        )
    print(
        f"\nResults page size: {len(results_page.content) / 1024:.0f} KiB; database: "
        f"{'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}; load average during the run: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
