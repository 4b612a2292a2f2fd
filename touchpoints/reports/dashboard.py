"""The report's step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("report", url_name="reports:list")
def report_progress(workspace: Any) -> Progress:
    """Done once a report is ready; under way while one is queued, being generated or failed."""
    from touchpoints.reports import choices as c
    from touchpoints.reports.models import Report

    counts = Report.objects.filter(workspace=workspace).aggregate(
        all=Count("pk"), ready=Count("pk", filter=Q(status=c.Status.DONE))
    )
    if counts["ready"]:
        return Progress.done(
            ngettext("%(n)d report ready", "%(n)d reports ready", counts["ready"]) % {"n": counts["ready"]}
        )
    if counts["all"]:
        return Progress.partial(
            ngettext("%(n)d report requested", "%(n)d reports requested", counts["all"]) % {"n": counts["all"]}
        )
    return Progress.todo()
