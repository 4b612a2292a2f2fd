"""The demo clinic shows the whole method end to end: a plan with overdue actions and done ones
with before / after figures, and a generated report."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from touchpoints.actions.selectors import action_rows, comments_for
from touchpoints.reports.models import Report


def test_the_demo_clinic_has_a_plan_and_a_report(
    db: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.demo.services import demo_load

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        ws, _created = demo_load()
    rows = action_rows(workspace=ws, today=timezone.localdate(), measure=True)
    assert sum(1 for r in rows if r.overdue) >= 2
    measured = [r for r in rows if r.action.status == "done" and r.measurement.state == "measured"]
    assert len(measured) >= 2 and all(r.measurement.change > 0 for r in measured)
    assert any(r.action.owner_unit and not r.action.owner_user_id for r in rows)
    report = Report.objects.get(workspace=ws)
    assert report.status == "done" and report.pages >= 3 and report.headline["overdue"] >= 2


def test_the_demo_user_has_comments_for_them_from_a_colleague_who_cannot_log_in(db: Any, client: Any) -> None:
    from touchpoints.demo.services import DEMO_COLLEAGUE, demo_load

    ws, _created = demo_load(language="ru")
    demo_user = ws.memberships.get(role="owner").user
    found = comments_for(workspace=ws, user=demo_user)
    assert {c.comment.created_by.username for c in found} == {DEMO_COLLEAGUE["username"]}
    assert any(c.mentions_you for c in found) and any(c.on_your_action for c in found)
    assert all(re.search("[а-я]", c.comment.body) for c in found)  # in the demo's language
    assert not client.login(username=DEMO_COLLEAGUE["username"], password="")
    assert ws.memberships.get(user__username=DEMO_COLLEAGUE["username"]).role == "editor"
