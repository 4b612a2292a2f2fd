"""Who may use each page and endpoint of the action plan: owner, editor, auditor, viewer, a user
of another workspace (404: the workspace is not revealed) and an anonymous visitor (login page
for pages, 401 for the API). A role without the capability gets 403, and a refused request
writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.actions.models import Action, CalendarFeed, WebhookEndpoint

ROLES = ["owner", "editor", "auditor", "viewer", "outsider", "anonymous"]
ALLOWED = {"read": {"owner", "editor", "auditor", "viewer"}, "edit": {"owner", "editor"}, "manage": {"owner"}}


def expected(role: str, need: str, api: bool) -> int | str:
    if role == "anonymous":
        return 401 if api else "login"
    if role == "outsider":
        return 404
    return "ok" if role in ALLOWED[need] else 403


def client_for(plan: Any, role: str) -> Client:
    return Client() if role == "anonymous" else plan.world.client(role)


def page_cases(plan: Any) -> list[tuple[str, str, str, Any]]:
    a = plan.actions[0].pk
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    new = {
        "title": "Posted",
        "touchpoint": plan.touchpoints[0].pk,
        "owner_unit": "Call centre",
        "deadline": future,
        "status": "planned",
    }
    feed = CalendarFeed.objects.create(
        workspace=plan.workspace, user=plan.world.users["owner"], scope="workspace", prefix="x", token_hash="h" * 64
    )
    hook = WebhookEndpoint.objects.create(workspace=plan.workspace, url="https://example.com/hook")
    return [
        ("get", "/w/{slug}/actions/", "read", None),
        ("get", "/w/{slug}/actions/list/?overdue=1", "read", None),
        ("get", f"/w/{{slug}}/actions/{a}/", "read", None),
        ("get", "/w/{slug}/actions/calendar/", "read", None),
        ("post", "/w/{slug}/actions/calendar/", "read", {"scope": "person"}),
        ("get", "/w/{slug}/actions/new/", "edit", None),
        ("post", "/w/{slug}/actions/new/", "edit", new),
        ("get", f"/w/{{slug}}/actions/{a}/edit/", "edit", None),
        ("post", f"/w/{{slug}}/actions/{a}/edit/", "edit", {**new, "title": "Edited"}),
        ("post", f"/w/{{slug}}/actions/{a}/status/", "edit", {"status": "in_progress"}),
        ("get", f"/w/{{slug}}/actions/{a}/delete/", "edit", None),
        ("get", "/w/{slug}/actions/webhooks/", "manage", None),
        ("post", "/w/{slug}/actions/webhooks/", "manage", {"url": "http://127.0.0.1:9/x"}),
        ("post", f"/w/{{slug}}/actions/webhooks/{hook.pk}/delete/", "manage", None),
        ("post", f"/w/{{slug}}/actions/calendar/{feed.pk}/revoke/", "manage", None),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_pages(plan: Any, role: str) -> None:
    client = client_for(plan, role)
    for method, url, need, data in page_cases(plan):
        url = url.format(slug=plan.world.slug)
        before = (
            Action.objects.count(),
            list(Action.objects.values_list("title", "status").order_by("pk")),
            WebhookEndpoint.objects.count(),
            CalendarFeed.objects.filter(revoked_at__isnull=True).count(),
        )
        response = client.get(url) if method == "get" else client.post(url, data or {})
        want = expected(role, need, api=False)
        if want == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (url, role)
        elif want == "ok":
            assert response.status_code in (200, 302, 400), (url, role, response.status_code)
        else:
            assert response.status_code == want, (url, role, response.status_code)
        if want != "ok" and method == "post" and not url.endswith("/calendar/"):
            after = (
                Action.objects.count(),
                list(Action.objects.values_list("title", "status").order_by("pk")),
                WebhookEndpoint.objects.count(),
                CalendarFeed.objects.filter(revoked_at__isnull=True).count(),
            )
            assert after == before, (url, role)


def api_cases(plan: Any) -> list[tuple[str, str, str, Any]]:
    a = plan.actions[0].pk
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    base = "/api/v1/workspaces/{slug}/actions"
    return [
        ("get", base, "read", None),
        ("get", f"{base}/{a}", "read", None),
        (
            "post",
            base,
            "edit",
            {"title": "API", "touchpoint_id": plan.touchpoints[0].pk, "owner_unit": "Call centre", "deadline": future},
        ),
        ("patch", f"{base}/{a}", "edit", {"title": "Patched"}),
        ("post", f"{base}/{a}/status", "edit", {"status": "done"}),
        ("delete", f"{base}/{plan.actions[1].pk}", "edit", None),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api(plan: Any, role: str) -> None:
    client = client_for(plan, role)
    for method, url, need, data in api_cases(plan):
        url = url.format(slug=plan.world.slug)
        count = Action.objects.count()
        response = getattr(client, method)(
            url, data=json.dumps(data) if data else None, content_type="application/json"
        )
        want = expected(role, need, api=True)
        if want == "ok":
            assert response.status_code in (200, 201, 204), (url, role, response.status_code, response.content)
        else:
            assert response.status_code == want, (url, role, response.status_code)
            assert response.json()["detail"]
            assert Action.objects.count() == count


def test_the_feed_needs_only_its_secret_and_shows_only_its_own_actions(plan: Any) -> None:
    from touchpoints.actions import services

    world = plan.world
    mine = plan.action(title="Editor's own", owner_user=world.users["owner"])
    _feed, raw = services.feed_create(workspace=plan.workspace, user=world.users["owner"], scope="person")
    _wfeed, wraw = services.feed_create(workspace=plan.workspace, user=world.users["viewer"], scope="workspace")
    services.action_create(
        workspace=world.other,
        title="Someone else's secret",
        owner_user=world.users["outsider"],
        touchpoint=_foreign_touchpoint(world),
        deadline=timezone.localdate() + dt.timedelta(days=3),
    )
    anonymous = Client()
    body = anonymous.get(f"/feeds/actions/{raw}.ics").content.decode()
    assert "BEGIN:VCALENDAR" in body and mine.title in body
    assert plan.actions[1].title not in body and "secret" not in body
    body = anonymous.get(f"/feeds/actions/{wraw}.ics").content.decode()
    assert plan.actions[0].title.split()[0] in body and plan.actions[1].title in body and "secret" not in body
    assert anonymous.get(f"/feeds/actions/{raw}x.ics").status_code == 404
    # Revoked: nothing at once. A person who left: their feeds stop too.
    services.feed_revoke(feed=_feed)
    assert anonymous.get(f"/feeds/actions/{raw}.ics").status_code == 404
    from touchpoints.workspaces.models import Membership

    Membership.objects.filter(workspace=plan.workspace, user=world.users["viewer"]).delete()
    assert anonymous.get(f"/feeds/actions/{wraw}.ics").status_code == 404


def test_a_feed_token_is_stored_hashed(plan: Any) -> None:
    from touchpoints.actions import services

    feed, raw = services.feed_create(workspace=plan.workspace, user=plan.world.users["owner"], scope="person")
    assert raw not in feed.token_hash and len(feed.token_hash) == 64


def test_a_member_can_revoke_their_own_feed_but_not_anothers(plan: Any) -> None:
    from touchpoints.actions import services

    own, _raw = services.feed_create(workspace=plan.workspace, user=plan.world.users["viewer"], scope="person")
    other, _raw2 = services.feed_create(workspace=plan.workspace, user=plan.world.users["editor"], scope="person")
    viewer = plan.world.client("viewer")
    assert viewer.post(f"/w/{plan.world.slug}/actions/calendar/{other.pk}/revoke/").status_code == 403
    assert viewer.post(f"/w/{plan.world.slug}/actions/calendar/{own.pk}/revoke/").status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None


def _foreign_touchpoint(world: Any) -> Any:
    from touchpoints.inventory.services import touchpoint_create

    return touchpoint_create(workspace=world.other, name="Their phone")
