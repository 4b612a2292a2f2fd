"""The inventory's steps of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress
from touchpoints.inventory import choices as c
from touchpoints.lib.i18n import grouped


@step_progress("inventory")
def inventory_progress(workspace: Any) -> Progress:
    from touchpoints.dashboard.selectors import coverage

    n = coverage(workspace).total
    if not n:
        return Progress.todo()
    return Progress.done(ngettext("%(n)s touchpoint", "%(n)s touchpoints", n) % {"n": grouped(n)})


@step_progress("classify")
def classify_progress(workspace: Any) -> Progress:
    """Done when every touchpoint has its classifying axes and a status for the own brand (exists,
    missing or planned): touchpoints added from the library arrive classified but with the status
    unknown, and the comparison with competitors and the gaps need it."""
    from touchpoints.dashboard.selectors import coverage

    cov = coverage(workspace)
    unknown = cov.by_status.get(c.PresenceStatus.UNKNOWN, 0)
    if not cov.total or (cov.unclassified == cov.total and unknown == cov.total):
        return Progress.todo()
    if cov.unclassified:
        return Progress.partial(
            ngettext("%(n)s left to classify", "%(n)s left to classify", cov.unclassified)
            % {"n": grouped(cov.unclassified)}
        )
    if unknown:
        return Progress.partial(
            ngettext(
                "%(n)s without a status (exists, missing, planned)",
                "%(n)s without a status (exists, missing, planned)",
                unknown,
            )
            % {"n": grouped(unknown)},
            query=f"?status={c.PresenceStatus.UNKNOWN}",
        )
    return Progress.done()
