"""The plan's "For you" page: the open actions a member owns, and what others wrote for them (comments
on their actions and those that name them as @username), without reading every action's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions import services
from touchpoints.actions.models import Action, Comment
from touchpoints.inventory.services import touchpoint_create
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.roles import Role


def _mine(plan: Any, who: str = "editor", language: str = "en") -> str:
    client = plan.world.client(who)
    response = client.get(f"/w/{plan.world.slug}/actions/mine/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def _comment(plan: Any, who: str, body: str, action: Any = None) -> Comment:
    return Comment.objects.create(action=action or plan.actions[0], created_by=plan.world.users[who], body=body)


def _late(plan: Any, title: str, days: int) -> Any:
    """An action whose deadline passed ``days`` ago (the services refuse a deadline in the past)."""
    action = plan.action(title=title)
    Action.objects.filter(pk=action.pk).update(deadline=timezone.localdate() - dt.timedelta(days=days))
    return action


def test_a_member_sees_the_open_actions_they_own_overdue_ones_flagged(plan: Any) -> None:
    _late(plan, "Fix the night voicemail", 3)
    finished = plan.action(title="Print new leaflets")
    services.action_set_status(action=finished, status=c.Status.DONE)
    page = _mine(plan)
    assert "Answer within three rings" in page and "Fix the night voicemail" in page
    assert "Print new leaflets" not in page  # finished: reached through the list's link
    assert "Rewrite the price page" not in page  # a unit's, nobody's in person
    assert "3 days overdue" in page
    assert "Your actions: 1 overdue" in page  # the counts line above the tabs counts the member's own
    assert f"?owner=u{plan.world.users['editor'].pk}" in page and "with 1 finished one" in page
    # Another member owns none of them.
    assert "No open action is yours." in _mine(plan, "viewer")


def test_comments_for_a_member_are_those_on_their_actions_and_those_that_name_them(plan: Any) -> None:
    on_theirs = _comment(plan, "owner", "The operator confirmed the second line.")
    named = _comment(plan, "owner", "@Viewer, can you check the script?", action=plan.actions[1])
    _comment(plan, "owner", "@viewers is not a member's name", action=plan.actions[1])
    _comment(plan, "editor", "My own note on my own action")
    editor = _mine(plan, "editor")
    assert "The operator confirmed the second line." in editor and "on your action" in editor
    assert "My own note" not in editor  # one's own words are not news
    assert "can you check the script" not in editor
    assert f"/actions/{plan.actions[0].pk}/#comment-{on_theirs.pk}" in editor
    viewer = _mine(plan, "viewer")
    assert '<strong class="mention">@Viewer</strong>, can you check the script?' in viewer
    assert "mentions you" in viewer and "on your action" not in viewer
    assert f"#comment-{named.pk}" in viewer
    assert "is not a member&#x27;s name" not in viewer
    assert "The operator confirmed" not in viewer


def test_the_newest_comment_comes_first_and_a_comment_stays_text(plan: Any) -> None:
    old = _comment(plan, "owner", "First <b>note</b>")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    _comment(plan, "owner", '<script>alert("x")</script>')
    page = _mine(plan)
    assert page.index("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") < page.index("First &lt;b&gt;note&lt;/b&gt;")
    assert "<script>alert" not in page and "<b>note</b>" not in page


def test_another_workspace_s_comments_never_show(plan: Any) -> None:
    other = plan.world.other
    Membership.objects.create(workspace=other, user=plan.world.users["editor"], role=Role.EDITOR)
    place = touchpoint_create(workspace=other, name="Their phone", channel="phone")
    theirs = services.action_create(
        workspace=other,
        title="Elsewhere",
        owner_user=plan.world.users["editor"],
        touchpoint=place,
        deadline=timezone.localdate() + dt.timedelta(days=3),
    )
    Comment.objects.create(action=theirs, created_by=plan.world.users["outsider"], body="@editor secret plan")
    page = _mine(plan)
    assert "secret plan" not in page and "Elsewhere" not in page


def test_the_page_reads_in_russian_and_spanish_with_plurals(plan: Any) -> None:
    for days, ru in ((1, "1 день просрочки"), (3, "3 дня просрочки"), (5, "5 дней просрочки")):
        action = _late(plan, f"Late {days}", days)
        assert ru in _mine(plan, language="ru")
        action.delete()
    es = _mine(plan, language="es")
    assert "Para usted" in es and "Sus acciones abiertas" in es and "Comentarios para usted" in es
    ru = _mine(plan, language="ru")
    assert "Для вас" in ru and "Ваши открытые действия" in ru
