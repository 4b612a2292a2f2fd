"""The competitors' and the top ten's steps of the method on the workspace home (see
touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("competitors", url_name="priorities:benchmark")
def competitors_progress(workspace: Any) -> Progress:
    """Done once a competitor has a finished audit to compare with; under way while competitors
    are named but none is audited yet."""
    from touchpoints.audits import choices as ac

    counts = workspace.brands.filter(is_own=False).aggregate(
        brands=Count("pk", distinct=True), audited=Count("pk", distinct=True, filter=Q(audits__status__in=ac.FINISHED))
    )
    if not counts["brands"]:
        return Progress.todo()
    if counts["audited"]:
        return Progress.done(
            ngettext("%(n)d competitor audited", "%(n)d competitors audited", counts["audited"])
            % {"n": counts["audited"]}
        )
    return Progress.partial(
        ngettext("%(n)d competitor, not audited yet", "%(n)d competitors, not audited yet", counts["brands"])
        % {"n": counts["brands"]}
    )


@step_progress("top_ten", url_name="priorities:top_ten")
def top_ten_progress(workspace: Any) -> Progress:
    """Done once a top ten is saved; under way while touchpoints have priority estimates."""
    from touchpoints.priorities.models import Estimate, TopTenPlace
    from touchpoints.priorities.selectors import current_version_id

    version = current_version_id(workspace=workspace)
    if version is not None:
        places = TopTenPlace.objects.filter(version_id=version).count()
        if places:
            return Progress.done(ngettext("%(n)d place chosen", "%(n)d places chosen", places) % {"n": places})
    estimated = Estimate.objects.filter(touchpoint__workspace=workspace).count()
    if estimated:
        return Progress.partial(
            ngettext("%(n)d touchpoint estimated", "%(n)d touchpoints estimated", estimated) % {"n": estimated}
        )
    return Progress.todo()
