"""Runs survive a dead worker and can be stopped: a run whose heartbeat is older than the lease
is marked failed with a message (on read, and by the worker's sweep) and can be retried; a
queued or running run can be cancelled, and its page stops polling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from touchpoints.analytics import selectors, services
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import kept_path, stage_upload
from touchpoints.lib import jobs
from touchpoints.lib.testing_access import ALLOWED, EDIT, EVERYONE, AccessMatrix, Case

from .conftest import COLUMNS, FAST, csv_bytes, upload


def queued_run(world: Any) -> AnalysisRun:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.workspace.pk, user_id=world.users["editor"].pk)
    return services.run_start(
        workspace=world.workspace, staged=staged, columns=COLUMNS, created_by=world.users["editor"], options=FAST
    )


def killed(run: AnalysisRun, seconds_ago: int = 3600) -> AnalysisRun:
    """As a worker leaves a run when it is killed mid-way: running, and no heartbeat since."""
    past = timezone.now() - dt.timedelta(seconds=seconds_ago)
    AnalysisRun.objects.filter(pk=run.pk).update(status="running", started_at=past, heartbeat_at=past)
    return run


def run_for(world: Any, action: str, ended: str = "failed") -> AnalysisRun:
    """A run that ``action`` applies to: a queued one to cancel, an ended one (``ended``: failed or
    cancelled) to retry."""
    run = queued_run(world)
    if action == "retry":
        AnalysisRun.objects.filter(pk=run.pk).update(status=ended)
    return run


def acted_on(run: AnalysisRun, action: str, ended: str = "failed") -> bool:
    """Whether ``action`` changed the run ``run_for`` gave: it is no longer queued, or no longer ended."""
    run.refresh_from_db()
    return run.status != ("queued" if action == "cancel" else ended)


def url(name: str, world: Any, run: AnalysisRun) -> str:
    return reverse(f"analytics:{name}", kwargs={"slug": world.slug, "pk": run.pk})


def test_a_run_whose_worker_died_fails_with_a_message_and_can_be_retried(world: Any, inventory: Any) -> None:
    run = killed(queued_run(world))
    client = world.client("editor")
    page = client.get(url("run", world, run)).content.decode()
    run.refresh_from_db()
    assert run.status == "failed" and "worker running it quit" in run.error
    assert "worker running it quit" in page and "data-retry" in page and 'hx-trigger="every 1s"' not in page
    progress = client.get(url("progress", world, run), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "every 1s" not in progress.content.decode()
    assert kept_path(run.log_file) is not None
    response = client.post(url("retry", world, run))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "done" and run.error == "" and run.conversions == 3


def test_a_live_run_is_left_alone(world: Any) -> None:
    run = killed(queued_run(world), seconds_ago=5)
    assert jobs.sweep()[AnalysisRun._meta.label] == 0
    world.client("viewer").get(url("run", world, run))
    run.refresh_from_db()
    assert run.status == "running"


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_dead_runs(world: Any, settings: Any) -> None:
    run = killed(queued_run(world))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", batch=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None


def test_cancel_a_queued_run_stops_the_polling(world: Any) -> None:
    run = queued_run(world)
    client = world.client("editor")
    page = client.get(url("run", world, run)).content.decode()
    assert 'hx-trigger="every 1s"' in page and "data-cancel" in page
    assert client.post(url("cancel", world, run)).status_code == 302
    run.refresh_from_db()
    assert run.status == "cancelled"
    progress = client.get(url("progress", world, run), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "every 1s" not in progress.content.decode()
    page = client.get(url("run", world, run)).content.decode()
    assert "was cancelled" in page and "every 1s" not in page
    # The worker that picks the task up later does nothing.
    assert services.run_execute(run_id=run.pk) == "cancelled"


def test_cancel_a_running_run_stops_it_between_engine_steps(world: Any, inventory: Any) -> None:
    run = queued_run(world)
    client = world.client("editor")
    # The worker took it; the editor asks to cancel; the engine's next progress step stops it.
    AnalysisRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    assert services.run_execute(run_id=run.pk) == "cancelled"
    run.refresh_from_db()
    assert run.status == "cancelled" and run.result is None and not selectors.attribution_rows(run=run)
    assert "Cancelled." in run.progress
    assert client.post(url("retry", world, run)).status_code == 302
    run.refresh_from_db()
    assert run.status == "done"


def test_cancel_request_on_a_running_run_sets_the_flag(world: Any) -> None:
    run = killed(queued_run(world), seconds_ago=1)
    world.client("editor").post(url("cancel", world, run))
    run.refresh_from_db()
    assert run.status == "running" and run.cancel_requested
    assert "data-cancelling" in world.client("editor").get(url("run", world, run)).content.decode()


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("action", ["cancel", "retry"])
def test_permissions(access: AccessMatrix, world: Any, who: str, action: str) -> None:
    """Editors and owners (302 back to the run), others refused: 403 for members, 404 for outsiders,
    the login page for anonymous visitors."""
    run = run_for(world, action)
    access.check(who, [Case("post", url(action, world, run), EDIT, ok=(302,))])
    assert acted_on(run, action) == (who in ALLOWED[EDIT])
    assert access.client(who).get(url(action, world, run)).status_code in (405, 404, 302)
