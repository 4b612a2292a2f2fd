"""The demo clinic's action plan (registered in ``touchpoints.demo.services.EXTENSIONS``, after
the audits and priorities): actions done between the spring and the autumn self-audits, so their
before / after figures show; some in progress, some overdue, one dropped, one owned by a unit; the
actions in progress carry the team's comments on how they go, some by the colleague and one that
mentions the demo user (their "For you" page lists them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions import services
from touchpoints.actions.models import Action, Comment
from touchpoints.demo.services import demo_colleague, demo_text
from touchpoints.inventory.models import Touchpoint
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role

# code: (title, description, unit, status, deadline in days from today, started / done days ago, KPI)
PLAN: list[tuple[str, str, str, str, str, int, tuple[int | None, int | None], tuple[str, float, float, str] | None]] = [
    (
        "site-home",
        "Redesign the home page around booking",
        "One clear 'Book a test' button above the fold; prices and address visible without scrolling.",
        "Marketing",
        c.Status.DONE,
        -45,
        (180, 50),
        ("Audit score", 50, 75, "points"),
    ),
    (
        "site-chat",
        "Answer the site chat in the evening",
        "The chat is answered until 22:00 by the evening receptionist.",
        "Reception",
        c.Status.DONE,
        -60,
        (170, 70),
        ("Audit score", 35, 65, "points"),
    ),
    (
        "reception-greeting",
        "Greet every patient by name",
        "Reception checks the schedule and greets by name.",
        "Reception",
        c.Status.DONE,
        -90,
        (175, 100),
        None,
    ),
    (
        "site-callback",
        "Keep the 15-minute callback promise",
        "Route callback requests to the call centre queue with a timer; or stop promising 15 minutes.",
        "Call centre",
        c.Status.IN_PROGRESS,
        -6,
        (40, None),
        ("Callbacks within 15 minutes", 20, 90, "%"),
    ),
    (
        "phone",
        "Answer within three rings, and after 19:00",
        "A second line at peak hours and an answering machine with a callback after 19:00.",
        "Call centre",
        c.Status.IN_PROGRESS,
        12,
        (20, None),
        ("Calls answered", 60, 95, "%"),
    ),
    (
        "phone-hold",
        "Replace the radio on hold",
        "Short useful messages (preparation for tests, prices) instead of the radio.",
        "Call centre",
        c.Status.PLANNED,
        -4,
        (None, None),
        None,
    ),
    (
        "site-reviews",
        "Ask for a review after each visit",
        "An SMS the day after the visit with a link to the review page.",
        "Marketing",
        c.Status.PLANNED,
        30,
        (None, None),
        ("Reviews per month", 3, 20, "reviews"),
    ),
    (
        "patient-card",
        "Halve the patient card",
        "Drop the questions already asked on the booking form.",
        "Reception",
        c.Status.PLANNED,
        21,
        (None, None),
        None,
    ),
    (
        "payment",
        "A backup card terminal",
        "Dropped: the bank replaced the terminal and added a mobile one.",
        "Finance",
        c.Status.DROPPED,
        5,
        (None, None),
        None,
    ),
]

# code: (comment, days ago, by the colleague rather than the demo user), oldest first
COMMENTS: dict[str, list[tuple[str, int, bool]]] = {
    "site-callback": [
        ("The call centre's queue now shows callback requests with a 15-minute timer.", 30, True),
        ("Half of the callbacks still come late at lunchtime: we need a second person from 13:00 to 14:00.", 8, True),
        ("@demo can we take a part-time operator for lunchtime? I need a yes by Friday.", 2, True),
    ],
    "phone": [
        ("The second line is ordered from the operator; it is connected next week.", 12, False),
        ("The operator moved the connection to Monday; the answering machine message is recorded.", 1, True),
    ],
}


def demo_actions(workspace: Workspace) -> None:
    user = workspace.memberships.filter(role=Role.OWNER).earliest("pk").user
    colleague = demo_colleague(workspace) or user
    by_code = {tp.code: tp for tp in Touchpoint.objects.filter(workspace=workspace)}
    places = _top_ten_places(workspace)
    now = timezone.now()
    today = timezone.localdate()
    for i, (code, title, description, unit, status, deadline_in, (started, done), kpi) in enumerate(PLAN):
        tp = by_code.get(code)
        if tp is None:
            continue
        fields: dict[str, Any] = {
            "description": demo_text(description),
            "touchpoint": tp,
            "owner_unit": demo_text(unit),
            "owner_user": user if i % 2 == 0 else None,
            "deadline": today + dt.timedelta(days=max(deadline_in, 1)),
            "priority": places.get(tp.pk),
        }
        if kpi:
            fields.update(
                kpi_name=demo_text(kpi[0]), kpi_baseline=kpi[1], kpi_target=kpi[2], kpi_unit=demo_text(kpi[3])
            )
        action = services.action_create(workspace=workspace, title=demo_text(title), created_by=user, **fields)
        # Back-date what happened: the plan was made after the spring audit.
        Action.objects.filter(pk=action.pk).update(
            status=status,
            deadline=today + dt.timedelta(days=deadline_in),
            created_at=now - dt.timedelta(days=max(started or 0, 15) + 1),
            started_at=now - dt.timedelta(days=started) if started else None,
            done_at=now - dt.timedelta(days=done) if done else None,
        )
        for body, days_ago, by_colleague in COMMENTS.get(code, []):
            author = colleague if by_colleague else user
            comment = Comment.objects.create(action=action, created_by=author, body=demo_text(body))
            Comment.objects.filter(pk=comment.pk).update(created_at=now - dt.timedelta(days=days_ago))


def _top_ten_places(workspace: Workspace) -> dict[int, Any]:
    """Touchpoint id → its place in the current top ten (when the priorities demo made one)."""
    try:
        from touchpoints.priorities.models import TopTenPlace, TopTenVersion
    except ImportError:
        return {}
    version = TopTenVersion.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    if version is None:
        return {}
    return {p.touchpoint_id: p for p in TopTenPlace.objects.filter(version=version)}
