"""Who may use each page and endpoint of the action plan: owner, editor, auditor, viewer, a user
of another workspace (404: the workspace is not revealed) and an anonymous visitor (login page
for pages, 401 for the API). A role without the capability gets 403, and a refused request
writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.actions.models import Action, CalendarFeed, WebhookEndpoint
from touchpoints.lib.testing_access import EDIT, EVERYONE, MANAGE, READ, AccessMatrix, Case

ROLES = EVERYONE


def page_cases(plan: Any) -> list[Case]:
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
        Case("get", "/w/{slug}/actions/", READ),
        Case("get", "/w/{slug}/actions/list/?overdue=1", READ),
        Case("get", f"/w/{{slug}}/actions/{a}/", READ),
        Case("get", "/w/{slug}/actions/calendar/", READ),
        Case("post", "/w/{slug}/actions/calendar/", READ, {"scope": "person"}),
        Case("get", "/w/{slug}/actions/new/", EDIT),
        Case("post", "/w/{slug}/actions/new/", EDIT, new),
        Case("get", f"/w/{{slug}}/actions/{a}/edit/", EDIT),
        Case("post", f"/w/{{slug}}/actions/{a}/edit/", EDIT, {**new, "title": "Edited"}),
        Case("post", f"/w/{{slug}}/actions/{a}/status/", EDIT, {"status": "in_progress"}),
        Case("get", f"/w/{{slug}}/actions/{a}/delete/", EDIT),
        Case("get", "/w/{slug}/actions/webhooks/", MANAGE),
        Case("post", "/w/{slug}/actions/webhooks/", MANAGE, {"url": "http://127.0.0.1:9/x"}),
        Case("post", f"/w/{{slug}}/actions/webhooks/{hook.pk}/delete/", MANAGE),
        Case("post", f"/w/{{slug}}/actions/calendar/{feed.pk}/revoke/", MANAGE),
    ]


def _actions_hooks_and_feeds() -> tuple[int, list[tuple[str, str]], int, int]:
    return (
        Action.objects.count(),
        list(Action.objects.values_list("title", "status").order_by("pk")),
        WebhookEndpoint.objects.count(),
        CalendarFeed.objects.filter(revoked_at__isnull=True).count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_pages(access: AccessMatrix, plan: Any, role: str) -> None:
    access.check(role, page_cases(plan), ok=(200, 302, 400), unchanged=_actions_hooks_and_feeds)


def api_cases(plan: Any) -> list[Case]:
    a = plan.actions[0].pk
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    base = "/api/v1/workspaces/{slug}/actions"
    return [
        Case("get", base, READ),
        Case("get", f"{base}/{a}", READ),
        Case(
            "json",
            base,
            EDIT,
            {"title": "API", "touchpoint_id": plan.touchpoints[0].pk, "owner_unit": "Call centre", "deadline": future},
        ),
        Case("patch", f"{base}/{a}", EDIT, {"title": "Patched"}),
        Case("json", f"{base}/{a}/status", EDIT, {"status": "done"}),
        Case("delete", f"{base}/{plan.actions[1].pk}", EDIT),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api(access: AccessMatrix, plan: Any, role: str) -> None:
    access.check(role, api_cases(plan), unchanged=_actions_hooks_and_feeds)


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
