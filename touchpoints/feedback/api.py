"""Customer feedback in the REST API, under ``/api/v1/workspaces/{slug}/feedback``: post encounters
(one, or a batch of up to 500) from a kiosk, a booking system or a call-centre tool, idempotent by a
client-supplied key; read answers (cursor-paginated) and the summary per touchpoint × brand; read
and set your own e-mail alert. Posting answers needs the editor role; reading, and your own alert,
any member."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field

from touchpoints.api.errors import as_sent, input_names
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.api.words import WordsOut, words_out
from touchpoints.feedback import choices as c
from touchpoints.feedback import results as r
from touchpoints.feedback import services
from touchpoints.feedback.answers import Answer, validate_answer
from touchpoints.feedback.models import Response, Study
from touchpoints.feedback.selectors import alert_kind, build_snapshot
from touchpoints.feedback.stats import Cell
from touchpoints.lib.databases import MAX_ID
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.api import AlertOut
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("feedback", "feedback/studies")
MAX_BATCH = 500
# An answer may be reported late (a kiosk that was offline), but not from the future.
FUTURE_SLACK = dt.timedelta(minutes=5)


class StudyOut(Schema):
    id: int
    name: str
    status: str
    token: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    languages: list[str]
    brand_ids: list[int]
    touchpoint_ids: list[int]

    @staticmethod
    def resolve_brand_ids(obj: Study) -> list[int]:
        return sorted(b.pk for b in obj.brands.all())

    @staticmethod
    def resolve_touchpoint_ids(obj: Study) -> list[int]:
        return [e.touchpoint_id for e in obj.study_touchpoints.all()]


class EncounterIn(Schema):
    key: str = Field(min_length=1, max_length=80, description="Your unique id of this answer: a resend is stored once.")
    brand_id: Id
    touchpoint_id: Id
    positivity: int = Field(description="−2 (very negative) … +2 (very positive)")
    likelihood: int = Field(description="0 … 10: how likely the customer now is to choose the brand")
    comment: str = ""
    customer_type: str = Field("", description="'', 'new' or 'returning'")
    segment_id: Id | None = None
    language: str = "en"
    answered_at: dt.datetime | None = Field(None, description="When it happened (default: now).")


# validate_answer names a field as the answer page does (brand, touchpoint, segment); the API's
# client sent brand_id, touchpoint_id, segment_id.
ENCOUNTER_FIELDS = input_names([EncounterIn])


class BatchIn(Schema):
    encounters: list[EncounterIn] = Field(min_length=1, max_length=MAX_BATCH)


class StoredOut(Schema):
    created: int
    duplicates: int


class StudyAnswerOut(Schema):
    id: int
    respondent_id: int
    brand_id: int
    touchpoint_id: int
    positivity: int
    likelihood: int
    comment: str
    customer_type: str
    segment_id: int | None
    language: str
    source: str
    created_at: dt.datetime


class StudyAnswerPage(Schema):
    items: list[StudyAnswerOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null at the end.")


class SummaryRow(Schema):
    touchpoint_id: int
    brand_id: int
    answers: int
    positive_share: float | None
    neutral_share: float | None
    negative_share: float | None
    mean_positivity: float | None
    mean_likelihood: float | None
    enough_answers: bool


class SummaryOut(Schema):
    study_id: int
    answers: int
    minimum_answers: int
    rows: list[SummaryRow]


def _study(request: HttpRequest, slug: str, study_id: int, capability: str = Capability.READ) -> Study:
    access = workspace_access(request.user, slug, capability)
    return get_object_or_404(Study, workspace=access.workspace, pk=study_id)


@router.get(BASE, response=list[StudyOut])
def study_list(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug)
    return list(Study.objects.filter(workspace=access.workspace).prefetch_related("brands", "study_touchpoints"))


@router.get(f"{BASE}/{{int:study_id}}", response=StudyOut)
def study_get(request: HttpRequest, slug: str, study_id: Id) -> Any:
    return _study(request, slug, study_id)


def _store(request: HttpRequest, slug: str, study_id: int, encounters: list[EncounterIn]) -> Status[Any]:
    study = _study(request, slug, study_id, Capability.EDIT)
    snap = build_snapshot(study)
    now = timezone.now()
    if snap.availability(now) != "open":
        return Status(
            409,
            {
                "detail": _("The study does not take answers (it is %(state)s).")
                % {"state": study.availability(now).replace("_", " ")}
            },
        )
    opened = study.opens_at  # set to a past day when the study takes a backlog of answers
    errors: dict[str, Any] = {}
    items: list[tuple[Answer, str, str, dt.datetime | None]] = []
    keys: set[str] = set()
    for i, e in enumerate(encounters):
        if e.answered_at is not None and timezone.is_naive(e.answered_at):
            e.answered_at = timezone.make_aware(e.answered_at, dt.UTC)  # no offset given: UTC
        answer, problems = validate_answer(
            snap,
            {
                "brand": e.brand_id,
                "touchpoint": e.touchpoint_id,
                "positivity": e.positivity,
                "likelihood": e.likelihood,
                "comment": e.comment,
                "customer_type": e.customer_type,
                "segment": e.segment_id,
            },
        )
        if e.language not in c.Language.values:
            problems["language"] = _("Unknown language: use en, ru or es.")
        if e.answered_at is not None and e.answered_at > now + FUTURE_SLACK:
            problems["answered_at"] = _("An answer cannot come from the future.")
        elif e.answered_at is not None and e.answered_at < opened:
            problems["answered_at"] = _("An answer cannot come before the study opened (%(opened)s).") % {
                "opened": opened.isoformat(timespec="seconds")
            }
        if e.key in keys:
            problems["key"] = _("The same key appears twice in this batch.")
        keys.add(e.key)
        if problems or answer is None:
            errors[str(i)] = {as_sent(name, ENCOUNTER_FIELDS): message for name, message in problems.items()}
        else:
            items.append((answer, e.language, e.key, e.answered_at))
    if errors:
        return Status(400, {"detail": _("Invalid input: nothing was stored."), "errors": errors})
    try:
        created, duplicates = services.answers_store_batch(study=snap, items=items)
    except IntegrityError:  # a concurrent request stored some of the same keys: store the rest
        created, duplicates = services.answers_store_batch(study=snap, items=items)
    return Status(201 if created else 200, {"created": created, "duplicates": duplicates})


@router.post(f"{BASE}/{{int:study_id}}/encounters", response={200: StoredOut, 201: StoredOut, 400: dict, 409: dict})
def encounters_post(request: HttpRequest, slug: str, study_id: Id, payload: BatchIn) -> Any:
    """A batch of up to 500 encounters, stored all or nothing. Keys already stored are counted as
    duplicates and not stored again."""
    return _store(request, slug, study_id, payload.encounters)


@router.post(f"{BASE}/{{int:study_id}}/encounter", response={200: StoredOut, 201: StoredOut, 400: dict, 409: dict})
def encounter_post(request: HttpRequest, slug: str, study_id: Id, payload: EncounterIn) -> Any:
    """One encounter (201 when stored, 200 when this key was stored before)."""
    return _store(request, slug, study_id, [payload])


@router.get(f"{BASE}/{{int:study_id}}/answers", response=StudyAnswerPage)
def answers_list(
    request: HttpRequest,
    slug: str,
    study_id: Id,
    after: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(200, ge=1, le=1000),
) -> Any:
    """Answers in the order they were stored, ``limit`` at a time after the id ``after``."""
    study = _study(request, slug, study_id)
    items = list(Response.objects.filter(study=study, id__gt=after).order_by("id")[:limit])
    return {"items": items, "next_after": items[-1].pk if len(items) == limit else None}


@router.get(f"{BASE}/{{int:study_id}}/summary", response=SummaryOut)
def summary(request: HttpRequest, slug: str, study_id: Id) -> Any:
    study = _study(request, slug, study_id)
    res = r.study_results(study=study)
    rows = []
    for entry in res.entries:
        for b in res.brands:
            cell = res.matrix.get((entry.touchpoint_id, b.pk), Cell())
            rows.append(
                {
                    "touchpoint_id": entry.touchpoint_id,
                    "brand_id": b.pk,
                    "answers": cell.n,
                    "positive_share": cell.share_pos,
                    "neutral_share": cell.share_neu,
                    "negative_share": cell.share_neg,
                    "mean_positivity": cell.mean_pos,
                    "mean_likelihood": cell.mean_like,
                    "enough_answers": cell.n >= res.minimum,
                }
            )
    return {"study_id": study.pk, "answers": res.total.n, "minimum_answers": res.minimum, "rows": rows}


@router.get(f"{BASE}/{{int:study_id}}/comment-words", response=WordsOut)
def comment_words(
    request: HttpRequest,
    slug: str,
    study_id: Id,
    brand_id: int | None = Query(None, ge=1, le=MAX_ID),
    touchpoint_id: int | None = Query(None, ge=1, le=MAX_ID),
) -> Any:
    """What sets negative comments apart from positive ones (the comments page's panel), for one
    brand or touchpoint when given: the words said more often on each side (docs/feedback.md)."""
    study = _study(request, slug, study_id)
    comments = r.comments(study=study, filters=r.Filters(), brand_id=brand_id, touchpoint_id=touchpoint_id)
    return words_out(r.comment_words(comments))


class AlertIn(Schema):
    kind: Literal["", "negative", "comments"] = Field(
        description="What you are e-mailed about on this study: negative answers about the own brands, "
        "every comment about them, or nothing ('')."
    )


@router.get(f"{BASE}/{{int:study_id}}/alert", response=AlertOut)
def alert_get(request: HttpRequest, slug: str, study_id: Id) -> dict[str, str]:
    """Your own e-mail alert on the study (any member may have one)."""
    study = _study(request, slug, study_id)
    return {"kind": alert_kind(study=study, user=request.user)}


@router.put(f"{BASE}/{{int:study_id}}/alert", response=AlertOut)
def alert_put(request: HttpRequest, slug: str, study_id: Id, payload: AlertIn) -> dict[str, str]:
    study = _study(request, slug, study_id)
    services.alert_set(study=study, user=request.user, kind=payload.kind)
    return {"kind": payload.kind}  # as set: "" removed it
