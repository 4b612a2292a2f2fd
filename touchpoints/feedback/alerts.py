"""Members' e-mail alerts on a study's answers: the answers about the study's own brands that are
negative, or every one with a comment, sent to the members who asked (``Alert``). The rules they
follow (one e-mail per batch, never twice, never skipped, members only) are the shared ones of
``touchpoints.workspaces.alerts``, which runs this app's round (``register``) with the others;
this module says which answers an alert is about and what its e-mail says."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.feedback import choices as c
from touchpoints.feedback.models import Alert, Response
from touchpoints.lib.text import one_line
from touchpoints.workspaces.alerts import Email, Round, Sent, register_round

QUOTE_CHARS = 300


def alert_answers(alert: Alert, since: dt.datetime, until: dt.datetime) -> QuerySet[Response]:
    """The answers an alert is about, answered in (since, until], newest first: on the study's own
    brands, and negative or with a comment, by its kind."""
    qs = Response.objects.filter(
        study_id=alert.study_id, brand__is_own=True, created_at__gt=since, created_at__lte=until
    )
    if alert.kind == c.AlertKind.NEGATIVE:
        qs = qs.filter(positivity__lt=0)
    else:
        qs = qs.exclude(comment="")
    return qs.select_related("brand", "touchpoint").order_by("-created_at", "-id")


def send_alerts(*, now: dt.datetime | None = None) -> Sent:
    """One round of this app's alerts (the worker runs it with the others)."""
    return ROUND.send(now=now)


def _compose(alert: Alert, listed: list[Response], n: int, since: dt.datetime) -> Email:
    study = alert.study
    faces = c.face_labels()
    if alert.kind == c.AlertKind.NEGATIVE:
        subject = ngettext("%(n)s negative answer: %(study)s", "%(n)s negative answers: %(study)s", n)
    else:
        subject = ngettext("%(n)s new comment: %(study)s", "%(n)s new comments: %(study)s", n)
    query: dict[str, Any] = {"since": timezone.localtime(since).date().isoformat()}
    if alert.kind == c.AlertKind.NEGATIVE:
        query["sentiment"] = c.Sentiment.NEGATIVE
    items = []
    for a in listed:
        item = [
            f"{faces[a.positivity]} ({a.positivity:+d}) · "
            + _("likelihood %(n)s of 10") % {"n": a.likelihood}
            + f" · {a.touchpoint.name} · {a.brand.name} · "
            + date_format(timezone.localtime(a.created_at), "SHORT_DATETIME_FORMAT")
        ]
        if a.comment:
            item.append(f"“{Truncator(one_line(a.comment)).chars(QUOTE_CHARS)}”")
        items.append(item)
    return Email(
        subject=subject % {"n": n, "study": study.name},
        opening=_("What customers said about your brand in “%(study)s” since %(since)s:")
        % {"study": study.name, "since": date_format(timezone.localtime(since), "SHORT_DATETIME_FORMAT")},
        items=items,
        read_url=reverse("feedback:comments", args=[study.workspace.slug, study.pk]) + "?" + urlencode(query),
        alert_url=reverse("feedback:detail", args=[study.workspace.slug, study.pk]),
    )


def register() -> None:
    register_round("feedback", ROUND)


ROUND = Round(model=Alert, owner="study", find=alert_answers, compose=_compose)
