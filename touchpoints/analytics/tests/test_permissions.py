"""Who may do what, on every page and endpoint: owners and editors run and add; auditors and
viewers read; a user of another workspace finds nothing (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from touchpoints.analytics.models import AnalysisRun
from touchpoints.inventory.models import Touchpoint

from .conftest import csv_bytes, upload

ROLES = ["owner", "editor", "auditor", "viewer", "outsider"]
READ = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404}
EDIT = {"owner": 200, "editor": 200, "auditor": 403, "viewer": 403, "outsider": 404}


def page(name: str, world: Any, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"slug": world.slug, **kwargs})


def api(path: str, world: Any) -> str:
    return f"/api/v1/workspaces/{world.slug}/analytics{path}"


def ok(expected: int, status: int) -> bool:
    """200 in the table stands for any success (200, 202, 204, 302)."""
    return status in (200, 201, 202, 204, 302) if expected == 200 else status == expected


PAGES: list[tuple[str, str, Callable[[Any, AnalysisRun, str], tuple[str, dict]], dict[str, int]]] = [
    ("home", "get", lambda w, r, t: (page("home", w), {}), READ),
    ("upload", "post", lambda w, r, t: (page("upload", w), {"file": upload(csv_bytes())}), EDIT),
    ("map", "get", lambda w, r, t: (page("map", w, token=t), {}), EDIT),
    ("run", "get", lambda w, r, t: (page("run", w, pk=r.pk), {}), READ),
    ("run segment", "get", lambda w, r, t: (page("run", w, pk=r.pk) + "?segment=A", {}), READ),
    ("progress", "get", lambda w, r, t: (page("progress", w, pk=r.pk), {}), READ),
    ("export", "get", lambda w, r, t: (page("export", w, pk=r.pk, what="attribution", fmt="xlsx"), {}), READ),
    ("export result", "get", lambda w, r, t: (page("export", w, pk=r.pk, what="result", fmt="json"), {}), READ),
    ("candidates", "post", lambda w, r, t: (page("candidates", w, pk=r.pk), {"channels": ["social"]}), EDIT),
    ("rerun", "post", lambda w, r, t: (page("rerun", w, pk=r.pk), {"segments": ["B"]}), EDIT),
    ("delete (ask)", "get", lambda w, r, t: (page("delete", w, pk=r.pk), {}), EDIT),
]


@pytest.fixture
def token(world: Any) -> str:
    response = world.client("owner").post(page("upload", world), {"file": upload(csv_bytes())})
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("label, method, build, expected", PAGES, ids=[p[0] for p in PAGES])
def test_pages(
    world: Any, run: AnalysisRun, token: str, label: str, method: str, build: Any, expected: dict[str, int]
) -> None:
    for role in ROLES:
        target, data = build(world, run, token)
        if label == "upload":
            data = {"file": upload(csv_bytes())}
        client = world.client(role)
        response = getattr(client, method)(target, data)
        assert ok(expected[role], response.status_code), (label, role, response.status_code)


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


API: list[tuple[str, str, Callable[[Any, AnalysisRun], tuple[str, dict]], dict[str, int]]] = [
    ("list", "get", lambda w, r: (api("/runs", w), {}), READ),
    ("status", "get", lambda w, r: (api(f"/runs/{r.pk}", w), {}), READ),
    ("result", "get", lambda w, r: (api(f"/runs/{r.pk}/result", w), {}), READ),
    ("attribution", "get", lambda w, r: (api(f"/runs/{r.pk}/attribution", w), {}), READ),
    ("export", "get", lambda w, r: (api(f"/runs/{r.pk}/export?what=variants&format=csv", w), {}), READ),
    ("latest", "get", lambda w, r: (api("/attribution/latest", w), {}), READ),
    ("upload", "post", lambda w, r: (api("/runs", w), {}), EDIT),
    ("rerun", "post_json", lambda w, r: (api(f"/runs/{r.pk}/rerun", w), {"segments": ["A"]}), EDIT),
    ("candidates", "post_json", lambda w, r: (api(f"/runs/{r.pk}/candidates", w), {"channels": ["social"]}), EDIT),
]


@pytest.mark.parametrize("label, method, build, expected", API, ids=[a[0] for a in API])
def test_api(world: Any, run: AnalysisRun, label: str, method: str, build: Any, expected: dict[str, int]) -> None:
    for role in ROLES:
        target, data = build(world, run)
        client = world.client(role)
        if label == "candidates":  # each editor adds a channel still unmatched
            data = {"channels": ["Instagram ads" if role == "editor" else "social"]}
        if method == "post_json":
            response = client.post(target, data, content_type="application/json")
        elif label == "upload":
            response = client.post(
                target,
                {
                    "file": upload(csv_bytes()),
                    "customer": "client_id",
                    "timestamp": "event_time",
                    "touchpoint": "channel",
                    "conversion": "converted",
                    "markov_orders": "1",
                    "bootstrap": "0",
                },
            )
        else:
            response = getattr(client, method)(target)
        assert ok(expected[role], response.status_code), (label, role, response.status_code, response.content[:300])


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
