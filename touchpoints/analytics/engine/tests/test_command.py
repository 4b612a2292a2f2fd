"""The ``journeys analyze`` management command (no database: --workspace is not used here)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from .conftest import COLUMNS, write_csv

ROWS = [
    ("u1", "2024-01-01 10:00", "ad", 0, "", "new"),
    ("u1", "2024-01-02 10:00", "site", 1, 20, "new"),
    ("u2", "2024-01-03 10:00", "site", 0, "", "vip"),
]


@pytest.fixture
def call():
    django = pytest.importorskip("django")
    from django.conf import settings

    if not settings.configured:
        pytest.skip("Django settings are not configured (run under pytest-django)")
    django.setup()
    from django.core.management import call_command

    def run(*args: str) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("journeys", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


def test_analyze_writes_the_json_result_and_shows_progress(call, tmp_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", ROWS)
    out_file = tmp_path / "result.json"
    stdout, stderr = call(
        "analyze",
        str(log),
        "--map",
        COLUMNS,
        "--json",
        str(out_file),
        "--order",
        "1,2",
        "--bootstrap",
        "10",
        "--by-segment",
        "--since",
        "2024-01-01",
        "--until",
        "2024-01-03",
    )
    data = json.loads(out_file.read_text())
    assert data["schema_version"] == 1
    assert [m["order"] for m in data["markov"]] == [1, 2]
    assert data["summary"]["journeys"] == 2  # u2's event on the 3rd is within --until 2024-01-03
    assert data["filters"]["until"].startswith("2024-01-04")
    assert [s["segment"] for s in data["segments"]] == ["new", "vip"]
    assert data["attribution"][0]["conversions_low"] is not None
    assert "3 events, 2 journeys, 1 conversions" in stdout
    assert "Markov chain, order 2" in stderr


def test_bad_log_is_a_command_error_naming_the_row(call, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    log = write_csv(tmp_path / "log.csv", ROWS + [("u3", "someday", "ad", 0, "", "new")])
    with pytest.raises(CommandError, match=r"row 4 \(line 5 of the file\).*'ts'.*'someday'"):
        call("analyze", str(log), "--map", COLUMNS)
    with pytest.raises(CommandError, match="--map: unknown field 'time'"):
        call("analyze", str(log), "--map", COLUMNS.replace("timestamp=", "time="))
    with pytest.raises(CommandError, match="--order"):
        call("analyze", str(log), "--map", COLUMNS, "--order", "4")
