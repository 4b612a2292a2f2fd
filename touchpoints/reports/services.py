"""Writes of the reports app: ask for a report (generated in the background), generate it
(the task's body), share it and revoke a share. Files are written once and never rewritten."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touchpoints.lib.freshness import workspace_touched
from touchpoints.reports import choices as c
from touchpoints.reports.models import Report, ShareLink, hash_token
from touchpoints.workspaces.models import Workspace

log = logging.getLogger(__name__)
MAX_SHARE_DAYS = 90


def report_title(*, workspace: Workspace, audit: Any, language: str, day: dt.date) -> str:
    with translation.override(language):
        if audit is not None:
            return _("Audit report: %(audit)s · %(date)s") % {"audit": audit.name, "date": day.isoformat()}
        return _("Audit report: %(workspace)s · %(date)s") % {"workspace": workspace.name, "date": day.isoformat()}


@transaction.atomic
def report_request(*, workspace: Workspace, language: str, created_by: Any = None, audit: Any = None) -> Report:
    """A new report, queued for the background worker (with the default immediate backend it is
    generated before this returns, once the transaction commits)."""
    if language not in c.Language.values:
        raise ValidationError({"language": _("Choose English, Russian or Spanish.")})
    if audit is not None and audit.workspace_id != workspace.pk:
        raise ValidationError({"audit": _("This audit belongs to another workspace.")})
    report = Report.objects.create(
        workspace=workspace,
        audit=audit,
        audit_name=audit.name if audit else "",
        language=language,
        created_by=created_by,
        title=report_title(workspace=workspace, audit=audit, language=language, day=timezone.localdate()),
    )

    def enqueue() -> None:
        from touchpoints.reports.tasks import generate_report

        generate_report.enqueue(report.pk)

    transaction.on_commit(enqueue)
    return report


def _progress(report_id: int, percent: int, text: str) -> None:
    Report.objects.filter(pk=report_id).update(percent=percent, progress=text[:200])


def report_generate(*, report_id: int) -> str:
    """Collects the data and writes the four files. A failure is written on the report (the page
    shows it) and leaves no half-written file behind."""
    from touchpoints.lib import jobs
    from touchpoints.reports.collect import collect
    from touchpoints.reports.render import render_html, render_pdf, render_xlsx

    report = Report.objects.select_related("workspace", "audit", "audit__brand").filter(pk=report_id).first()
    if report is None or report.status in (c.Status.DONE, c.Status.FAILED):
        return "skipped"  # done, or given up (a retry queues it again)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=c.Status.RUNNING, error="", started_at=now, heartbeat_at=now)
    try:
        # The lease: a heartbeat every few seconds while the report is generated, so a report
        # whose worker died is marked failed (``jobs.expire``) instead of staying "running".
        with jobs.lease(Report, report.pk), translation.override(report.language):
            data = collect(
                workspace=report.workspace,
                audit=report.audit,
                now=now,
                progress=lambda p, t: _progress(report.pk, p, t),
            )
            _progress(report.pk, 65, _("Writing the page"))
            html = render_html(data, title=report.title, language=report.language)
            _progress(report.pk, 70, _("Printing the PDF"))
            pdf, pages = render_pdf(html)
            _progress(report.pk, 92, _("Writing the workbook"))
            xlsx = render_xlsx(data)
            payload = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except Exception as exc:
        log.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=c.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return "failed"
    stem = f"report-{report.pk}-{now.date().isoformat()}"
    saved = []
    try:
        for field, content, ext in (
            ("html", html.encode("utf-8"), "html"),
            ("pdf", pdf, "pdf"),
            ("xlsx", xlsx, "xlsx"),
            ("data", payload, "json"),
        ):
            getattr(report, field).save(f"{stem}.{ext}", ContentFile(content), save=False)
            saved.append(getattr(report, field))
        report.status, report.percent, report.progress = c.Status.DONE, 100, ""
        report.as_of, report.finished_at, report.pages = now, timezone.now(), pages
        report.headline = {k: v for k, v in data["summary"].items() if k != "gaps"} | {
            "gaps": len(data["summary"]["gaps"])
        }
        report.save()
        workspace_touched(report.workspace_id)  # the home's "Report" step (the worker builds it, not a request)
    except Exception:
        for f in saved:
            f.delete(save=False)
        raise
    return "done"


@transaction.atomic
@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """Queues a failed report again (its worker died, or the generation failed)."""
    if report.status != c.Status.FAILED:
        raise ValidationError({"status": _("Only a failed report can be tried again.")})
    Report.objects.filter(pk=report.pk).update(
        status=c.Status.QUEUED, error="", percent=0, progress="", started_at=None, heartbeat_at=None, finished_at=None
    )
    report.refresh_from_db()

    def enqueue() -> None:
        from touchpoints.reports.tasks import generate_report

        generate_report.enqueue(report.pk)

    transaction.on_commit(enqueue)
    return report


@transaction.atomic
def report_delete(*, report: Report) -> None:
    for fmt in c.FORMATS:
        f = report.file(fmt)
        if f:
            f.delete(save=False)
    report.delete()


@transaction.atomic
def share_create(*, report: Report, days: int, created_by: Any = None) -> tuple[ShareLink, str]:
    """A read-only link to this report for ``days`` days; returns it and the raw token (shown once)."""
    if not report.is_ready:
        raise ValidationError(_("Only a finished report can be shared."))
    if not 1 <= days <= MAX_SHARE_DAYS:
        raise ValidationError({"days": _("A link lasts from 1 to %(max)d days.") % {"max": MAX_SHARE_DAYS}})
    raw = ShareLink.generate()
    link = ShareLink.objects.create(
        report=report,
        prefix=raw[:6],
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=created_by,
    )
    return link, raw


@transaction.atomic
def share_revoke(*, link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
