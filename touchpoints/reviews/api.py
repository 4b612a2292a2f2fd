"""Review requests in the REST API, under ``/api/v1/workspaces/{slug}/reviews``: campaigns, the
funnel, answers (names, emails and phones only for editors and owners) and a JSON contact import
with the same checks and row/column faults as the file import."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field, create_model

from touchpoints.api.errors import ErrorOut
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.api.words import WordsOut, words_out
from touchpoints.lib.databases import MAX_ID
from touchpoints.reviews import selectors, services
from touchpoints.reviews.importing import COLUMNS, rows_from_dicts
from touchpoints.reviews.models import Campaign
from touchpoints.reviews.tasks import kick
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.api import AlertOut
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("reviews")


class CampaignOut(Schema):
    id: int
    name: str
    channel: str
    status: str
    delay_hours: int
    max_reminders: int
    reminder_interval_hours: int
    contacts: int
    answers: int

    @staticmethod
    def resolve_contacts(obj: Campaign) -> int:
        return getattr(obj, "n_contacts", 0)

    @staticmethod
    def resolve_answers(obj: Campaign) -> int:
        return getattr(obj, "n_answers", 0)


class StageOut(Schema):
    key: str
    label: str
    count: int
    share: float = Field(description="Percent of the campaign's contacts.")


class FunnelOut(Schema):
    campaign: int
    stages: list[StageOut]
    waiting: int
    reminders: int
    failed: int


class ReviewAnswerOut(Schema):
    id: int
    submitted_at: dt.datetime
    language: str
    segment: str
    visit: str
    recommend: int
    liked: str
    improve: str
    name: str | None = Field(None, description="Editors and owners only; empty once erased.")
    email: str | None = None
    phone: str | None = None


class ReviewAnswerPage(Schema):
    count: int
    results: list[ReviewAnswerOut]


# A contact to import: the columns of the file import, each a string, empty when not given.
CONTACT_IN_FIELDS: dict[str, Any] = {name: (str, "") for name in COLUMNS}
CONTACT_IN_FIELDS["visit_date"] = (str, Field("", description="2026-11-20, 2026-11-20T10:30 or 20.11.2026"))
if TYPE_CHECKING:  # built at import time from the import's columns; to mypy, a schema
    ContactIn = Schema
else:
    ContactIn = create_model("ContactIn", __base__=Schema, **CONTACT_IN_FIELDS)


class ImportIn(Schema):
    contacts: list[ContactIn] = Field(..., max_length=50000)


class FaultOut(Schema):
    row: int = Field(description="1-based; the first contact is row 2, as in a file with a header")
    column: str
    message: str


class ImportOut(Schema):
    created: int


class ImportFaults(Schema):
    detail: str
    faults: list[FaultOut]


@router.get(BASE + "/campaigns", response=list[CampaignOut])
def list_campaigns(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug)
    return list(selectors.campaign_list(access=access))


@router.get(BASE + "/campaigns/{pk}/funnel", response=FunnelOut)
def campaign_funnel(request: HttpRequest, slug: str, pk: Id) -> Any:
    access = workspace_access(request.user, slug)
    campaign = selectors.campaign_get(access=access, pk=pk)
    counts = selectors.campaign_counts(campaign)
    return {
        "campaign": campaign.pk,
        "stages": counts.stages(),
        "waiting": counts.waiting,
        "reminders": counts.reminders,
        "failed": counts.failed,
    }


@router.get(BASE + "/campaigns/{pk}/answers", response=ReviewAnswerPage)
def campaign_answers(
    request: HttpRequest,
    slug: str,
    pk: Id,
    language: str = "",
    segment: str = "",
    visit: str = "",
    score_min: int | None = Query(None, ge=0, le=10),
    score_max: int | None = Query(None, ge=0, le=10),
    q: str = "",
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_ID // 2),
) -> Any:
    access = workspace_access(request.user, slug)
    campaign = selectors.campaign_get(access=access, pk=pk)
    personal = selectors.sees_personal_data(access)
    filters = selectors.AnswerFilters(
        language=language, segment=segment, visit=visit, score_min=score_min, score_max=score_max, q=q[:100]
    )
    qs = selectors.answers(campaign=campaign, filters=filters, personal=personal)
    results = []
    for a in qs[offset : offset + limit]:
        row = {
            f: getattr(a, f)
            for f in ("id", "submitted_at", "language", "segment", "visit", "recommend", "liked", "improve")
        }
        if personal:
            ct = a.contact
            row.update(name=ct.name if ct else "", email=ct.email if ct else "", phone=ct.phone if ct else "")
        results.append(row)
    return {"count": qs.count(), "results": results}


@router.get(BASE + "/campaigns/{pk}/answer-words", response=WordsOut)
def campaign_answer_words(
    request: HttpRequest, slug: str, pk: Id, language: str = "", segment: str = "", visit: str = "", q: str = ""
) -> Any:
    """What unhappy customers (would recommend 0–6) say that promoters (9–10) do not, among the
    answers the filters keep (the answers page's panel; the negative side is the unhappy one)."""
    campaign = selectors.campaign_get(access=workspace_access(request.user, slug), pk=pk)
    filters = selectors.AnswerFilters(language=language, segment=segment, visit=visit, q=q[:100])
    return words_out(selectors.answer_words(campaign=campaign, filters=filters))


@router.post(BASE + "/campaigns/{pk}/contacts", response={201: ImportOut, 400: ImportFaults | ErrorOut, 403: ErrorOut})
def import_contacts(request: HttpRequest, slug: str, pk: Id, payload: ImportIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    campaign = selectors.campaign_get(access=access, pk=pk)
    if not payload.contacts:  # the file import's "no header row" would mean nothing to a JSON client
        raise ValidationError({"contacts": [_("No contacts given.")]})
    items = [item.dict() for item in payload.contacts]
    header, rows = rows_from_dicts(items)
    created, faults = services.contacts_import(campaign=campaign, header=header, rows=rows)
    if faults:
        return Status(
            400,
            {
                "detail": _("Nothing was imported."),
                "faults": [{"row": f.row, "column": f.column, "message": f.message} for f in faults],
            },
        )
    if campaign.status == "active":
        kick()
    return Status(201, {"created": created})


class CampaignAlertIn(Schema):
    kind: Literal["", "unhappy", "words"] = Field(
        description="What you are e-mailed about on this campaign: unhappy answers (would recommend 0–6), "
        "every answer with words, or nothing ('')."
    )


@router.get(BASE + "/campaigns/{pk}/alert", response=AlertOut)
def campaign_alert_get(request: HttpRequest, slug: str, pk: Id) -> dict[str, str]:
    """Your own e-mail alert on the campaign (any member may have one)."""
    campaign = selectors.campaign_get(access=workspace_access(request.user, slug), pk=pk)
    return {"kind": selectors.alert_kind(campaign=campaign, user=request.user)}


@router.put(BASE + "/campaigns/{pk}/alert", response=AlertOut)
def campaign_alert_put(request: HttpRequest, slug: str, pk: Id, payload: CampaignAlertIn) -> dict[str, str]:
    campaign = selectors.campaign_get(access=workspace_access(request.user, slug), pk=pk)
    services.alert_set(campaign=campaign, user=request.user, kind=payload.kind)
    return {"kind": payload.kind}  # as set: "" removed it
