"""The journeys' step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("chains")
def chains_progress(workspace: Any) -> Progress:
    from touchpoints.journeys.models import Journey

    counts = Journey.objects.filter(workspace=workspace).aggregate(
        all=Count("pk", distinct=True), built=Count("pk", distinct=True, filter=_has_steps())
    )
    if not counts["all"]:
        return Progress.todo()
    summary = ngettext("%(n)d journey", "%(n)d journeys", counts["all"]) % {"n": counts["all"]}
    return Progress.done(summary) if counts["built"] else Progress.partial(summary)


def _has_steps() -> Any:
    from django.db.models import Q

    return Q(steps__isnull=False)
