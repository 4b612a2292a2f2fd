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
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from touchpoints.lib import freshness
from touchpoints.lib.tokens import revoke
from touchpoints.reports import choices as c
from touchpoints.reports.models import Report, ShareLink
from touchpoints.workspaces.models import Workspace

log = logging.getLogger(__name__)


def report_title(*, workspace: Workspace, audit: Any, language: str, day: dt.date) -> str:
    with translation.override(language):
        date = formats.date_format(day, "DATE_FORMAT")  # as the report's language writes a date
        if audit is not None:
            return _("Audit report: %(audit)s · %(date)s") % {"audit": audit.name, "date": date}
        return _("Audit report: %(workspace)s · %(date)s") % {"workspace": workspace.name, "date": date}


@transaction.atomic
def report_request(
    *, workspace: Workspace, language: str, created_by: Any = None, audit: Any = None, queue: bool = True
) -> Report:
    """A new report, queued for the background worker (with the default immediate backend it is
    generated before this returns, once the transaction commits). ``queue=False``: not queued, for
    a caller that generates it itself (the ``touchpoints report`` command)."""
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

    if queue:
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
    if report is None or report.status in (c.Status.DONE, c.Status.FAILED, c.Status.CANCELLED):
        return "skipped"  # done, given up or cancelled (a retry queues it again)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=c.Status.RUNNING, error="", started_at=now, heartbeat_at=now)
    try:
        # The lease: a heartbeat every few seconds while the report is generated, so a report
        # whose worker died is marked failed (``jobs.expire``) instead of staying "running";
        # each progress step is also where a requested cancel takes effect.
        with jobs.lease(Report, report.pk) as held, translation.override(report.language):

            def step(percent: int, text: str) -> None:
                _progress(report.pk, percent, text)
                held.check()

            data = collect(workspace=report.workspace, audit=report.audit, now=now, progress=step)
            step(65, _("Writing the page"))
            html = render_html(data, title=report.title, language=report.language)
            step(70, _("Printing the PDF"))
            pdf, pages = render_pdf(html)
            step(92, _("Writing the workbook"))
            xlsx = render_xlsx(data)
            payload = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except jobs.JobCancelled:
        Report.objects.filter(pk=report.pk).update(
            status=c.Status.CANCELLED, cancel_requested=False, progress="", finished_at=timezone.now()
        )
        return "cancelled"
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
        freshness.bump(
            report.workspace_id, freshness.HOME
        )  # the home's "Report" step (the worker builds it, not a request)
    except Exception:
        for f in saved:
            f.delete(save=False)
        raise
    return "done"


@transaction.atomic
def report_cancel(*, report: Report) -> Report:
    """Cancel a queued report at once; ask one being generated to stop (it does at its next
    step). A report that has ended is left as it is."""
    from touchpoints.lib import jobs

    queued = Report.objects.filter(pk=report.pk, status=c.Status.QUEUED).update(
        status=c.Status.CANCELLED, finished_at=timezone.now()
    )
    if not queued:
        if not Report.objects.filter(pk=report.pk, status=c.Status.RUNNING).exists():
            raise ValidationError({"status": _("Only a queued report or one being generated can be cancelled.")})
        jobs.request_cancel(Report, report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """Queues a failed or cancelled report again (its worker died, the generation failed, or
    someone cancelled it)."""
    updated = Report.objects.filter(pk=report.pk, status__in=[c.Status.FAILED, c.Status.CANCELLED]).update(
        status=c.Status.QUEUED,
        error="",
        percent=0,
        progress="",
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
        cancel_requested=False,
    )
    if not updated:
        raise ValidationError({"status": _("Only a failed or cancelled report can be tried again.")})
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
def report_share(*, report: Report, days: int, created_by: Any = None) -> tuple[ShareLink, str]:
    """A read-only link to this report for ``days`` days; returns it and the raw token (shown once)."""
    if not report.is_ready:
        raise ValidationError(_("Only a finished report can be shared."))
    return ShareLink.share(report=report, days=days, created_by=created_by)


@transaction.atomic
def report_share_revoke(*, link: ShareLink) -> None:
    revoke(link)
