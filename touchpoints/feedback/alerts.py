"""Members' e-mail alerts on a study's answers: the team hears of a bad encounter the day it
happens, not at the next report (closing the loop).

A member chooses, per study, to be e-mailed about the answers on the study's own brands that are
negative, or about every one that carries a comment (``Alert``). ``send_alerts`` runs from the
worker every ``FEEDBACK_ALERT_EVERY_SECONDS`` (``feedback.tasks``) or from cron (``touchpoints
feedback send-alerts``) and sends each member one e-mail listing what arrived since the last one:

* at most one e-mail per member and study in ``FEEDBACK_ALERT_MINUTES``; answers in between wait
  for the next one, so a busy day is a few e-mails, never one per answer;
* only answers at least ``SETTLE`` old are read, so an answer whose write has not committed yet is
  never skipped (its time is set just before it is written); an answer loaded by the API with a
  time before the alert existed is history, not news, and is not sent;
* a run claims an alert by moving its ``through`` in one conditional update, so two senders (the
  worker and a cron run) never send the same answers twice;
* members who left the workspace, and accounts without an address, get nothing; each e-mail is in
  its recipient's language and plain text.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.accounts.selectors import user_language
from touchpoints.feedback import choices as c
from touchpoints.feedback.models import Alert, Response
from touchpoints.lib.text import one_line
from touchpoints.workspaces.models import Membership

log = logging.getLogger(__name__)
SETTLE = dt.timedelta(seconds=60)
LISTED = 10  # answers quoted in one e-mail; the rest are counted, with a link to them all
QUOTE_CHARS = 300


@dataclass(frozen=True)
class Sent:
    emails: int = 0
    answers: int = 0

    def __str__(self) -> str:
        return f"{self.emails} e-mails, {self.answers} answers"


def alert_answers(alert: Alert, *, since: dt.datetime, until: dt.datetime) -> QuerySet[Response]:
    """The answers an alert is about, answered in (since, until]: on the study's own brands, and
    negative or with a comment, by its kind."""
    qs = Response.objects.filter(
        study_id=alert.study_id, brand__is_own=True, created_at__gt=since, created_at__lte=until
    )
    if alert.kind == c.AlertKind.NEGATIVE:
        qs = qs.filter(positivity__lt=0)
    else:
        qs = qs.exclude(comment="")
    return qs


def send_alerts(*, now: dt.datetime | None = None) -> Sent:
    """One round: an e-mail to each member whose alert has news and whose last one is old enough."""
    now = now or timezone.now()
    until = now - SETTLE
    quiet = dt.timedelta(minutes=settings.FEEDBACK_ALERT_MINUTES)
    members = set(Membership.objects.values_list("workspace_id", "user_id"))
    emails = answers = 0
    due = Alert.objects.filter(through__lt=until).select_related("study__workspace", "user__profile")
    for alert in due.order_by("id"):
        user = alert.user
        if (alert.study.workspace_id, user.pk) not in members or not user.email or not user.is_active:
            continue
        if alert.last_sent_at is not None and now - alert.last_sent_at < quiet:
            continue
        since = alert.through
        found = alert_answers(alert, since=since, until=until)
        n = found.count()
        # Claim the window; another sender that got there first has moved ``through`` already.
        claimed = Alert.objects.filter(pk=alert.pk, through=since).update(
            through=until, last_sent_at=now if n else alert.last_sent_at
        )
        if not claimed or not n:
            continue
        listed = list(found.select_related("brand", "touchpoint").order_by("-created_at", "-id")[:LISTED])
        try:
            _send(alert, listed, n, since=since)
        except Exception:  # the mail server refused: give the window back for the next round
            log.exception("feedback alert %s not sent", alert.pk)
            Alert.objects.filter(pk=alert.pk, through=until).update(through=since, last_sent_at=alert.last_sent_at)
            continue
        emails += 1
        answers += n
    return Sent(emails, answers)


def _link(alert: Alert, since: dt.datetime) -> str:
    query: dict[str, Any] = {"since": timezone.localtime(since).date().isoformat()}
    if alert.kind == c.AlertKind.NEGATIVE:
        query["sentiment"] = c.Sentiment.NEGATIVE
    path = reverse("feedback:comments", args=[alert.study.workspace.slug, alert.study_id])
    return f"{settings.SITE_URL.rstrip('/')}{path}?{urlencode(query)}"


def _send(alert: Alert, listed: list[Response], n: int, *, since: dt.datetime) -> None:
    study = alert.study
    with translation.override(user_language(alert.user)):
        faces = c.face_labels()
        if alert.kind == c.AlertKind.NEGATIVE:
            subject = ngettext("%(n)s negative answer: %(study)s", "%(n)s negative answers: %(study)s", n) % {
                "n": n,
                "study": study.name,
            }
        else:
            subject = ngettext("%(n)s new comment: %(study)s", "%(n)s new comments: %(study)s", n) % {
                "n": n,
                "study": study.name,
            }
        lines = [
            _("What customers said about your brand in “%(study)s” since %(since)s:")
            % {"study": study.name, "since": date_format(timezone.localtime(since), "SHORT_DATETIME_FORMAT")},
            "",
        ]
        for a in listed:
            lines.append(
                f"• {faces[a.positivity]} ({a.positivity:+d}) · "
                + _("likelihood %(n)s of 10") % {"n": a.likelihood}
                + f" · {a.touchpoint.name} · {a.brand.name} · "
                + date_format(timezone.localtime(a.created_at), "SHORT_DATETIME_FORMAT")
            )
            if a.comment:
                lines.append(f"  “{Truncator(one_line(a.comment)).chars(QUOTE_CHARS)}”")
        if n > len(listed):
            more = n - len(listed)
            lines += ["", ngettext("…and %(n)s more.", "…and %(n)s more.", more) % {"n": more}]
        lines += [
            "",
            _("The comments, where any of them becomes an action: %(url)s") % {"url": _link(alert, since)},
            "",
            _(
                "You get this e-mail because you asked for alerts on this study. Change or stop them on its page: %(url)s"
            )
            % {
                "url": settings.SITE_URL.rstrip("/") + reverse("feedback:detail", args=[study.workspace.slug, study.pk])
            },
        ]
        send_mail(
            one_line(f"[Touchpoints] {subject}"),
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [alert.user.email],
        )
