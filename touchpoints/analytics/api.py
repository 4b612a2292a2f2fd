"""Journey analytics in the REST API, under ``/api/v1/workspaces/{slug}/analytics``: upload a log
and run it, follow the run, read the result and the attribution rows, export, add unmatched
channels to the inventory. Viewers read; editors and owners run, repeat, delete and add."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from touchpoints.analytics import selectors, services, tasks
from touchpoints.analytics.engine import LogError, parse_column_map
from touchpoints.analytics.engine.io import ALL_FIELDS, FIELD_DESCRIPTIONS, REQUIRED_FIELDS
from touchpoints.analytics.exports import export_response
from touchpoints.analytics.logfiles import cli_command
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import (
    UploadTooLarge,
    guard_request,
    human_size,
    max_upload_bytes,
    stage_upload,
    staged_discard,
    staged_preview,
)
from touchpoints.api.auth import api_auth
from touchpoints.api.errors import ErrorOut, conflict
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("analytics")


# ---- schemas -------------------------------------------------------------------------------


class RunOut(Schema):
    id: int
    name: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: list[str] = Field(description="Progress messages of a queued or running analysis, oldest first.")
    error: str
    source_name: str
    source_format: str
    source_size: int | None
    source_rows: int | None
    columns: dict[str, str | None] = Field(description="Log field → column of the file.")
    engine: str
    options: dict[str, Any]
    filters: dict[str, Any]
    segment_values: list[str]
    journeys: int | None
    conversions: int | None
    channels: int | None
    created_by: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    rerun_of: int | None

    @staticmethod
    def resolve_progress(obj: AnalysisRun) -> list[str]:
        return obj.progress_lines

    @staticmethod
    def resolve_channels(obj: AnalysisRun) -> int | None:
        return obj.channel_count

    @staticmethod
    def resolve_created_by(obj: AnalysisRun) -> str | None:
        return obj.created_by.username if obj.created_by else None

    @staticmethod
    def resolve_rerun_of(obj: AnalysisRun) -> int | None:
        return obj.rerun_of_id


class AttributionOut(Schema):
    segment: str = Field(description="Empty for the whole log.")
    channel: str
    touchpoint_id: int | None
    model: str
    conversions: float
    share: float = Field(description="Share of all conversions credited to the channel.")
    value: float
    ci_low: float | None = Field(description="Bootstrap interval of the conversions, when computed.")
    ci_high: float | None
    value_low: float | None
    value_high: float | None


class RerunIn(Schema):
    segments: list[str] = Field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = Field(None, description="Included.")


class CandidatesIn(Schema):
    channels: list[str] = Field(min_length=1, max_length=500)


class CandidatesOut(Schema):
    added: list[int] = Field(description="Ids of the touchpoints created.")
    linked: list[str] = Field(description="Channels linked to touchpoints that were already there.")
    candidates: list[str] = Field(description="Channels still unmatched.")


# ---- the upload, refused early when too big ------------------------------------------------


class UploadGuard:
    """First of the upload's auth callables: refuses a declared body over the limit before
    anything reads it, and installs the handler that enforces the limit while streaming. It
    authenticates nobody (returns None), so the token or session auth that follows decides."""

    def __call__(self, request: HttpRequest) -> None:
        try:
            request._analytics_upload = guard_request(request)  # type: ignore[attr-defined]
        except UploadTooLarge as exc:
            match = getattr(request, "resolver_match", None)
            slug = (match.kwargs.get("slug") if match is not None else None) or "SLUG"
            raise HttpError(413, _too_big(exc.size, slug)) from exc
        return None


def _too_big(size: int | None, slug: str) -> str:
    limit = human_size(max_upload_bytes())
    what = _("This log (%(size)s)") % {"size": human_size(size)} if size else _("This log")
    return _(
        "%(what)s is larger than the %(limit)s accepted here. Analyse it with the command line instead; "
        "the result is kept with the workspace: %(command)s"
    ) % {"what": what, "limit": limit, "command": cli_command(slug=slug)}


# The six mapping fields, from the engine's definition of the log.
LOG_FIELD_PROPERTIES = {
    name: {
        "type": "string",
        "description": f"Column of the {FIELD_DESCRIPTIONS[name]}{'' if name in REQUIRED_FIELDS else ' (optional)'}.",
    }
    for name in ALL_FIELDS
}
# The options the upload takes as form fields; their parsing and limits are clean_options'.
UPLOAD_OPTIONS = ("markov_orders", "half_life_days", "bootstrap", "by_segment")

MULTIPART_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The log: CSV, Parquet or JSON Lines (judged by content).",
                        },
                        **LOG_FIELD_PROPERTIES,
                        "map": {
                            "type": "string",
                            "description": "Instead of the six fields: "
                            "customer=COL,timestamp=COL,touchpoint=COL,conversion=COL[,value=COL][,segment=COL].",
                        },
                        "name": {"type": "string"},
                        "engine": {"type": "string", "enum": ["duckdb", "spark"], "default": "duckdb"},
                        "markov_orders": {"type": "string", "description": "Comma-separated orders, e.g. 1,2,3."},
                        "half_life_days": {"type": "number", "default": 7},
                        "bootstrap": {"type": "integer", "default": 100, "description": "Replicates; 0 for none."},
                        "by_segment": {"type": "boolean", "default": True},
                        "segments": {"type": "string", "description": "Only these segments, comma-separated."},
                        "since": {"type": "string", "format": "date"},
                        "until": {"type": "string", "format": "date", "description": "Included."},
                    },
                }
            }
        },
    },
}


def _form_columns(data: Any) -> dict[str, str | None]:
    if data.get("map"):
        try:
            return parse_column_map(data["map"]).as_dict()
        except LogError as exc:
            raise ValidationError({"map": services.localized(exc.message)}) from exc
    return {f: (data.get(f) or None) for f in ALL_FIELDS}


@router.post(
    f"{BASE}/runs",
    response={202: RunOut},
    auth=[UploadGuard(), *api_auth],
    openapi_extra=MULTIPART_SCHEMA,
    summary="Upload a log and analyse it",
)
def run_create(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    handler = getattr(request, "_analytics_upload", None)
    upload = request.FILES.get("file")
    if handler is not None and handler.too_large:
        raise HttpError(413, _too_big(None, slug))
    if upload is None:
        raise ValidationError({"file": _("Send the log as the multipart field “file”.")})
    data = request.POST
    try:
        staged = stage_upload(upload, workspace_id=access.workspace.pk, user_id=request.user.pk)
    except UploadTooLarge as exc:
        raise HttpError(413, _too_big(exc.size, slug)) from exc
    try:
        staged_preview(staged)
        filters = {key: data.get(key) for key in ("segments", "since", "until")}
        run = services.run_start(
            workspace=access.workspace,
            staged=staged,
            columns=_form_columns(data),
            created_by=request.user,
            name=data.get("name") or "",
            engine=data.get("engine") or "duckdb",
            options={key: data.get(key) for key in UPLOAD_OPTIONS},
            filters=filters,
        )
    except ValidationError:
        staged_discard(staged)
        raise
    return Status(202, tasks.run_enqueue(run))


# ---- reading -------------------------------------------------------------------------------


@router.get(f"{BASE}/runs", response=list[RunOut], summary="List the analyses")
def run_list(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug, Capability.READ)
    return selectors.run_list(workspace=access.workspace)


@router.get(f"{BASE}/runs/{{int:run_id}}", response=RunOut, summary="An analysis: status and progress")
def run_get(request: HttpRequest, slug: str, run_id: Id) -> Any:
    access = workspace_access(request.user, slug, Capability.READ)
    return selectors.run_get(workspace=access.workspace, pk=run_id, with_result=False)


@router.get(
    f"{BASE}/runs/{{int:run_id}}/result",
    response={200: dict, 409: dict},
    summary="The whole result (the engine's JSON, docs/analytics.md)",
)
def run_result(request: HttpRequest, slug: str, run_id: Id) -> Any:
    access = workspace_access(request.user, slug, Capability.READ)
    run = selectors.run_get(workspace=access.workspace, pk=run_id)
    if run.status != "done" or not run.result:
        return Status(
            409,
            {
                "detail": _("The analysis is %(status)s; its result is not there.")
                % {"status": run.get_status_display()},
                "status": run.status,
            },
        )
    return Status(200, run.result)


@router.get(
    f"{BASE}/runs/{{int:run_id}}/attribution",
    response=list[AttributionOut],
    summary="Attribution rows: per model and channel",
)
def run_attribution(request: HttpRequest, slug: str, run_id: Id, segment: str = "", model: str | None = None) -> Any:
    access = workspace_access(request.user, slug, Capability.READ)
    run = selectors.run_get(workspace=access.workspace, pk=run_id, with_result=False)
    return selectors.attribution_rows(run=run, segment=segment, model=model)


@router.get(
    f"{BASE}/runs/{{int:run_id}}/export",
    response={200: None},
    summary="Download attribution, variants, transitions or channels (CSV, XLSX, JSON)",
)
def run_export(
    request: HttpRequest,
    slug: str,
    run_id: Id,
    what: Literal["attribution", "variants", "transitions", "channels", "result"] = "attribution",
    format: Literal["csv", "xlsx", "json"] = "csv",
    segment: str = "",
) -> HttpResponse:  # noqa: A002
    access = workspace_access(request.user, slug, Capability.READ)
    run = selectors.run_get(workspace=access.workspace, pk=run_id)
    return export_response(run, what, format, segment)


@router.get(
    f"{BASE}/attribution/latest",
    response=dict[str, dict[str, float]],
    summary="Touchpoint id → model → share of conversions, from the newest analysis",
)
def attribution_latest(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug, Capability.READ)
    return {str(k): v for k, v in selectors.latest_attribution(access.workspace).items()}


# ---- writing -------------------------------------------------------------------------------


@router.post(
    f"{BASE}/runs/{{int:run_id}}/rerun", response={202: RunOut}, summary="Analyse the kept log again with other filters"
)
def run_rerun(request: HttpRequest, slug: str, run_id: Id, payload: RerunIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    run = selectors.run_get(workspace=access.workspace, pk=run_id, with_result=False)
    new = services.run_rerun(run=run, created_by=request.user, filters=payload.dict())
    return Status(202, tasks.run_enqueue(new))


@router.post(
    f"{BASE}/runs/{{int:run_id}}/candidates", response=CandidatesOut, summary="Add unmatched channels to the inventory"
)
def run_candidates(request: HttpRequest, slug: str, run_id: Id, payload: CandidatesIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    run = selectors.run_get(workspace=access.workspace, pk=run_id)
    added = services.candidates_add(run=run, channels=payload.channels, created_by=request.user)
    run.refresh_from_db()
    matching = (run.result or {}).get("matching") or {}
    added_names = {t.name for t in added}
    linked = [
        m["channel"]
        for m in matching.get("matched", [])
        if m["channel"] in payload.channels and m["channel"].strip()[:200] not in added_names
    ]
    return {"added": [t.pk for t in added], "linked": linked, "candidates": matching.get("candidates", [])}


# The run's state changes: summary and description of each operation (200 with the run, 409 when
# its state does not allow the change).
_RUN_CHANGES = {
    "cancel": (
        "Cancel a queued or running analysis",
        "A queued analysis is cancelled at once; a running one stops after its current step "
        "(its status stays running until then). 409 when the analysis has already ended.",
    ),
    "retry": (
        "Run a failed or cancelled analysis again",
        "Queues the analysis again on its kept log. 409 when it is not failed or cancelled, or its "
        "log is no longer kept.",
    ),
}


def _run_change_operation(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    summary, description = _RUN_CHANGES[action]
    return router.post(
        f"{BASE}/runs/{{int:run_id}}/{action}",
        response={200: RunOut, 409: ErrorOut},
        summary=summary,
        description=description,
    )


@_run_change_operation("cancel")
def run_cancel(request: HttpRequest, slug: str, run_id: Id) -> Any:
    return _run_change(request, slug, run_id, lambda run: services.run_cancel(run=run))


@_run_change_operation("retry")
def run_retry(request: HttpRequest, slug: str, run_id: Id) -> Any:
    return _run_change(request, slug, run_id, lambda run: tasks.run_enqueue(services.run_retry(run=run)))


def _run_change(request: HttpRequest, slug: str, run_id: int, change: Callable[[AnalysisRun], AnalysisRun]) -> Any:
    """Cancel or retry: 200 with the run, or 409 when its state does not allow the change."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    run = selectors.run_get(workspace=access.workspace, pk=run_id, with_result=False)
    try:
        return Status(200, change(run))
    except ValidationError as exc:
        return Status(409, conflict(exc))


@router.delete(f"{BASE}/runs/{{int:run_id}}", response={204: None}, summary="Delete an analysis")
def run_delete(request: HttpRequest, slug: str, run_id: Id) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    run = selectors.run_get(workspace=access.workspace, pk=run_id, with_result=False)
    services.run_delete(run=run)
    return Status(204, None)
