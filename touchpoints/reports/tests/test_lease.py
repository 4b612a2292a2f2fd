"""A report whose worker died is marked failed with a message and can be tried again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from touchpoints.lib import jobs
from touchpoints.reports import choices as c
from touchpoints.reports import services
from touchpoints.reports.models import Report

pytestmark = pytest.mark.django_db


def _dead(world: Any) -> Report:
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    return Report.objects.create(
        workspace=world.workspace,
        title="Stuck",
        status=c.Status.RUNNING,
        percent=40,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )


def test_a_report_whose_worker_died_is_failed_on_read_with_a_retry(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = _dead(world)
    alive = Report.objects.create(
        workspace=world.workspace,
        title="Alive",
        status=c.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    page = world.client("editor").get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    report.refresh_from_db()
    assert report.status == c.Status.FAILED and "worker generating it quit" in report.error
    assert "could not be generated" in page and 'id="retry"' in page and 'http-equiv="refresh"' not in page
    alive.refresh_from_db()
    assert alive.status == c.Status.RUNNING  # a beating worker is left alone
    # Viewers see no retry and cannot post one.
    assert 'id="retry"' not in world.client("viewer").get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    assert world.client("viewer").post(f"/w/{world.slug}/reports/{report.pk}/retry/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("editor").post(f"/w/{world.slug}/reports/{report.pk}/retry/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == c.Status.DONE and report.error == "" and report.pdf


def test_the_sweep_marks_dead_reports_failed(world: Any) -> None:
    report = _dead(world)
    assert jobs.sweep().get("reports.Report") == 1
    report.refresh_from_db()
    assert report.status == c.Status.FAILED and report.finished_at is not None


def test_generation_holds_the_lease(world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any) -> None:
    from touchpoints.reports import render

    seen: dict[str, Any] = {}
    real = render.render_pdf

    def spy(html: str) -> Any:
        row = Report.objects.values("status", "heartbeat_at", "started_at").get()
        seen.update(row)
        return real(html)

    monkeypatch.setattr(render, "render_pdf", spy)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(workspace=world.workspace, language="en")
    assert seen["status"] == c.Status.RUNNING and seen["heartbeat_at"] and seen["started_at"]
    report.refresh_from_db()
    assert report.status == c.Status.DONE


def test_only_a_failed_report_is_retried(world: Any) -> None:
    from django.core.exceptions import ValidationError

    report = Report.objects.create(workspace=world.workspace, title="Done", status=c.Status.DONE)
    with pytest.raises(ValidationError):
        services.report_retry(report=report)
