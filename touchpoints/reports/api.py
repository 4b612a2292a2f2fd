"""Audit reports in the REST API, under ``/api/v1/workspaces/{slug}/reports``: list, ask for
one (generated in the background), read its status and progress, download its files (from the
URLs each report lists, with the API's token or session), and manage its read-only share links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field

from touchpoints.api.errors import ErrorOut, conflict
from touchpoints.api.routers import workspace_router
from touchpoints.api.sharing import register_sharing, sharing_by_names
from touchpoints.api.types import Id
from touchpoints.reports import choices as c
from touchpoints.reports import selectors, services
from touchpoints.reports.downloads import report_file
from touchpoints.reports.models import Report
from touchpoints.workspaces.access import Access, workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("reports")


class ReportOut(Schema):
    id: int
    title: str
    language: str
    audit_id: int | None
    status: str
    percent: int
    progress: str
    error: str
    created_at: dt.datetime
    as_of: dt.datetime | None
    pages: int | None
    headline: dict[str, Any]
    downloads: dict[str, str] = Field(description="Format → URL, once the report is ready.")


class ReportIn(Schema):
    language: c.Language = c.Language.EN
    audit_id: Id | None = None


def _out(r: Report) -> dict[str, Any]:
    downloads = (
        {fmt: reverse("api:report_download", args=[r.workspace.slug, r.pk, fmt]) for fmt in c.FORMATS}
        if r.is_ready
        else {}
    )
    return {
        "id": r.pk,
        "title": r.title,
        "language": r.language,
        "audit_id": r.audit_id,
        "status": r.status,
        "percent": r.percent,
        "progress": r.progress,
        "error": r.error,
        "created_at": r.created_at,
        "as_of": r.as_of,
        "pages": r.pages,
        "headline": r.headline,
        "downloads": downloads,
    }


@router.get(BASE, response=list[ReportOut], summary="List reports")
def list_reports(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = workspace_access(request.user, slug)
    return [_out(r) for r in selectors.report_list(workspace=access.workspace)]


@router.post(BASE, response={202: ReportOut}, summary="Generate a report (in the background)")
def create_report(request: HttpRequest, slug: str, payload: ReportIn) -> Status[dict[str, Any]]:
    from touchpoints.audits.models import Audit

    access = workspace_access(request.user, slug, Capability.EDIT)
    audit = None
    if payload.audit_id is not None:
        audit = Audit.objects.filter(workspace=access.workspace, pk=payload.audit_id).first()
        if audit is None:
            raise ValidationError({"audit_id": _("No such audit in this workspace.")})
    report = services.report_request(
        workspace=access.workspace, language=payload.language, audit=audit, created_by=request.user
    )
    report.refresh_from_db()  # the immediate backend has generated it already
    return Status(202, _out(report))


@router.get(BASE + "/{int:pk}", response=ReportOut, summary="A report's status, progress and downloads")
def get_report(request: HttpRequest, slug: str, pk: Id) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    return _out(selectors.report_get(workspace=access.workspace, pk=pk))


@router.get(
    BASE + "/{int:pk}/download.{fmt}",
    response={200: None},
    url_name="report_download",
    summary="Download a ready report",
    description="fmt: html, pdf, xlsx or json. 404 until the report is ready (see its status).",
)
def download_report(request: HttpRequest, slug: str, pk: Id, fmt: str) -> FileResponse:
    access = workspace_access(request.user, slug)
    return report_file(selectors.report_get(workspace=access.workspace, pk=pk), fmt)


def _job_action(request: HttpRequest, slug: str, pk: int, action: Any) -> Status[dict[str, Any]]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    report = selectors.report_get(workspace=access.workspace, pk=pk)
    try:
        report = action(report=report)
    except ValidationError as exc:
        return Status(409, conflict(exc))
    report.refresh_from_db()  # the immediate backend has generated a retried report already
    return Status(200, _out(report))


@router.post(
    BASE + "/{int:pk}/cancel",
    response={200: ReportOut, 409: ErrorOut},
    summary="Cancel a queued report or one being generated",
    description="A queued report is cancelled at once; one being generated stops at its next step (its "
    "status stays running until then). 409 when the report has already ended.",
)
def cancel_report(request: HttpRequest, slug: str, pk: Id) -> Status[dict[str, Any]]:
    return _job_action(request, slug, pk, services.report_cancel)


@router.post(
    BASE + "/{int:pk}/retry",
    response={200: ReportOut, 409: ErrorOut},
    summary="Generate a failed or cancelled report again",
    description="409 when the report is not failed or cancelled.",
)
def retry_report(request: HttpRequest, slug: str, pk: Id) -> Status[dict[str, Any]]:
    return _job_action(request, slug, pk, services.report_retry)


def _report(access: Access, pk: int) -> Report:
    return selectors.report_get(workspace=access.workspace, pk=pk)


register_sharing(
    router, sharing_by_names(BASE + "/{pk}", link_id="link_id", target=_report, selectors=selectors, services=services)
)
