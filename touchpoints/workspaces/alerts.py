"""Members' e-mail alerts on what customers answer, the part the feedback studies
(``feedback.alerts``) and the review campaigns (``reviews.alerts``) share. The team hears of a bad
encounter the day it happens, not at the next report.

An alert (a model on ``MemberAlert``) is one member's choice of what to be e-mailed about on one
study or campaign; ``alert_set`` saves it. Each app registers its round (``register_round``);
``send_all`` runs them, from the worker every ``ALERT_EVERY_SECONDS`` (``workspaces.tasks``) or
from cron (``touchpoints alerts send``). ``send_round`` sends each member one e-mail listing what
arrived since the last one:

* at most one e-mail per member and study or campaign in ``ALERT_MINUTES``; answers in between
  wait for the next one, so a busy day is a few e-mails, never one per answer;
* only answers at least ``SETTLE`` old are read, so an answer whose write has not committed yet is
  never skipped (its time is set just before it is written); an answer loaded later with a time
  before the alert existed is history, not news, and is not sent;
* a round claims an alert by moving its ``through`` in one conditional update, so two senders (the
  worker and a cron run) never send the same answers twice; when the mail server refuses, the
  window is given back to the next round;
* members who left the workspace, and accounts without an address, get nothing; each e-mail is in
  its recipient's language and plain text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from touchpoints.accounts.selectors import user_language
from touchpoints.lib.text import one_line
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.tasks import schedule_alerts

log = logging.getLogger(__name__)
SETTLE = dt.timedelta(seconds=60)
LISTED = 10  # answers quoted in one e-mail; the rest are counted, with a link to them all


class MemberAlert(models.Model):
    """One member's e-mail alert; a subclass adds what it is on (a study, a campaign) and ``kind``.
    ``through`` is the answer time up to which answers have been looked at: a new alert starts
    from its creation, not the backlog."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(app_label)s_alerts")
    through = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = gettext_lazy("alert")
        verbose_name_plural = gettext_lazy("alerts")

    def __str__(self) -> str:
        return f"{self.user_id}: {getattr(self, 'kind', '')}"


@dataclass(frozen=True)
class Sent:
    emails: int = 0
    answers: int = 0

    def __str__(self) -> str:
        return f"{self.emails} e-mails, {self.answers} answers"


@dataclass(frozen=True)
class Email:
    """What one alert's e-mail says, in the recipient's language: the subject, the opening line,
    a few lines per answer, and the pages to read them all and to change the alert."""

    subject: str
    opening: str
    items: list[list[str]]
    read_url: str
    alert_url: str


@dataclass(frozen=True)
class Round:
    """An app's alerts: its ``model`` (on ``MemberAlert``), the field naming what an alert is on
    (``owner``: "study", "campaign", each with a ``workspace``); ``find(alert, since, until)``
    gives the answers an alert is about in (since, until], newest first; ``compose(alert, listed,
    n, since)`` writes its e-mail."""

    model: type[Any]
    owner: str
    find: Callable[[Any, dt.datetime, dt.datetime], QuerySet[Any]]
    compose: Callable[[Any, list[Any], int, dt.datetime], Email]

    def send(self, *, now: dt.datetime | None = None) -> Sent:
        return send_round(self, now=now or timezone.now())


def send_round(round_: Round, *, now: dt.datetime) -> Sent:
    """One round: an e-mail to each member whose alert has news and whose last one is old enough."""
    until = now - SETTLE
    quiet = dt.timedelta(minutes=settings.ALERT_MINUTES)
    members = set(Membership.objects.values_list("workspace_id", "user_id"))
    emails = answers = 0
    alerts = round_.model.objects.filter(through__lt=until).select_related(
        f"{round_.owner}__workspace", "user__profile"
    )
    for alert in alerts.order_by("id"):
        user = alert.user
        if (getattr(alert, round_.owner).workspace_id, user.pk) not in members or not user.email or not user.is_active:
            continue
        if alert.last_sent_at is not None and now - alert.last_sent_at < quiet:
            continue
        since = alert.through
        found = round_.find(alert, since, until)
        n = found.count()
        # Claim the window; another sender that got there first has moved ``through`` already.
        model = round_.model
        claimed = model.objects.filter(pk=alert.pk, through=since).update(
            through=until, last_sent_at=now if n else alert.last_sent_at
        )
        if not claimed or not n:
            continue
        try:
            with translation.override(user_language(user)):
                _mail(user.email, round_.compose(alert, list(found[:LISTED]), n, since), n)
        except Exception:  # the mail server refused: give the window back for the next round
            log.exception("%s alert %s not sent", model._meta.label, alert.pk)
            model.objects.filter(pk=alert.pk, through=until).update(through=since, last_sent_at=alert.last_sent_at)
            continue
        emails += 1
        answers += n
    return Sent(emails, answers)


def _mail(address: str, email: Email, n: int) -> None:
    lines = [email.opening, ""]
    for item in email.items:
        lines += [f"• {item[0]}", *(f"  {line}" for line in item[1:])]
    if n > len(email.items):
        more = n - len(email.items)
        lines += ["", ngettext("…and %(n)s more.", "…and %(n)s more.", more) % {"n": more}]
    lines += [
        "",
        _("Read them, and turn any of them into an action: %(url)s") % {"url": _absolute(email.read_url)},
        "",
        _("You get this e-mail because you asked for these alerts. Change or stop them here: %(url)s")
        % {"url": _absolute(email.alert_url)},
    ]
    send_mail(one_line(f"[Touchpoints] {email.subject}"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [address])


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


ROUNDS: dict[str, Round] = {}


def register_round(name: str, round_: Round) -> None:
    """Adds (or replaces) an app's round of alerts."""
    ROUNDS[name] = round_


def send_all(*, now: dt.datetime | None = None) -> Sent:
    """Every registered round, at one time."""
    now = now or timezone.now()
    sent = [send_round(round_, now=now) for round_ in ROUNDS.values()]
    return Sent(sum(s.emails for s in sent), sum(s.answers for s in sent))


def alerts_forget(*, workspace: Any, user: Any) -> int:
    """Removes ``user``'s alerts on everything of ``workspace`` (when they leave it), in every round;
    the number removed."""
    return sum(
        r.model.objects.filter(user=user, **{f"{r.owner}__workspace": workspace}).delete()[0] for r in ROUNDS.values()
    )


def alert_set(model: type[Any], *, user: Any, kind: str, kinds: Iterable[str], **target: Any) -> Any:
    """A member's alert on ``target`` (``study=…``, ``campaign=…``): ``kind`` one of ``kinds``;
    none ("") removes it. A new alert starts from now (what came before is not news); changing its
    kind keeps its place. The worker's round starts once the change is committed."""
    if kind not in kinds:
        raise ValidationError({"kind": _("Choose one of the alerts offered.")})
    if not kind:
        model.objects.filter(user=user, **target).delete()
        return None
    alert, _created = model.objects.update_or_create(user=user, **target, defaults={"kind": kind})
    transaction.on_commit(schedule_alerts)
    return alert


def alert_kind(model: type[Any], *, user: Any, **target: Any) -> str:
    """What the member is e-mailed about on ``target`` ("" for nothing)."""
    return model.objects.filter(user=user, **target).values_list("kind", flat=True).first() or ""
