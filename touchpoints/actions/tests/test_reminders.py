"""Reminders before a deadline and the weekly digest: to the right people, in their language,
never twice for the same action and day; the cron command."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from touchpoints.actions import choices as c
from touchpoints.actions.models import Action, Notice
from touchpoints.actions.reminders import send_all, send_digests, send_reminders

MONDAY = dt.date(2026, 11, 30)


def _deadline(action: Action, day: dt.date) -> None:
    Action.objects.filter(pk=action.pk).update(deadline=day)


def test_a_reminder_goes_once_before_the_deadline(plan: Any, settings: Any) -> None:
    settings.ACTIONS_REMINDER_DAYS = 3
    today = timezone.localdate()
    _deadline(plan.actions[0], today + dt.timedelta(days=2))
    assert send_reminders(today=today) == 1
    assert mail.outbox[0].to == ["editor@example.com"] and "in 2 days" in mail.outbox[0].subject
    assert send_reminders(today=today) == 0
    assert send_reminders(today=today + dt.timedelta(days=1)) == 0  # same deadline: already reminded
    # The deadline moved: a new reminder when it comes near.
    _deadline(plan.actions[0], today + dt.timedelta(days=3))
    assert send_reminders(today=today + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_no_reminder_far_from_the_deadline_for_done_actions_or_units(plan: Any, settings: Any) -> None:
    settings.ACTIONS_REMINDER_DAYS = 3
    today = timezone.localdate()
    _deadline(plan.actions[0], today + dt.timedelta(days=10))
    _deadline(plan.actions[1], today + dt.timedelta(days=1))  # owned by a unit: no address
    assert send_reminders(today=today) == 0
    _deadline(plan.actions[0], today + dt.timedelta(days=1))
    Action.objects.filter(pk=plan.actions[0].pk).update(status=c.Status.DONE)
    assert send_reminders(today=today) == 0


def test_a_reminder_is_written_in_the_owners_language(plan: Any) -> None:
    from touchpoints.accounts.models import Profile

    Profile.objects.update_or_create(user=plan.world.users["editor"], defaults={"language": "ru"})
    today = timezone.localdate()
    _deadline(plan.actions[0], today)
    send_reminders(today=today)
    assert "сегодня" in mail.outbox[0].subject


def test_the_digest_goes_weekly_to_each_owner_with_overdue_first(plan: Any, settings: Any) -> None:
    settings.ACTIONS_DIGEST_WEEKDAY = 0
    plan.action(title="Second for the editor")
    _deadline(plan.actions[0], MONDAY - dt.timedelta(days=2))
    assert send_digests(today=MONDAY + dt.timedelta(days=1)) == 0  # not its day
    assert send_digests(today=MONDAY) == 1
    message = mail.outbox[0]
    assert (
        message.to == ["editor@example.com"] and "2 open actions" in message.subject and "1 overdue" in message.subject
    )
    assert message.body.index("OVERDUE") < message.body.index("Second for the editor")
    assert send_digests(today=MONDAY) == 0
    assert send_digests(today=MONDAY + dt.timedelta(days=7)) == 1


def test_owners_who_left_get_nothing(plan: Any) -> None:
    from touchpoints.workspaces.models import Membership

    Membership.objects.filter(user=plan.world.users["editor"]).delete()
    assert send_digests(today=MONDAY, force=True) == 0


def test_the_command_is_idempotent(plan: Any, capsys: Any) -> None:
    today = timezone.localdate()
    _deadline(plan.actions[0], today + dt.timedelta(days=1))
    call_command("actions", "send-reminders", "--digest")
    first = len(mail.outbox)
    call_command("actions", "send-reminders", "--digest")
    assert first == 2 and len(mail.outbox) == 2
    assert "reminders: 0" in capsys.readouterr().out
    assert Notice.objects.count() == 2


def test_the_task_runs_the_same(plan: Any) -> None:
    from touchpoints.actions.tasks import send_reminders as task

    today = timezone.localdate()
    _deadline(plan.actions[0], today)
    result = task.enqueue(today.isoformat())
    assert result.return_value["reminders"] == 1
    assert send_all(today=today)["reminders"] == 0


def test_a_title_with_a_line_break_still_gets_its_mails(plan: Any, django_capture_on_commit_callbacks: Any) -> None:
    """A title sent through the API may hold a line break; quoted in a subject, it made Django refuse
    the e-mail (BadHeaderError) and the reminder and comment notices for that action failed."""
    from touchpoints.actions import services

    today = timezone.localdate()
    action = plan.action(title="Answer the phone\nwithin three rings", deadline=today + dt.timedelta(days=1))
    assert send_reminders(today=today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(action=action, author=plan.world.users["owner"], body="Any news?")
    assert [m.subject for m in mail.outbox] == [
        "Due in 1 day: Answer the phone within three rings",
        "owner commented on “Answer the phone within three rings”",
    ]
