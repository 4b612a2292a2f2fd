"""The home keeps its widgets in the cache until something in the workspace changes: every way a
write comes in (a page or API request, a customer's answer through a public link, the background
worker) shows on the next view, and nothing cached is shown to another workspace or language."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from touchpoints.lib import freshness

pytestmark = pytest.mark.django_db


def widget(client: Any, slug: str, name: str) -> str:
    response = client.get(f"/w/{slug}/home/widgets/{name}/")
    assert response.status_code == 200
    return response.content.decode()


def api(client: Any, method: str, url: str, payload: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method)(url, data=json.dumps(payload or {}), content_type="application/json")
    assert response.status_code < 300, response.content
    return response


def test_the_widget_is_cached_between_writes(filled: Any) -> None:
    """A change that bypasses every write path (a bare UPDATE) is not seen: the cache is used."""
    from touchpoints.inventory.models import Touchpoint

    client, slug = filled.world.client("viewer"), filled.world.slug
    before = widget(client, slug, "coverage-channel")
    Touchpoint.objects.filter(workspace=filled.world.workspace).update(channel="email")
    assert widget(client, slug, "coverage-channel") == before


def test_a_new_touchpoint_shows(filled: Any) -> None:
    client, slug = filled.world.client("owner"), filled.world.slug
    before = widget(client, slug, "coverage-channel")
    api(client, "post", f"/api/v1/workspaces/{slug}/touchpoints", {"name": "Chat bot", "channel": "messenger"})
    after = widget(client, slug, "coverage-channel")
    assert after != before and "Messenger" in after and "Messenger" not in before


def test_a_submitted_audit_shows(world: Any) -> None:
    from touchpoints.audits.tests.helpers import make_setup, score_all

    setup = make_setup(world)
    score_all(setup.audit, world.users["auditor"], raw="4")
    client = world.client("owner")
    assert "Website" not in widget(client, world.slug, "audit-stage")
    api(client, "post", f"/api/v1/workspaces/{world.slug}/audits/{setup.audit.pk}/transition", {"action": "submit"})
    assert "Self-audit" in widget(client, world.slug, "audit-stage")


def test_a_customers_answer_through_the_public_link_shows(filled: Any) -> None:
    from touchpoints.feedback.answers import Answer
    from touchpoints.feedback.models import Study
    from touchpoints.feedback.services import answer_store

    client, ws = filled.world.client("owner"), filled.world.workspace
    before = widget(client, ws.slug, "feedback")
    study = Study.objects.get(workspace=ws)
    versions = freshness.counter(ws.pk, freshness.HOME)
    # The public answer page has no workspace in its address: the service itself says so.
    answer_store(
        study=SimpleNamespace(id=study.pk, workspace_id=ws.pk),  # type: ignore[arg-type]
        answer=Answer(
            brand_id=ws.brands.get(is_own=True).pk, touchpoint_id=filled.touchpoints[0].pk, positivity=2, likelihood=10
        ),
        language="en",
        idempotency_key=None,
    )
    assert freshness.counter(ws.pk, freshness.HOME) > versions
    assert widget(client, ws.slug, "feedback") != before


# A write through the API: the widget that shows it, the request (its body made from the
# touchpoints of the workspace), and a text the widget then shows.
API_WRITES = [
    pytest.param(
        "top-ten",
        "put",
        "priorities/top-ten",
        lambda tps: {"places": [{"touchpoint_id": tps[2].pk, "reason": "Rude at the desk"}]},
        "Reception",
        id="top-ten",
    ),
    pytest.param(
        "plan",
        "post",
        "actions",
        lambda tps: {
            "title": "Repaint the sign",
            "touchpoint_id": tps[0].pk,
            "owner_unit": "Front desk",
            "deadline": "2030-01-31",
        },
        "",
        id="action",
    ),
    pytest.param(
        "impact",
        "post",
        "impact/manual",
        lambda tps: {"touchpoint_id": tps[2].pk, "value": 9, "unit": "conversions_lost", "reason": "Guess"},
        "",
        id="manual-impact",
    ),
]


@pytest.mark.parametrize("name, method, path, payload, shown", API_WRITES)
def test_an_api_write_shows(filled: Any, name: str, method: str, path: str, payload: Any, shown: str) -> None:
    client, slug = filled.world.client("owner"), filled.world.slug
    before = widget(client, slug, name)
    api(client, method, f"/api/v1/workspaces/{slug}/{path}", payload(filled.touchpoints))
    after = widget(client, slug, name)
    assert after != before and shown in after


def test_an_analysis_stored_by_the_worker_shows(filled: Any) -> None:
    from touchpoints.lib.testing import store_tiny_analysis

    client, ws = filled.world.client("owner"), filled.world.workspace
    before = widget(client, ws.slug, "analytics")
    store_tiny_analysis(ws, filled.world.users["owner"], source_name="april.csv", source_size=10)
    assert widget(client, ws.slug, "analytics") != before


def test_a_page_form_write_shows_on_the_home(filled: Any) -> None:
    """The web pages' writes go through the same hook as the API's."""
    client, slug = filled.world.client("owner"), filled.world.slug
    before = client.get(f"/w/{slug}/home/").content.decode()
    response = client.post(
        f"/w/{slug}/impact/manual/",
        {"touchpoint": filled.touchpoints[1].pk, "value": "4", "unit": "conversions_lost", "reason": "Guess"},
    )
    assert response.status_code == 302
    assert client.get(f"/w/{slug}/home/").content.decode() != before


def test_nothing_cached_crosses_workspaces_or_languages(filled: Any) -> None:
    world = filled.world
    client = world.client("owner")
    own = widget(client, world.slug, "coverage-channel")
    other = world.client("outsider")
    theirs = widget(other, world.other.slug, "coverage-channel")
    assert theirs != own and "Website" not in theirs
    from django.utils import translation

    from touchpoints.dashboard.widgets import REGISTRY

    with translation.override("ru"):
        russian = REGISTRY["coverage-channel"].render(workspace=world.workspace)
    with translation.override("en"):
        assert REGISTRY["coverage-channel"].render(workspace=world.workspace) == own
    assert russian != own
