"""Members' e-mail alerts on a campaign's answers: the unhappy ones (would recommend 0–6, NPS's
detractors) or every one with words, sent to the members who asked (``Alert``), so an unhappy
customer is called back the same day. The rules (one e-mail per batch, never twice, never
skipped, members only) are the shared ones of ``touchpoints.workspaces.alerts``; this module says
which answers an alert is about and what its e-mail says. The customer's name and address are in
the e-mail only for a member who may see personal data (editors and owners), as on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touchpoints.lib.text import one_line
from touchpoints.reviews import choices as c
from touchpoints.reviews.models import Alert, Answer
from touchpoints.reviews.selectors import member_sees_personal_data
from touchpoints.workspaces.alerts import Email, Round, Sent, register_round
from touchpoints.workspaces.models import Membership

QUOTE_CHARS = 300


def alert_answers(alert: Alert, since: dt.datetime, until: dt.datetime) -> QuerySet[Answer]:
    """The answers an alert is about, submitted in (since, until], newest first."""
    qs = Answer.objects.filter(campaign_id=alert.campaign_id, submitted_at__gt=since, submitted_at__lte=until)
    if alert.kind == c.AlertKind.UNHAPPY:
        qs = qs.filter(recommend__lte=c.DETRACTOR_MAX)
    else:
        qs = qs.filter(~Q(liked="") | ~Q(improve=""))
    return qs.select_related("contact").order_by("-submitted_at", "-id")


def send_alerts(*, now: dt.datetime | None = None) -> Sent:
    """One round of this app's alerts (the worker runs it with the others)."""
    return ROUND.send(now=now)


def register() -> None:
    register_round("reviews", ROUND)


def _sees_personal_data(alert: Alert) -> bool:
    membership = Membership.objects.filter(workspace_id=alert.campaign.workspace_id, user_id=alert.user_id).first()
    return member_sees_personal_data(membership)


def _compose(alert: Alert, listed: list[Answer], n: int, since: dt.datetime) -> Email:
    campaign = alert.campaign
    personal = _sees_personal_data(alert)
    if alert.kind == c.AlertKind.UNHAPPY:
        subject = ngettext("%(n)s unhappy answer: %(campaign)s", "%(n)s unhappy answers: %(campaign)s", n)
    else:
        subject = ngettext("%(n)s new answer: %(campaign)s", "%(n)s new answers: %(campaign)s", n)
    items = []
    for a in listed:
        head = [_("would recommend %(n)s of 10") % {"n": a.recommend}]
        if a.visit:
            head.append(a.visit)
        head.append(date_format(timezone.localtime(a.submitted_at), "SHORT_DATETIME_FORMAT"))
        if personal and a.contact is not None and a.contact.erased_at is None:
            who = " ".join(part for part in (a.contact.name, a.contact.email, a.contact.phone) if part)
            head.append(who)
        item = [" · ".join(head)]
        if a.liked:
            item.append(_("Liked: “%(text)s”") % {"text": Truncator(one_line(a.liked)).chars(QUOTE_CHARS)})
        if a.improve:
            item.append(_("Would improve: “%(text)s”") % {"text": Truncator(one_line(a.improve)).chars(QUOTE_CHARS)})
        items.append(item)
    query: dict[str, Any] = {}
    if alert.kind == c.AlertKind.UNHAPPY:
        query["score_max"] = c.DETRACTOR_MAX
    read = reverse("reviews:answers", args=[campaign.workspace.slug, campaign.pk])
    return Email(
        subject=subject % {"n": n, "campaign": campaign.name},
        opening=_("What customers answered in “%(campaign)s” since %(since)s:")
        % {"campaign": campaign.name, "since": date_format(timezone.localtime(since), "SHORT_DATETIME_FORMAT")},
        items=items,
        read_url=f"{read}?{urlencode(query)}" if query else read,
        alert_url=reverse("reviews:detail", args=[campaign.workspace.slug, campaign.pk]),
    )


ROUND = Round(model=Alert, owner="campaign", find=alert_answers, compose=_compose)
