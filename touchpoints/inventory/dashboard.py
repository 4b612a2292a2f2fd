"""The inventory's steps of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from touchpoints.dashboard.steps import Progress, step_progress
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
    from touchpoints.dashboard.selectors import coverage

    cov = coverage(workspace)
    if not cov.total or cov.unclassified == cov.total:
        return Progress.todo()
    if cov.unclassified:
        return Progress.partial(
            ngettext("%(n)s left to classify", "%(n)s left to classify", cov.unclassified)
            % {"n": grouped(cov.unclassified)}
        )
    return Progress.done()
