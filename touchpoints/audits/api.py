"""Audits in the REST API: criteria, checklists, audits, answers, evidence and results, under
``/api/v1/workspaces/{slug}/audits``. The same rules as the pages: auditors see and score only
the audits assigned to them; editors and owners set audits up."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Status
from ninja.files import UploadedFile

from touchpoints.api.errors import ErrorOut, patch_data
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.audits import choices as c
from touchpoints.audits import results as results_page
from touchpoints.audits import selectors, services
from touchpoints.audits.models import Assessment, Audit, Criterion, Score
from touchpoints.audits.schemas import (
    AnswerOutcome,
    AnswersIn,
    AnswersOut,
    AuditIn,
    AuditOut,
    AuditPatch,
    ChecklistIn,
    ChecklistOut,
    CriterionIn,
    CriterionOut,
    CriterionPatch,
    DueOut,
    EvidenceOut,
    TransitionIn,
)
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.exporting import download, render, to_xlsx
from touchpoints.workspaces.access import Access, workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("audits")


# ---- helpers -------------------------------------------------------------------------------


def _audit(access: Access, audit_id: int) -> Audit:
    return selectors.audit_get(access=access, pk=audit_id)


def _audit_out(audit: Audit) -> Audit:
    return Audit.objects.select_related("brand").prefetch_related("auditors", "items").get(pk=audit.pk)


def _refs(access: Access, data: dict[str, Any]) -> dict[str, Any]:
    """Schema fields → service keyword arguments (ids to this workspace's objects)."""
    ws = access.workspace
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "brand_id":
            brand = ws.brands.filter(pk=value).first() if value is not None else None
            if brand is None:
                raise ValidationError({"brand_id": "No brand with this id in the workspace."})
            out["brand"] = brand
        elif key == "segment_id":
            segment = ws.segments.filter(pk=value).first() if value is not None else None
            if value is not None and segment is None:
                raise ValidationError({"segment_id": "No segment with this id in the workspace."})
            out["segment"] = segment
        elif key == "auditor_ids":
            # Only members of this workspace are found: any other id, existing or not, gets the
            # same answer, and no account's name is ever given.
            users = list(get_user_model().objects.filter(pk__in=value, memberships__workspace=ws).distinct())
            if len(users) != len(set(value)):
                raise ValidationError({"auditor_ids": "No member of this workspace with this id."})
            out["auditors"] = users
        elif key == "touchpoint_ids":
            out["touchpoints"] = list(value)
        elif hasattr(value, "value"):
            out[key] = value.value
        else:
            out[key] = value
    return out


# ---- criteria ------------------------------------------------------------------------------


@router.get(f"{BASE}/criteria", response=list[CriterionOut])
def criterion_list(request: HttpRequest, slug: str, kind: str | None = None, active: bool | None = None) -> Any:
    """The workspace's criteria (its own copy of the library's and the general set, plus its own)."""
    access = workspace_access(request.user, slug)
    if access.can_edit:
        services.criteria_sync(workspace=access.workspace)
    qs = selectors.criterion_queryset(workspace=access.workspace).order_by("kind", "position", "id")
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return list(qs)


@router.post(f"{BASE}/criteria", response={201: CriterionOut})
def criterion_create(request: HttpRequest, slug: str, payload: CriterionIn) -> Status[Criterion]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    return Status(201, services.criterion_create(workspace=access.workspace, **payload.dict()))


@router.patch(f"{BASE}/criteria/{{int:criterion_id}}", response=CriterionOut)
def criterion_update(request: HttpRequest, slug: str, criterion_id: Id, payload: CriterionPatch) -> Criterion:
    access = workspace_access(request.user, slug, Capability.EDIT)
    crit = get_object_or_404(Criterion, workspace=access.workspace, pk=criterion_id)
    return services.criterion_update(criterion=crit, **patch_data(payload, Criterion))


@router.delete(f"{BASE}/criteria/{{int:criterion_id}}", response={204: None})
def criterion_delete(request: HttpRequest, slug: str, criterion_id: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.criterion_delete(criterion=get_object_or_404(Criterion, workspace=access.workspace, pk=criterion_id))
    return Status(204, None)


def _checklist(tp: Touchpoint) -> dict[str, Any]:
    crits, explicit, kind = selectors.touchpoint_checklist(touchpoint=tp)
    return {"touchpoint_id": tp.pk, "explicit": explicit, "kind": kind, "criteria": crits}


@router.get(f"{BASE}/touchpoints/{{int:touchpoint_id}}/criteria", response=ChecklistOut)
def checklist_get(request: HttpRequest, slug: str, touchpoint_id: Id) -> Any:
    """The criteria a touchpoint is scored on in new audits."""
    access = workspace_access(request.user, slug)
    tp = get_object_or_404(
        Touchpoint.objects.select_related("template__kind"), workspace=access.workspace, pk=touchpoint_id
    )
    return _checklist(tp)


@router.put(f"{BASE}/touchpoints/{{int:touchpoint_id}}/criteria", response=ChecklistOut)
def checklist_set(request: HttpRequest, slug: str, touchpoint_id: Id, payload: ChecklistIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    tp = get_object_or_404(
        Touchpoint.objects.select_related("template__kind"), workspace=access.workspace, pk=touchpoint_id
    )
    services.touchpoint_criteria_set(touchpoint=tp, criteria=payload.criterion_ids)
    return _checklist(tp)


# ---- review due ----------------------------------------------------------------------------


@router.get(f"{BASE}/due", response=list[DueOut])
def due_list(request: HttpRequest, slug: str, default_days: int | None = None, all: bool = False) -> Any:
    """Touchpoints of the own brand whose last finished audit is older than their review interval
    (or never audited); ``default_days`` stands for touchpoints without an interval."""
    access = workspace_access(request.user, slug)
    if default_days is not None and not 1 <= default_days <= 3650:
        raise ValidationError({"default_days": "Give a number of days from 1 to 3650."})
    rows = selectors.review_due(
        workspace=access.workspace, today=timezone.localdate(), default_days=default_days, include_all=all
    )
    return [
        {
            "touchpoint_id": r.touchpoint.pk,
            "name": r.touchpoint.name,
            "interval_days": r.interval,
            "last_audited": r.last_audited,
            "days_since": r.days_since,
            "overdue_by": r.overdue_by,
            "due": r.due,
        }
        for r in rows
    ]


# ---- audits --------------------------------------------------------------------------------


@router.get(BASE, response=list[AuditOut])
def audit_list(request: HttpRequest, slug: str, status: c.Status | None = None, brand_id: Id | None = None) -> Any:
    """Audits of the workspace; an auditor sees only those assigned to them."""
    access = workspace_access(request.user, slug)
    qs = selectors.audit_queryset(access=access).select_related("brand").prefetch_related("auditors", "items")
    if status:
        qs = qs.filter(status=getattr(status, "value", status))
    if brand_id:
        qs = qs.filter(brand_id=brand_id)
    return list(qs)


@router.post(BASE, response={201: AuditOut})
def audit_create(request: HttpRequest, slug: str, payload: AuditIn) -> Status[Audit]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    audit = services.audit_create(workspace=access.workspace, created_by=request.user, **_refs(access, payload.dict()))
    return Status(201, _audit_out(audit))


@router.get(f"{BASE}/{{int:audit_id}}", response=AuditOut)
def audit_get(request: HttpRequest, slug: str, audit_id: Id) -> Audit:
    access = workspace_access(request.user, slug)
    return _audit_out(_audit(access, audit_id))


@router.patch(f"{BASE}/{{int:audit_id}}", response=AuditOut)
def audit_update(request: HttpRequest, slug: str, audit_id: Id, payload: AuditPatch) -> Audit:
    access = workspace_access(request.user, slug, Capability.EDIT)
    audit = services.audit_update(audit=_audit(access, audit_id), **_refs(access, patch_data(payload, Audit)))
    return _audit_out(audit)


@router.delete(f"{BASE}/{{int:audit_id}}", response={204: None})
def audit_delete(request: HttpRequest, slug: str, audit_id: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.audit_delete(audit=_audit(access, audit_id))
    return Status(204, None)


@router.post(f"{BASE}/{{int:audit_id}}/transition", response=AuditOut)
def audit_transition(request: HttpRequest, slug: str, audit_id: Id, payload: TransitionIn) -> Audit:
    """start (draft → in progress), submit (→ submitted), reopen (submitted → in progress), close.
    Assigned auditors may submit; the rest is for editors and owners."""
    access = workspace_access(request.user, slug, Capability.SCORE)
    audit = _audit(access, audit_id)
    if payload.action == "submit" and not selectors.can_score(access, audit):
        raise PermissionDenied
    if payload.action != "submit" and not access.can_edit:
        raise PermissionDenied
    return _audit_out(services.audit_transition(audit=audit, action=payload.action))


def _scorer(request: HttpRequest, slug: str, audit_id: Id) -> tuple[Access, Audit]:
    access = workspace_access(request.user, slug, Capability.SCORE)
    audit = _audit(access, audit_id)
    if not selectors.can_score(access, audit):
        raise PermissionDenied
    return access, audit


@router.get(f"{BASE}/{{int:audit_id}}/answers", response=AnswersOut)
def answers_get(request: HttpRequest, slug: str, audit_id: Id, mine: bool = False) -> Any:
    """Every auditor's answers (or only the caller's, with ``mine=true``), raw and on 0–100."""
    access = workspace_access(request.user, slug)
    audit = _audit(access, audit_id)
    scores = Score.objects.filter(item__audit=audit).select_related("item")
    assessments = Assessment.objects.filter(item__audit=audit).select_related("item")
    if mine:
        scores, assessments = scores.filter(auditor_id=request.user.pk), assessments.filter(auditor_id=request.user.pk)
    return {
        "scores": [
            {
                "touchpoint_id": s.item.touchpoint_id,
                "criterion_id": s.criterion_id,
                "auditor_id": s.auditor_id,
                "raw": s.raw,
                "value": s.value,
                "not_applicable": s.not_applicable,
            }
            for s in scores
        ],
        "assessments": [
            {
                "touchpoint_id": a.item.touchpoint_id,
                "auditor_id": a.auditor_id,
                "impression": a.impression,
                "expectation": a.expectation_raw,
                "ideal": a.ideal_raw,
                "note": a.note,
                "not_applicable": a.not_applicable,
            }
            for a in assessments
        ],
    }


@router.post(
    f"{BASE}/{{int:audit_id}}/answers", response={200: list[AnswerOutcome], 400: list[AnswerOutcome] | ErrorOut}
)
def answers_post(request: HttpRequest, slug: str, audit_id: Id, payload: AnswersIn) -> Any:
    """Saves the caller's answers, each on its own: ``score`` (raw, on the audit's scale; empty
    clears), ``criterion_na``, ``impression``, ``expectation``, ``ideal``, ``note``,
    ``touchpoint_na``. The status is 400 when any answer was refused (the outcomes; the others are
    saved), or when the body cannot be read at all (an error object)."""
    _access, audit = _scorer(request, slug, audit_id)
    outcomes = services.answers_save(audit=audit, auditor=request.user, answers=[a.dict() for a in payload.answers])
    return Status(200 if all(o["ok"] for o in outcomes) else 400, outcomes)


@router.post(f"{BASE}/{{int:audit_id}}/evidence", response={201: EvidenceOut})
def evidence_post(request: HttpRequest, slug: str, audit_id: Id, touchpoint: Form[Id], file: File[UploadedFile]) -> Any:
    """A photo, recording or PDF for a touchpoint (checked by content; size limit)."""
    _access, audit = _scorer(request, slug, audit_id)
    ev = services.evidence_add(audit=audit, auditor=request.user, touchpoint_id=touchpoint, upload=file)
    return Status(
        201,
        {
            "id": ev.pk,
            "touchpoint_id": ev.item.touchpoint_id,
            "name": ev.original_name,
            "content_type": ev.content_type,
            "size": ev.size,
        },
    )


@router.get(f"{BASE}/{{int:audit_id}}/results", response=dict)
def audit_results(request: HttpRequest, slug: str, audit_id: Id) -> Any:
    """Touchpoint scores (worst first), gaps, stage / area / channel scores and heat map cells,
    all on 0–100."""
    access = workspace_access(request.user, slug)
    audit = _audit(access, audit_id)
    with selectors.paused_gc():
        return _results_json(audit)


def _results_json(audit: Audit) -> JsonResponse:
    data = selectors.audit_results(audit=audit)
    res = data.results
    body = {
        "audit_id": audit.pk,
        "status": audit.status,
        "scale": audit.scale,
        "overall": res.overall,
        "progress": res.progress,
        "impressions": res.impressions,
        "touchpoints": [
            {
                "touchpoint_id": r.touchpoint_id,
                "name": r.name,
                "position": r.position,
                "score": r.score,
                "impression": r.impression,
                "failed_to_impress": r.failed_to_impress,
                "expectation": r.expectation,
                "gap_expectation": r.gap_expectation,
                "ideal": r.ideal if r.score is not None else None,
                "gap_ideal": r.gap_ideal,
                "not_applicable": r.not_applicable,
                "criteria": [
                    {"criterion_id": cid, "value": v, "not_applicable": cid in r.na_criteria}
                    for cid, v in r.criteria.items()
                ],
            }
            for r in res.worst_first + [r for r in res.touchpoints if r.not_applicable]
        ],
        "by_stage": [g.__dict__ for g in res.by_stage],
        "by_area": [g.__dict__ for g in res.by_area],
        "by_channel": [g.__dict__ for g in res.by_channel],
    }
    # Plain JSON: thousands of plain numbers need no schema validation on the way out.
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@router.get(f"{BASE}/{{int:audit_id}}/results.{{fmt}}", response={200: None})
def audit_export(request: HttpRequest, slug: str, audit_id: Id, fmt: str, table: str = "touchpoints") -> HttpResponse:
    """csv (``table`` = touchpoints, answers, stages, areas or channels) or xlsx (all of them)."""
    access = workspace_access(request.user, slug)
    audit = _audit(access, audit_id)
    if fmt not in ("csv", "xlsx"):
        raise ValidationError({"fmt": "Use csv or xlsx."})
    tables = results_page.export_tables(audit=audit)
    if fmt == "xlsx":
        return download(to_xlsx(tables), f"audit-{audit.pk}.xlsx", "xlsx")
    names = ["touchpoints", "answers", "stages", "areas", "channels"]
    if table not in names:
        raise ValidationError({"table": "Use one of: " + ", ".join(names)})
    return download(render(tables[names.index(table)], "csv"), f"audit-{audit.pk}-{table}.csv", "csv")
