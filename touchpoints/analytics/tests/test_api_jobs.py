"""Cancel and retry of an analysis through the API, as the page's buttons do: a queued run is
cancelled at once, a running one is asked to stop, an ended one answers 409; a failed or
cancelled run runs again; only editors and owners may, outsiders see nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.analytics.models import AnalysisRun

from .test_api import base, token_client
from .test_jobs import acted_on, killed, queued_run, run_for


def post(world: Any, who: str, run: AnalysisRun, action: str) -> Any:
    client = Client() if who == "anonymous" else token_client(world.users[who])
    return client.post(f"{base(world)}/runs/{run.pk}/{action}", content_type="application/json")


def test_a_queued_run_is_cancelled_and_retried(world: Any, inventory: Any) -> None:
    run = queued_run(world)
    response = post(world, "editor", run, "cancel")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled" and "Cancelled before it started." in response.json()["progress"]
    response = post(world, "editor", run, "retry")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "done" and body["conversions"] == 3 and body["error"] == ""


def test_a_running_run_is_asked_to_stop(world: Any) -> None:
    run = killed(queued_run(world), seconds_ago=1)
    response = post(world, "editor", run, "cancel")
    assert response.status_code == 200 and response.json()["status"] == "running"
    run.refresh_from_db()
    assert run.cancel_requested


def test_a_dead_run_fails_and_can_be_retried(world: Any, inventory: Any) -> None:
    run = killed(queued_run(world))
    response = post(world, "owner", run, "retry")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"


def test_an_ended_run_cannot_be_cancelled_nor_a_done_one_retried(world: Any, run: AnalysisRun) -> None:
    response = post(world, "editor", run, "cancel")
    assert response.status_code == 409 and "queued or running" in response.json()["detail"]
    response = post(world, "editor", run, "retry")
    assert response.status_code == 409 and "failed or cancelled" in response.json()["detail"]
    run.refresh_from_db()
    assert run.status == "done"


@pytest.mark.parametrize(
    "who, expected",
    [("owner", 200), ("editor", 200), ("auditor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)],
)
@pytest.mark.parametrize("action", ["cancel", "retry"])
def test_permissions(world: Any, who: str, expected: int, action: str) -> None:
    run = run_for(world, action, ended="cancelled")
    response = post(world, who, run, action)
    assert response.status_code == expected, response.content
    assert acted_on(run, action, ended="cancelled") == (expected == 200)


def test_the_operations_document_their_statuses(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for action in ("cancel", "retry"):
        responses = paths[f"/api/v1/workspaces/{{slug}}/analytics/runs/{{run_id}}/{action}"]["post"]["responses"]
        assert {"200", "400", "401", "403", "404", "409", "422", "429"} <= set(map(str, responses))
