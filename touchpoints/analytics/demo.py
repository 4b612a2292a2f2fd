"""Demo data: a synthetic interaction log of the demo clinic (its CRM, site analytics and call log
merged) and one finished analysis of it, so that the analytics page shows results at once.
Appended to touchpoints.demo.services.EXTENSIONS by the app config.

Channels are named like the demo touchpoints' codes (a few by name, as a call log would), plus
two that the inventory lacks (an Instagram ad and doctor referrals), which show up as candidates.
The log is generated from a small Markov walk per segment with a fixed seed, so it is the same on
every machine apart from its dates (the last 90 days).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from touchpoints.analytics import services
from touchpoints.analytics.engine import analyze_log
from touchpoints.analytics.uploads import logs_dir
from touchpoints.demo.log_language import demo_log_in_language
from touchpoints.demo.services import demo_text
from touchpoints.inventory.selectors import touchpoint_lookup
from touchpoints.workspaces.models import Workspace

SEED = 20240501
CUSTOMERS = 700
COLUMNS = {
    "customer": "patient_id",
    "timestamp": "event_time",
    "touchpoint": "channel",
    "conversion": "booked",
    "value": "revenue",
    "segment": "segment",
}
OPTIONS = {
    "markov_orders": [1, 2, 3],
    "half_life_days": 7.0,
    "bootstrap": 12,
    "confidence": 0.95,
    "by_segment": True,
    "seed": 0,
}

SEGMENTS = [("Women 35–55", 0.62), ("Men 40–65", 0.28), ("Returning patients", 0.10)]
# Where journeys start, per segment.
STARTS = {
    "Women 35–55": {"Instagram ads": 5, "ads-context": 4, "social": 3, "search-listing": 3, "reviews-external": 2},
    "Men 40–65": {"search-listing": 5, "ads-context": 4, "Doctor referral": 3, "reviews-external": 1},
    "Returning patients": {"newsletter": 6, "Phone line": 3, "site": 1},
}
# Next touch: channel -> {next channel: weight}; "stop" ends the journey unconverted.
NEXT = {
    "Instagram ads": {"site": 5, "site-prices": 3, "messengers": 2, "stop": 4},
    "ads-context": {"site-prices": 5, "site": 3, "stop": 3},
    "social": {"site": 3, "messengers": 2, "reviews-external": 2, "stop": 3},
    "search-listing": {"site": 4, "Phone line": 3, "reviews-external": 2, "stop": 2},
    "reviews-external": {"site": 3, "site-doctors": 2, "Phone line": 2, "stop": 2},
    "Doctor referral": {"Phone line": 6, "site-doctors": 2, "stop": 1},
    "newsletter": {"site-booking": 3, "Phone line": 3, "site": 1, "stop": 3},
    "site": {"site-prices": 4, "site-doctors": 3, "site-chat": 2, "site-booking": 3, "Phone line": 2, "stop": 4},
    "site-prices": {"site-doctors": 2, "site-chat": 2, "site-booking": 3, "Phone line": 3, "stop": 5},
    "site-doctors": {"site-booking": 4, "Phone line": 2, "stop": 3},
    "site-chat": {"site-booking": 3, "Phone line": 3, "stop": 2},
    "messengers": {"Phone line": 2, "site-booking": 2, "stop": 3},
    "site-booking": {"stop": 1},
    "Phone line": {"site-prices": 1, "stop": 2},
}
# Chance that a touch at a deciding channel is the booking (the conversion).
BOOKS = {"site-booking": 0.55, "Phone line": 0.45, "messengers": 0.2}
VALUE_RANGE = (3500, 48000)


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def demo_log_rows(
    *, customers: int = CUSTOMERS, seed: int = SEED, end: dt.datetime | None = None
) -> list[tuple[str, str, str, int, str, str]]:
    rng = random.Random(seed)
    end = end or dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=90)
    rows: list[tuple[str, str, str, int, str, str]] = []
    names, shares = [s for s, _ in SEGMENTS], [w for _, w in SEGMENTS]
    for i in range(customers):
        segment = rng.choices(names, weights=shares)[0]
        when = start + dt.timedelta(seconds=rng.uniform(0, 80 * 86400))
        channel = _pick(rng, STARTS[segment])
        for _step in range(12):
            booked = channel in BOOKS and rng.random() < BOOKS[channel] * (1.25 if segment == "Men 40–65" else 1.0)
            value = str(rng.randrange(*VALUE_RANGE, 500)) if booked else ""
            rows.append((f"P{i + 1:05d}", when.strftime("%Y-%m-%d %H:%M:%S"), channel, int(booked), value, segment))
            if booked:
                break
            channel = _pick(rng, NEXT.get(channel, {"stop": 1}))
            if channel == "stop":
                break
            gap = rng.expovariate(1 / (6 * 3600)) if rng.random() < 0.6 else rng.expovariate(1 / (3 * 86400))
            when += dt.timedelta(seconds=60 + gap)
    return rows


def demo_analytics(workspace: Workspace) -> None:
    """Generate the demo log and keep one finished analysis of it with the workspace."""
    rows = demo_log_in_language(demo_log_rows(), workspace)
    with tempfile.TemporaryDirectory(prefix="tp-demo-log-") as tmp:
        path = Path(tmp) / "clinic-crm-export.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(list(COLUMNS.values()))
            writer.writerows(rows)
        refs = touchpoint_lookup(workspace=workspace).refs()
        result = analyze_log(
            str(path),
            services.column_map(COLUMNS),
            fmt="csv",
            options=services.engine_options(OPTIONS),
            touchpoints=refs,
        )
        run = services.analysis_store(
            workspace=workspace,
            result=result,
            source_name=path.name,
            source_format="csv",
            source_size=path.stat().st_size,
            name=demo_text("Clinic CRM, site and call log — last 90 days"),
            columns=COLUMNS,
            engine="duckdb",
            options=OPTIONS,
            filters={"segments": [], "since": None, "until": None},
        )
        # Keep the log so the demo analysis can be repeated with filters from the page.
        _drop_orphan_demo_logs()
        kept = f"run-{run.pk}-demo.csv"
        shutil.move(str(path), str(logs_dir() / kept))
    run.log_file = kept
    run.source_rows = len(rows)
    run.segment_values = sorted({r[5] for r in rows})
    run.save(update_fields=["log_file", "source_rows", "segment_values"])


def _drop_orphan_demo_logs() -> None:
    from touchpoints.analytics.models import AnalysisRun

    kept = set(AnalysisRun.objects.exclude(log_file="").values_list("log_file", flat=True))
    for entry in logs_dir().glob("run-*-demo.csv"):
        if entry.name not in kept:
            try:
                entry.unlink()
            except OSError:
                pass
