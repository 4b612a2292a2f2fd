"""Who may do what, on every page and endpoint: owners and editors run and add; auditors and
viewers read; a user of another workspace finds nothing (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from touchpoints.analytics.models import AnalysisRun
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case

from .conftest import csv_bytes, upload

ROLES = EVERYONE
# Any success: a page may answer with the page, a redirect or an accepted job.
SUCCESS = (200, 201, 202, 204, 302)
UPLOAD_FIELDS = {
    "customer": "client_id",
    "timestamp": "event_time",
    "touchpoint": "channel",
    "conversion": "converted",
    "markov_orders": "1",
    "bootstrap": "0",
}


def page(name: str, world: Any, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"slug": world.slug, **kwargs})


def api(path: str, world: Any) -> str:
    return f"/api/v1/workspaces/{world.slug}/analytics{path}"


@pytest.fixture
def token(world: Any) -> str:
    response = world.client("owner").post(page("upload", world), {"file": upload(csv_bytes())})
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("role", ROLES)
def test_pages(access: AccessMatrix, world: Any, run: AnalysisRun, token: str, role: str) -> None:
    w, r = world, run
    cases = [
        Case("get", page("home", w), READ),
        Case("post", page("upload", w), EDIT, lambda: {"file": upload(csv_bytes())}),
        Case("get", page("map", w, token=token), EDIT),
        Case("get", page("run", w, pk=r.pk), READ),
        Case("get", page("run", w, pk=r.pk) + "?segment=A", READ),
        Case("get", page("progress", w, pk=r.pk), READ),
        Case("get", page("export", w, pk=r.pk, what="attribution", fmt="xlsx"), READ),
        Case("get", page("export", w, pk=r.pk, what="result", fmt="json"), READ),
        Case("post", page("candidates", w, pk=r.pk), EDIT, {"channels": ["social"]}),
        Case("post", page("rerun", w, pk=r.pk), EDIT, {"segments": ["B"]}),
        Case("get", page("delete", w, pk=r.pk), EDIT),
    ]
    access.check(role, cases, ok=SUCCESS)


def test_deleting_is_for_editors(world: Any, run: AnalysisRun) -> None:
    for role, status in (("outsider", 404), ("viewer", 403), ("auditor", 403)):
        assert world.client(role).post(page("delete", world, pk=run.pk)).status_code == status
    assert AnalysisRun.objects.filter(pk=run.pk).exists()
    assert world.client("editor").post(page("delete", world, pk=run.pk)).status_code == 302
    assert not AnalysisRun.objects.filter(pk=run.pk).exists()


def test_nobody_outside_reads_by_guessing_ids(world: Any, run: AnalysisRun) -> None:
    outsider = world.client("outsider")
    for name, kwargs in (
        ("run", {"pk": run.pk}),
        ("progress", {"pk": run.pk}),
        ("export", {"pk": run.pk, "what": "attribution", "fmt": "csv"}),
    ):
        target = reverse(f"analytics:{name}", kwargs={"slug": world.other.slug, **kwargs})
        assert outsider.get(target).status_code == 404, name
    response = outsider.get(f"/api/v1/workspaces/{world.other.slug}/analytics/runs/{run.pk}/result")
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_log_in(world: Any, run: AnalysisRun) -> None:
    anonymous = Client()
    assert anonymous.get(page("home", world)).status_code == 302
    assert anonymous.post(page("upload", world), {"file": upload(csv_bytes())}).status_code == 302
    assert anonymous.get(api("/runs", world)).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_api(access: AccessMatrix, world: Any, run: AnalysisRun, role: str) -> None:
    w, r = world, run
    # Each editor adds a channel still unmatched.
    channel = "Instagram ads" if role == "editor" else "social"
    cases = [
        Case("get", api("/runs", w), READ),
        Case("get", api(f"/runs/{r.pk}", w), READ),
        Case("get", api(f"/runs/{r.pk}/result", w), READ),
        Case("get", api(f"/runs/{r.pk}/attribution", w), READ),
        Case("get", api(f"/runs/{r.pk}/export?what=variants&format=csv", w), READ),
        Case("get", api("/attribution/latest", w), READ),
        Case("post", api("/runs", w), EDIT, lambda: {"file": upload(csv_bytes()), **UPLOAD_FIELDS}),
        Case("json", api(f"/runs/{r.pk}/rerun", w), EDIT, {"segments": ["A"]}),
        Case("json", api(f"/runs/{r.pk}/candidates", w), EDIT, {"channels": [channel]}),
    ]
    access.check(role, cases, ok=SUCCESS)


def test_api_delete(world: Any, run: AnalysisRun) -> None:
    for role, status in (("outsider", 404), ("viewer", 403), ("auditor", 403)):
        assert world.client(role).delete(api(f"/runs/{run.pk}", world)).status_code == status
    assert world.client("editor").delete(api(f"/runs/{run.pk}", world)).status_code == 204
    assert not AnalysisRun.objects.exists()


def test_readers_cannot_add_to_the_inventory(world: Any, run: AnalysisRun) -> None:
    before = Touchpoint.objects.count()
    for role in ("viewer", "auditor", "outsider"):
        world.client(role).post(page("candidates", world, pk=run.pk), {"channels": ["social"]})
        world.client(role).post(
            api(f"/runs/{run.pk}/candidates", world), {"channels": ["social"]}, content_type="application/json"
        )
    assert Touchpoint.objects.count() == before
