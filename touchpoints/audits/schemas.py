"""The audits API's request and response shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from touchpoints.api.types import Id
from touchpoints.audits import choices as c
from touchpoints.audits.models import Audit, Criterion

# ---- schemas -------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int
    kind: str
    code: str
    name: str = Field(description="In the reader's language for library criteria left unedited.")
    description: str
    weight: float
    active: bool
    source: Literal["library", "general", "custom"]

    @staticmethod
    def resolve_name(obj: Criterion) -> str:
        return obj.label

    @staticmethod
    def resolve_description(obj: Criterion) -> str:
        return obj.help

    @staticmethod
    def resolve_weight(obj: Criterion) -> float:
        return float(obj.weight)

    @staticmethod
    def resolve_source(obj: Criterion) -> str:
        return "library" if obj.from_template_id else ("general" if obj.kind == "general" and obj.code else "custom")


class CriterionIn(Schema):
    kind: str = Field("general", max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    weight: float = Field(1.0, gt=0, le=1000)
    active: bool = True


class CriterionPatch(Schema):
    name: str | None = Field(None, max_length=200)
    description: str | None = None
    weight: float | None = Field(None, gt=0, le=1000)
    active: bool | None = None


class ChecklistOut(Schema):
    touchpoint_id: int
    explicit: bool = Field(description="True when criteria were chosen for this touchpoint; false: its kind's.")
    kind: str | None
    criteria: list[CriterionOut]


class ChecklistIn(Schema):
    criterion_ids: list[Id] = Field(description="In order; an empty list returns to the criteria of its kind.")


class AuditOut(Schema):
    id: int
    name: str
    brand_id: int
    brand: str
    method: c.Method
    scope: c.ScopeKind
    journey_id: int | None
    scale: c.Scale
    segment_id: int | None
    auditor_ids: list[int]
    starts_on: dt.date | None
    ends_on: dt.date | None
    instructions: str
    status: c.Status
    touchpoint_ids: list[int] = Field(description="The scope, in walking order.")
    overall: float | None = Field(None, description="Overall score 0–100, frozen at submission.")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_brand(obj: Audit) -> str:
        return obj.brand.name

    @staticmethod
    def resolve_auditor_ids(obj: Audit) -> list[int]:
        return [u.pk for u in obj.auditors.all()]

    @staticmethod
    def resolve_touchpoint_ids(obj: Audit) -> list[int]:
        return [i.touchpoint_id for i in obj.items.all()]

    @staticmethod
    def resolve_overall(obj: Audit) -> float | None:
        return (obj.summary or {}).get("overall")


class AuditIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    brand_id: Id
    method: c.Method = c.Method.SELF
    scope: c.ScopeKind = c.ScopeKind.ALL
    touchpoint_ids: list[Id] = Field(default_factory=list, description="For scope = selection, in order.")
    journey_id: Id | None = Field(None, description="For scope = journey.")
    scale: c.Scale = c.Scale.POINTS
    segment_id: Id | None = None
    auditor_ids: list[Id] = Field(default_factory=list)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    instructions: str = ""


class AuditPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    brand_id: Id | None = None
    method: c.Method | None = None
    scope: c.ScopeKind | None = None
    touchpoint_ids: list[Id] | None = None
    journey_id: Id | None = None
    scale: c.Scale | None = None
    segment_id: Id | None = None
    auditor_ids: list[Id] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    instructions: str | None = None


class TransitionIn(Schema):
    action: Literal["start", "submit", "reopen", "close"]


class AnswerIn(Schema):
    touchpoint: Id
    criterion: Id | None = None
    field: Literal["score", "criterion_na", "impression", "expectation", "ideal", "note", "touchpoint_na"]
    value: str | int | float | bool | None = None
    key: str | None = Field(None, description="Echoed back, to match outcomes to answers.")


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(max_length=2000)


class AnswerOutcome(Schema):
    ok: bool
    key: str | None = None
    saved: dict[str, Any] | None = None
    errors: list[str] | None = None


class ScoreOut(Schema):
    touchpoint_id: int
    criterion_id: int
    auditor_id: int | None
    raw: str = Field(description="The answer as given, on the audit's scale.")
    value: float | None = Field(description="The answer on 0–100; null when not applicable.")
    not_applicable: bool


class AssessmentOut(Schema):
    touchpoint_id: int
    auditor_id: int | None
    impression: str
    expectation: str
    ideal: str
    note: str
    not_applicable: bool


class AnswersOut(Schema):
    scores: list[ScoreOut]
    assessments: list[AssessmentOut]


class EvidenceOut(Schema):
    id: int
    touchpoint_id: int
    name: str
    content_type: str
    size: int


class DueOut(Schema):
    touchpoint_id: int
    name: str
    interval_days: int | None
    last_audited: dt.date | None
    days_since: int | None
    overdue_by: int | None = Field(description="Days past the interval; null when never audited or not due.")
    due: bool
