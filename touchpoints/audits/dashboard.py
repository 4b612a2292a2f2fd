"""The audits' step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext_lazy

from touchpoints.dashboard.steps import Progress, counted_progress, step_progress

FINISHED = ngettext_lazy("%(n)d finished audit", "%(n)d finished audits", "n")
UNDER_WAY = ngettext_lazy("%(n)d audit under way", "%(n)d audits under way", "n")


@step_progress("audit")
def audit_progress(workspace: Any) -> Progress:
    from touchpoints.audits import choices as c
    from touchpoints.audits.models import Audit

    counts = Audit.objects.filter(workspace=workspace).aggregate(
        all=Count("pk"), finished=Count("pk", filter=Q(status__in=c.FINISHED))
    )
    return counted_progress(counts["finished"], counts["all"], done_text=FINISHED, started_text=UNDER_WAY)
