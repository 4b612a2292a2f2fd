"""Reads of the reports app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from touchpoints.reports.models import Report, ShareLink
from touchpoints.workspaces.models import Workspace


def expire_dead_reports(*, workspace: Workspace) -> int:
    """Reports of the workspace whose worker stopped beating are marked failed before anyone
    reads them (one indexed query when none is dead)."""
    from touchpoints.lib.jobs import expire
    from touchpoints.reports.jobs import report_kind

    return expire(report_kind(), Report.objects.filter(workspace=workspace))


def report_list(*, workspace: Workspace, limit: int = 100) -> list[Report]:
    expire_dead_reports(workspace=workspace)
    return list(Report.objects.filter(workspace=workspace).select_related("created_by")[:limit])


def report_get(*, workspace: Workspace, pk: int) -> Report:
    expire_dead_reports(workspace=workspace)
    report = Report.objects.filter(workspace=workspace, pk=pk).select_related("workspace").first()
    if report is None:
        raise Http404("No such report.")
    return report


def share_links(*, report: Report) -> QuerySet[ShareLink]:
    return report.share_links.select_related("created_by")


def live_share(*, token: str) -> ShareLink:
    """The link for this token if it is neither revoked nor expired, else 404 — checked on every
    request, so revoking works at once."""
    link = ShareLink.live(token).select_related("report", "report__workspace").first()
    if link is None or not link.report.is_ready:
        raise Http404("No such report.")
    return link
