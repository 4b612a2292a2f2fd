"""Reads of review requests: bounded queries, aggregates in the database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from touchpoints.lib import words
from touchpoints.lib.querysets import filter_given
from touchpoints.reviews import choices as c
from touchpoints.reviews.funnel import Counts
from touchpoints.reviews.models import Alert, Answer, Campaign, Contact, Message
from touchpoints.workspaces import alerts
from touchpoints.workspaces.access import Access
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.roles import Capability


def sees_personal_data(access: Access) -> bool:
    """Names, emails and phones: editors and owners only."""
    return member_sees_personal_data(access.membership)


def member_sees_personal_data(membership: Membership | None) -> bool:
    """The same rule for a membership read outside a request (an alert's round); none: no."""
    return membership is not None and membership.can(Capability.EDIT)


def campaign_list(*, access: Access) -> QuerySet[Campaign]:
    return Campaign.objects.filter(workspace=access.workspace).annotate(
        n_contacts=Count("contacts", distinct=True), n_answers=Count("answers", distinct=True)
    )


def campaign_get(*, access: Access, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("workspace"), workspace=access.workspace, pk=pk)


def campaign_counts(campaign: Campaign) -> Counts:
    agg = Contact.objects.filter(campaign=campaign).aggregate(
        contacts=Count("id"),
        sent=Count("id", filter=Q(messages_sent__gt=0)),
        delivered=Count("id", filter=Q(delivered_at__isnull=False)),
        opened=Count("id", filter=Q(opened_at__isnull=False) | Q(answered_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False) | Q(suppressed=True)),
        waiting=Count("id", filter=Q(next_send_at__isnull=False)),
        reminders=Sum(F("messages_sent") - 1, filter=Q(messages_sent__gt=1)),
    )
    agg["reminders"] = agg["reminders"] or 0
    failed = Message.objects.filter(contact__campaign=campaign, status="failed").count()
    return Counts(**agg, failed=failed)


@dataclass
class AnswerFilters:
    language: str = ""
    segment: str = ""
    visit: str = ""
    score_min: int | None = None
    score_max: int | None = None
    q: str = ""


def answers(*, campaign: Campaign, filters: AnswerFilters, personal: bool) -> QuerySet[Answer]:
    qs = Answer.objects.filter(campaign=campaign)
    if personal:
        qs = qs.select_related("contact")
    qs = filter_given(qs, language=filters.language, segment=filters.segment, visit=filters.visit)
    if filters.score_min is not None:
        qs = qs.filter(recommend__gte=filters.score_min)
    if filters.score_max is not None:
        qs = qs.filter(recommend__lte=filters.score_max)
    if filters.q:
        qs = qs.filter(Q(liked__icontains=filters.q) | Q(improve__icontains=filters.q))
    return qs.order_by("-submitted_at", "-id")


def answer_words(*, campaign: Campaign, filters: AnswerFilters) -> words.Contrast:
    """What sets unhappy customers' words (would recommend 0–6) apart from promoters' (9–10), among
    the answers the filters keep whatever their score (the newest ``words.READ``); what they liked
    and what they would improve are read as one text."""
    every = answers(campaign=campaign, filters=replace(filters, score_min=None, score_max=None), personal=False)
    rows = (
        every.filter(Q(recommend__lte=c.DETRACTOR_MAX) | Q(recommend__gte=c.PROMOTER_MIN))
        .exclude(liked="", improve="")
        .values_list("liked", "improve", "language", "recommend")[: words.READ]
    )
    return words.contrast(
        (f"{liked}\n{improve}", language, -1 if score <= c.DETRACTOR_MAX else 1)
        for liked, improve, language, score in rows
    )


def answer_summary(qs: QuerySet[Answer]) -> dict[str, Any]:
    return qs.aggregate(
        n=Count("id"),
        mean=Avg("recommend"),
        promoters=Count("id", filter=Q(recommend__gte=c.PROMOTER_MIN)),
        detractors=Count("id", filter=Q(recommend__lte=c.DETRACTOR_MAX)),
    )


def facet_values(campaign: Campaign, field: str) -> list[str]:
    return list(
        Answer.objects.filter(campaign=campaign)
        .exclude(**{field: ""})
        .order_by(field)
        .values_list(field, flat=True)
        .distinct()[:200]
    )


def contacts(*, campaign: Campaign, q: str = "", state: str = "") -> QuerySet[Contact]:
    qs = Contact.objects.filter(campaign=campaign)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(phone__icontains=q))
    states = {
        "waiting": Q(next_send_at__isnull=False, messages_sent=0),
        "sent": Q(messages_sent__gt=0, answered_at__isnull=True),
        "answered": Q(answered_at__isnull=False),
        "opted_out": Q(opted_out_at__isnull=False) | Q(suppressed=True),
        "erased": Q(erased_at__isnull=False),
    }
    if state in states:
        qs = qs.filter(states[state])
    return qs.order_by("id")


def alert_kind(*, campaign: Campaign, user: Any) -> str:
    """What the member is e-mailed about on this campaign ("" for nothing)."""
    return alerts.alert_kind(Alert, user=user, campaign=campaign)
