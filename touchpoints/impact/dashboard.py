"""The impact step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("impact", url_name="impact:page")
def impact_progress(workspace: Any) -> Progress:
    """Done once touchpoints have a current impact figure; under way when estimates were computed
    but none had enough data for a figure."""
    from touchpoints.impact.models import ImpactEstimate

    counts = ImpactEstimate.objects.filter(workspace=workspace, current=True).aggregate(
        all=Count("touchpoint_id", distinct=True),
        valued=Count("touchpoint_id", distinct=True, filter=Q(value__isnull=False)),
    )
    if counts["valued"]:
        return Progress.done(
            ngettext("%(n)d touchpoint with an impact", "%(n)d touchpoints with an impact", counts["valued"])
            % {"n": counts["valued"]}
        )
    if counts["all"]:
        return Progress.partial(
            ngettext("%(n)d estimate without enough data", "%(n)d estimates without enough data", counts["all"])
            % {"n": counts["all"]}
        )
    return Progress.todo()
