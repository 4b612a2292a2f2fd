"""The customers' feedback step of the method on the workspace home (see
touchpoints.dashboard.steps). Answers are counted from the weekly roll-up, never one by one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext

from touchpoints.dashboard.steps import Progress, step_progress
from touchpoints.lib.i18n import grouped


@step_progress("feedback", url_name="feedback:list")
def feedback_progress(workspace: Any) -> Progress:
    from touchpoints.dashboard.selectors import feedback_sums

    sums = feedback_sums(workspace)
    studies = len(sums["studies"])
    if not studies:
        return Progress.todo()
    answers = sum(cell.n for cell in sums["cells"].values())
    summary = ngettext("%(n)d study", "%(n)d studies", studies) % {"n": studies}
    if not answers:
        return Progress.partial(gettext("%(studies)s, no answers yet") % {"studies": summary})
    return Progress.done(
        gettext("%(studies)s · %(answers)s")
        % {"studies": summary, "answers": ngettext("%(n)s answer", "%(n)s answers", answers) % {"n": grouped(answers)}}
    )
