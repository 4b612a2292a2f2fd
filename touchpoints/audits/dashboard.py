"""The audits' step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("audit")
def audit_progress(workspace: Any) -> Progress:
    from touchpoints.audits import choices as c
    from touchpoints.audits.models import Audit

    counts = Audit.objects.filter(workspace=workspace).aggregate(
        all=Count("pk"), finished=Count("pk", filter=Q(status__in=c.FINISHED))
    )
    if counts["finished"]:
        return Progress.done(
            ngettext("%(n)d finished audit", "%(n)d finished audits", counts["finished"]) % {"n": counts["finished"]}
        )
    if counts["all"]:
        return Progress.partial(
            ngettext("%(n)d audit under way", "%(n)d audits under way", counts["all"]) % {"n": counts["all"]}
        )
    return Progress.todo()
