"""The report's step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext_lazy

from touchpoints.dashboard.steps import Progress, counted_progress, step_progress

READY = ngettext_lazy("%(n)d report ready", "%(n)d reports ready", "n")
REQUESTED = ngettext_lazy("%(n)d report requested", "%(n)d reports requested", "n")


@step_progress("report", url_name="reports:list")
def report_progress(workspace: Any) -> Progress:
    """Done once a report is ready; under way while one is queued, being generated or failed."""
    from touchpoints.reports import choices as c
    from touchpoints.reports.models import Report

    counts = Report.objects.filter(workspace=workspace).aggregate(
        all=Count("pk"), ready=Count("pk", filter=Q(status=c.Status.DONE))
    )
    return counted_progress(counts["ready"], counts["all"], done_text=READY, started_text=REQUESTED)
