"""Shared helpers for the analytics web tests: a tiny log whose numbers are known by hand, the
inventory it matches, and runs made through the services (the immediate task backend)."""

from __future__ import annotations

import csv
import functools
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from touchpoints.analytics import services, tasks
from touchpoints.analytics.engine import analyze_log
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import logs_dir, stage_upload
from touchpoints.inventory.services import touchpoint_create

HEADER = ("client_id", "event_time", "channel", "converted", "revenue", "segment")
COLUMNS = {
    "customer": "client_id",
    "timestamp": "event_time",
    "touchpoint": "channel",
    "conversion": "converted",
    "value": "revenue",
    "segment": "segment",
}
FAST = {"markov_orders": [1], "bootstrap": 0, "by_segment": True}

# Five customers, five journeys, three conversions (values 100, 50, 100):
#   u1, u4: ads-context → Website → phone (converted)    segment A
#   u2:     ads-context → Website                       segment A
#   u3:     social → Website → phone (converted)         segment B
#   u5:     Instagram ads → Website                      segment B
# Matching: ads-context and phone by code, Website by name; social and Instagram ads are candidates.
# Known answers: last touch gives phone 3; first touch gives ads-context 2 and social 1; linear gives
# Website 1 (a third of each converting journey), ads-context 2/3, social 1/3.
ROWS: list[tuple[Any, ...]] = [
    ("u1", "2024-03-01 09:00:00", "ads-context", 0, "", "A"),
    ("u1", "2024-03-01 10:00:00", "Website", 0, "", "A"),
    ("u1", "2024-03-02 10:00:00", "phone", 1, 100, "A"),
    ("u2", "2024-03-03 09:00:00", "ads-context", 0, "", "A"),
    ("u2", "2024-03-03 09:30:00", "Website", 0, "", "A"),
    ("u3", "2024-03-04 12:00:00", "social", 0, "", "B"),
    ("u3", "2024-03-04 12:10:00", "Website", 0, "", "B"),
    ("u3", "2024-03-05 08:00:00", "phone", 1, 50, "B"),
    ("u4", "2024-03-06 09:00:00", "ads-context", 0, "", "A"),
    ("u4", "2024-03-06 11:00:00", "Website", 0, "", "A"),
    ("u4", "2024-03-06 12:00:00", "phone", 1, 100, "A"),
    ("u5", "2024-03-07 15:00:00", "Instagram ads", 0, "", "B"),
    ("u5", "2024-03-07 15:05:00", "Website", 0, "", "B"),
]


def csv_bytes(rows: Sequence[Sequence[Any]] = ROWS, header: Sequence[str] = HEADER) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def jsonl_bytes(rows: Sequence[Sequence[Any]] = ROWS, header: Sequence[str] = HEADER) -> bytes:
    """JSON Lines as exports write them: a missing value is null."""
    return (
        "\n".join(json.dumps({k: (None if v == "" else v) for k, v in zip(header, row)}) for row in rows).encode(
            "utf-8"
        )
        + b"\n"
    )


def parquet_bytes(rows: Sequence[Sequence[Any]] = ROWS, header: Sequence[str] = HEADER) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {name: [str(row[i]) for row in rows] for i, name in enumerate(header)}
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


def upload(content: bytes, name: str = "log.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def analytics_dir(settings: Any, tmp_path: Path) -> Path:
    """Staged and kept logs go to a temporary folder, never var/."""
    settings.ANALYTICS_DATA_DIR = str(tmp_path / "analytics")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path / "analytics"


@pytest.fixture
def inventory(world: Any) -> dict[str, Any]:
    ws = world.workspace
    return {
        "ads": touchpoint_create(workspace=ws, name="Contextual ad", code="ads-context"),
        "site": touchpoint_create(workspace=ws, name="Website", code="site"),
        "phone": touchpoint_create(workspace=ws, name="Phone line", code="phone"),
    }


def make_run(
    world: Any,
    content: bytes | None = None,
    *,
    name: str = "log.csv",
    columns: dict | None = None,
    options: dict | None = None,
    filters: dict | None = None,
    who: str = "editor",
) -> AnalysisRun:
    staged = stage_upload(
        upload(content if content is not None else csv_bytes(), name),
        workspace_id=world.workspace.pk,
        user_id=world.users[who].pk,
    )
    run = services.run_start(
        workspace=world.workspace,
        staged=staged,
        columns=columns or COLUMNS,
        created_by=world.users[who],
        options={**FAST, **(options or {})},
        filters=filters,
    )
    return tasks.run_enqueue(run)


@functools.lru_cache(maxsize=1)
def _engine_result() -> str:
    """The engine's result for the hand-made log, computed once per test session."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_bytes(csv_bytes())
        result = analyze_log(
            str(path), services.column_map(COLUMNS), options=services.engine_options(services.clean_options(FAST))
        )
    data = result.to_dict()
    data["matching"] = None  # matched again against each test's inventory when kept
    return json.dumps(data)


@pytest.fixture
def run(world: Any, inventory: dict[str, Any]) -> AnalysisRun:
    """A finished run of the hand-made log, kept as the command line keeps one (the engine ran
    once per session) plus a kept log so that it can be repeated. test_services.py makes its runs
    through the whole upload path instead."""
    done = services.analysis_store(
        workspace=world.workspace,
        result=json.loads(_engine_result()),
        created_by=world.users["editor"],
        source_name="log.csv",
        source_format="csv",
        source_size=len(csv_bytes()),
        columns=COLUMNS,
        options=services.clean_options(FAST),
        filters={"segments": [], "since": None, "until": None},
    )
    name = f"run-{done.pk}-stored.csv"
    (logs_dir() / name).write_bytes(csv_bytes())
    done.log_file, done.segment_values = name, ["A", "B"]
    done.save(update_fields=["log_file", "segment_values"])
    return done
