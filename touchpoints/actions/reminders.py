"""Reminder and digest e-mails to the owners of open actions, sent by the background worker (the
``send_reminders`` task) or by cron (``touchpoints actions send-reminders``).

* A **reminder** goes to the owner of an open action whose deadline is within
  ``settings.ACTIONS_REMINDER_DAYS`` days (and not past), once per deadline: moving the deadline
  arms a new one.
* A **digest** lists each owner's open actions, overdue first, once a week: on
  ``settings.ACTIONS_DIGEST_WEEKDAY`` (0 = Monday), or on the first run after a missed one.

* A **comment notice** tells an action's owner that a member commented on it, and each member a
  comment mentions as @username (never its author), at once, through the background worker.

Every reminder and digest sent is written down (``Notice``: kind, action, person, day) under a unique
constraint, so running the sender twice the same day never mails twice. Each e-mail is written
in its recipient's language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.accounts.selectors import user_language
from touchpoints.actions import choices as c
from touchpoints.actions.models import Action, Comment, Notice
from touchpoints.actions.selectors import mentioned_members
from touchpoints.lib.text import one_line
from touchpoints.workspaces.models import Membership


def reminder_days() -> int:
    return int(getattr(settings, "ACTIONS_REMINDER_DAYS", 3))


def digest_weekday() -> int:
    return int(getattr(settings, "ACTIONS_DIGEST_WEEKDAY", 0))


def _link(action: Action) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("actions:edit", args=[action.workspace.slug, action.pk])


def _detail_link(action: Action) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("actions:detail", args=[action.workspace.slug, action.pk])


def _open_owned(today: dt.date) -> dict[Any, list[Action]]:
    """Open actions by owner (members only: a unit has no address), the owner still a member."""
    members = set(Membership.objects.values_list("workspace_id", "user_id"))
    by_user: dict[Any, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(status__in=c.OPEN, owner_user__isnull=False)
        .select_related("owner_user", "owner_user__profile", "workspace", "touchpoint")
        .order_by("deadline", "id")
    ):
        owner = action.owner_user
        if owner is not None and (action.workspace_id, owner.pk) in members and owner.email:
            by_user[owner].append(action)
    return by_user


def _record(kind: str, action: Action, user: Any, today: dt.date) -> bool:
    """Writes the notice; False when it was already sent (another run got there first)."""
    try:
        with transaction.atomic():
            Notice.objects.create(kind=kind, action=action, user=user, day=today, deadline=action.deadline)
    except IntegrityError:
        return False
    return True


def send_reminders(*, today: dt.date) -> int:
    horizon = today + dt.timedelta(days=reminder_days())
    reminded = set(Notice.objects.filter(kind=c.NoticeKind.REMINDER).values_list("action_id", "user_id", "deadline"))
    sent = 0
    for user, actions in _open_owned(today).items():
        for action in actions:
            if action.deadline is None or not today <= action.deadline <= horizon:
                continue
            if (action.pk, user.pk, action.deadline) in reminded or not _record(
                c.NoticeKind.REMINDER, action, user, today
            ):
                continue
            with translation.override(user_language(user)):
                days = (action.deadline - today).days
                when = _("today") if days == 0 else ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
                send_mail(
                    subject=one_line(_("Due %(when)s: %(title)s") % {"when": when, "title": action.title}),
                    message=_("The action “%(title)s” in %(workspace)s is due %(when)s (%(date)s).\n\n%(link)s\n")
                    % {
                        "title": action.title,
                        "workspace": action.workspace.name,
                        "when": when,
                        "date": action.deadline.isoformat(),
                        "link": _link(action),
                    },
                    from_email=None,
                    recipient_list=[user.email],
                )
            sent += 1
    return sent


def send_digests(*, today: dt.date, force: bool = False) -> int:
    """One e-mail per owner listing their open actions, once a week."""
    since = today - dt.timedelta(days=6)
    recent = set(Notice.objects.filter(kind=c.NoticeKind.DIGEST, day__gte=since).values_list("user_id", flat=True))
    last_any = Notice.objects.filter(kind=c.NoticeKind.DIGEST).order_by("-day").values_list("day", flat=True).first()
    due_day = today.weekday() == digest_weekday() or (last_any is not None and (today - last_any).days > 7)
    if not (due_day or force):
        return 0
    sent = 0
    for user, actions in _open_owned(today).items():
        if user.pk in recent:
            continue
        fresh = [a for a in actions if _record(c.NoticeKind.DIGEST, a, user, today)]
        if not fresh:
            continue
        with translation.override(user_language(user)):
            overdue = [a for a in actions if a.deadline and a.deadline < today]
            lines = []
            for a in sorted(actions, key=lambda a: (a.deadline is None, a.deadline or today)):
                mark = _("OVERDUE") + " " if a in overdue else ""
                lines.append(
                    f"- {mark}{a.deadline.isoformat() if a.deadline else '—'} · {a.title} "
                    f"({a.workspace.name}, {a.get_status_display()})\n  {_link(a)}"
                )
            send_mail(
                subject=ngettext(
                    "Your action plan: %(n)d open action", "Your action plan: %(n)d open actions", len(actions)
                )
                % {"n": len(actions)}
                + (
                    (" · " + ngettext("%(n)d overdue", "%(n)d overdue", len(overdue)) % {"n": len(overdue)})
                    if overdue
                    else ""
                ),
                message=_("Hello %(name)s,\n\nthe actions you own:\n\n%(lines)s\n")
                % {"name": user.get_full_name() or user.username, "lines": "\n".join(lines)},
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


def send_comment_notices(comment_id: int) -> int:
    """E-mails a comment to the action's owner and to the members it mentions (@username), each in
    their language; never to its author, to a former member or to an account without an address.
    Returns how many e-mails went."""
    comment = (
        Comment.objects.select_related("action__workspace", "action__owner_user__profile", "created_by")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:  # deleted before the worker got to it
        return 0
    action, author = comment.action, comment.created_by
    members = set(Membership.objects.filter(workspace_id=action.workspace_id).values_list("user_id", flat=True))
    recipients: dict[int, tuple[Any, bool]] = {}  # user id → (user, mentioned)
    if action.owner_user is not None:
        recipients[action.owner_user.pk] = (action.owner_user, False)
    for user in mentioned_members(workspace_id=action.workspace_id, body=comment.body):
        recipients[user.pk] = (user, True)
    sent = 0
    for user, was_mentioned in recipients.values():
        if not user.email or user.pk == comment.created_by_id or user.pk not in members:
            continue
        with translation.override(user_language(user)):
            who = (author.get_full_name() or author.username) if author else _("A former member")
            names = {"who": who, "title": action.title, "workspace": action.workspace.name}
            if was_mentioned:
                subject = _("%(who)s mentioned you on “%(title)s”") % names
                intro = _("%(who)s mentioned you in a comment on the action “%(title)s” in %(workspace)s:") % names
            else:
                subject = _("%(who)s commented on “%(title)s”") % names
                intro = _("%(who)s commented on the action “%(title)s” in %(workspace)s:") % names
            send_mail(
                subject=one_line(subject),
                message=f"{intro}\n\n{comment.body}\n\n{_detail_link(action)}#comments\n",
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


def send_all(*, today: dt.date | None = None, force_digest: bool = False) -> dict[str, int]:
    from touchpoints.actions.webhooks import retry_due

    today = today or timezone.localdate()
    return {
        "reminders": send_reminders(today=today),
        "digests": send_digests(today=today, force=force_digest),
        "webhook_retries": retry_due(),
    }
