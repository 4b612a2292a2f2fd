"""``touchpoints report``: the report written from the command line, for cron; bad input is a
clear error that writes nothing."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from touchpoints.reports.models import Report


def test_the_report_is_written_now_and_its_files_saved_in_the_folder(filled: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("report", filled.world.slug, "--language", "ru", "--out", str(tmp_path / "weekly"), stdout=out)
    report = Report.objects.get()
    assert report.status == "done" and report.language == "ru" and report.pages
    saved = sorted(p.name for p in (tmp_path / "weekly").iterdir())
    stem = f"report-{report.pk}-{report.as_of.date().isoformat()}"
    assert saved == sorted(f"{stem}.{ext}" for ext in ("html", "json", "pdf", "xlsx"))
    assert (tmp_path / "weekly" / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    data = json.loads((tmp_path / "weekly" / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["failures"]["rows"][0]["name"] == "Phone line"
    assert out.getvalue().splitlines()[-1] == f"{report.title}: {report.pages} pages"


def test_a_report_of_one_audit(filled: Any, tmp_path: Path) -> None:
    call_command(
        "report", filled.world.slug, "--audit", str(filled.audit.pk), "--out", str(tmp_path), stdout=io.StringIO()
    )
    assert Report.objects.get().audit == filled.audit


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["no-such-place"], "No workspace with the address name 'no-such-place'."),
        (["{slug}", "--audit", "999999"], "has no audit 999999."),
        (["{slug}", "--language", "de"], "invalid choice: 'de'"),
        (["{slug}", "--audit", "x"], "invalid int value: 'x'"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    filled: Any, tmp_path: Path, arguments: list[str], message: str
) -> None:
    arguments = [a.replace("{slug}", filled.world.slug) for a in arguments]
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("report", *arguments, "--out", str(tmp_path / "out"), stdout=io.StringIO())
    assert not Report.objects.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_another_workspaces_audit_is_refused(filled: Any, world: Any, tmp_path: Path) -> None:
    from touchpoints.audits.models import Audit

    foreign = Audit.objects.create(workspace=world.other, name="Theirs", brand=world.other.brands.first())
    with pytest.raises(CommandError, match="has no audit"):
        call_command(
            "report", filled.world.slug, "--audit", str(foreign.pk), "--out", str(tmp_path), stdout=io.StringIO()
        )
    assert not Report.objects.exists()


def test_a_failed_report_leaves_no_empty_folder(filled: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from touchpoints.reports import services
    from touchpoints.reports.models import Report

    def fail(*, report_id: int) -> None:
        Report.objects.filter(pk=report_id).update(status="failed", error="the PDF could not be drawn")

    monkeypatch.setattr(services, "report_generate", fail)
    with pytest.raises(CommandError, match="The report failed: the PDF could not be drawn"):
        call_command("report", filled.world.slug, "--out", str(tmp_path / "weekly" / "new"), stdout=io.StringIO())
    assert not (tmp_path / "weekly").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(CommandError):
        call_command("report", filled.world.slug, "--out", str(tmp_path / "kept"), stdout=io.StringIO())
    assert (tmp_path / "kept").is_dir()  # a folder that was there stays
