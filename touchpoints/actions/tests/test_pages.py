"""The pages as a user sees them: bounded queries on the board and list, overdue highlighted,
departed owners flagged, and forms that explain a refusal and keep what was typed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from touchpoints.actions.models import Action
from touchpoints.workspaces.models import Membership


def test_board_and_list_take_a_bounded_number_of_queries(plan: Any, pages_within: Any) -> None:
    for i in range(30):
        plan.action(title=f"Action {i}", touchpoint=plan.touchpoints[i % 2])
    client = plan.world.client("viewer")
    base = f"/w/{plan.world.slug}/actions"
    pages_within(client, 16, f"{base}/", f"{base}/list/?overdue=1", f"{base}/list/")


def test_overdue_and_departed_owners_show(plan: Any) -> None:
    Action.objects.filter(pk=plan.actions[0].pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    Membership.objects.filter(workspace=plan.workspace, user=plan.world.users["editor"]).delete()
    page = plan.world.client("owner").get(f"/w/{plan.world.slug}/actions/").content.decode()
    assert "action-card overdue owner-left" in page and "overdue by 3 days" in page
    assert "owner left the workspace" in page
    form = plan.world.client("owner").get(f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/edit/").content.decode()
    assert "has left the workspace" in form and "(left the workspace)" in form


def test_the_form_explains_a_past_deadline_and_keeps_the_input(plan: Any) -> None:
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = plan.world.client("editor").post(
        f"/w/{plan.world.slug}/actions/new/",
        {
            "title": "Call back within 15 minutes",
            "touchpoint": plan.touchpoints[0].pk,
            "owner_unit": "Call centre",
            "deadline": past,
            "status": "planned",
            "kpi_name": "Callbacks in time",
            "kpi_baseline": "20",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "has already passed" in body and 'value="Call back within 15 minutes"' in body and 'value="20"' in body
    assert not Action.objects.filter(title="Call back within 15 minutes").exists()


def test_the_form_refuses_an_owner_who_left(plan: Any) -> None:
    editor = plan.world.users["editor"]
    Membership.objects.filter(workspace=plan.workspace, user=editor).delete()
    response = plan.world.client("owner").post(
        f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/edit/",
        {
            "title": "Still here?",
            "touchpoint": plan.touchpoints[0].pk,
            "owner_user": editor.pk,
            "deadline": plan.actions[0].deadline.isoformat(),
            "status": "planned",
        },
    )
    assert response.status_code == 400 and "no longer a member" in response.content.decode()
    plan.actions[0].refresh_from_db()
    assert plan.actions[0].title != "Still here?"


def test_drag_and_drop_endpoint_answers_json(plan: Any) -> None:
    client = plan.world.client("editor")
    url = f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/status/"
    ok = client.post(url, {"status": "done"}, HTTP_ACCEPT="application/json")
    assert ok.json()["status"] == "done"
    bad = client.post(url, {"status": "finished"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_the_ics_feed_is_valid_icalendar(plan: Any) -> None:
    from icalendar import Calendar

    from touchpoints.actions import services

    _feed, raw = services.feed_create(workspace=plan.workspace, user=plan.world.users["owner"], scope="workspace")
    cal = Calendar.from_ical(plan.world.client("viewer").get(f"/feeds/actions/{raw}.ics").content)
    events = [e for e in cal.walk("VEVENT")]
    assert {str(e["SUMMARY"]) for e in events} == {a.title for a in plan.actions}
    assert events[0].decoded("DTSTART") == plan.actions[0].deadline


def test_the_ics_feed_holds_no_control_character(plan: Any) -> None:
    """A title or touchpoint name with a pasted control character went into the feed as is, which
    RFC 5545 forbids (calendar apps refuse the whole feed); commas, semicolons and line breaks
    stay, escaped."""
    from icalendar import Calendar

    from touchpoints.actions import services

    action = plan.actions[0]
    action.title = "Call back\x07, today; then\r\nwrite\x0b it"
    action.save()
    _feed, raw = services.feed_create(workspace=plan.workspace, user=plan.world.users["owner"], scope="workspace")
    body = plan.world.client("viewer").get(f"/feeds/actions/{raw}.ics").content
    assert not re.search(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", body)
    assert all(line.endswith(b"\r") or not line for line in body.split(b"\n"))  # CRLF only
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert "Call back, today; then\nwrite it" in summaries
