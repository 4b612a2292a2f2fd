"""The action plan as an iCalendar feed (RFC 5545, written by the ``icalendar`` package): one
all-day event per action on its deadline, its status and owner in the text. Done and dropped
actions stay in the feed (marked), so a calendar shows what happened too."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event

from touchpoints.actions import choices as c
from touchpoints.actions.models import Action, CalendarFeed
from touchpoints.actions.selectors import owner_label

ICS_STATUS: dict[str, str] = {
    c.Status.PLANNED: "TENTATIVE",
    c.Status.IN_PROGRESS: "CONFIRMED",
    c.Status.DONE: "CONFIRMED",
    c.Status.DROPPED: "CANCELLED",
}
DONE_MARKS: dict[str, str] = {c.Status.DONE: "✓ ", c.Status.DROPPED: "✗ "}
# RFC 5545 text holds no control character but tab (a line break is written escaped, as \n): one
# pasted into a title would make calendar apps refuse the feed.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    return CONTROLS.sub("", value.replace("\r\n", "\n"))


def render_calendar(*, feed: CalendarFeed, actions: Iterable[Action], base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Touchpoints//Action plan//EN")
    cal.add("version", "2.0")
    title = _("Action plan · %(workspace)s") % {"workspace": feed.workspace.name}
    if feed.scope == c.FeedScope.PERSON:
        title += " · " + (feed.user.get_full_name() or feed.user.username)
    cal.add("x-wr-calname", _text(title))
    stamp = timezone.now()
    root = base_url.rstrip("/")
    for action in actions:
        if action.deadline is None:
            continue
        event = Event()
        event.add("uid", f"action-{action.pk}@touchpoints")
        event.add("dtstamp", stamp)
        event.add("dtstart", action.deadline)
        event.add("dtend", action.deadline + dt.timedelta(days=1))
        prefix = DONE_MARKS.get(action.status, "")
        event.add("summary", _text(prefix + action.title))
        lines = [
            f"{_('Status')}: {action.get_status_display()}",
            f"{pgettext('action owner', 'Owner')}: {owner_label(action) or '—'}",
        ]
        if action.touchpoint is not None:
            lines.append(f"{_('Touchpoint')}: {action.touchpoint.name}")
        if action.description:
            lines += ["", action.description]
        event.add("description", _text("\n".join(lines)))
        event.add("status", ICS_STATUS.get(action.status, "TENTATIVE"))
        event.add("url", root + reverse("actions:detail", args=[action.workspace.slug, action.pk]))
        event.add("last-modified", action.updated_at)
        cal.add_component(event)
    return cal.to_ical()
