"""The action plan's step of the method on the workspace home (see touchpoints.dashboard.steps)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from touchpoints.dashboard.steps import Progress, step_progress


@step_progress("plan", url_name="actions:board")
def plan_progress(workspace: Any) -> Progress:
    """Done once there are actions and every place of the current top ten has one; under way while
    places still lack an action."""
    from touchpoints.actions import choices as c
    from touchpoints.actions.models import Action

    today = timezone.localdate()
    counts = (
        Action.objects.filter(workspace=workspace)
        .exclude(status=c.Status.DROPPED)
        .aggregate(
            all=Count("pk"),
            done=Count("pk", filter=Q(status=c.Status.DONE)),
            overdue=Count("pk", filter=Q(status__in=c.OPEN, deadline__lt=today)),
        )
    )
    if not counts["all"]:
        return Progress.todo()
    parts = [
        ngettext("%(n)d action", "%(n)d actions", counts["all"]) % {"n": counts["all"]},
        ngettext("%(n)d done", "%(n)d done", counts["done"]) % {"n": counts["done"]},
    ]
    if counts["overdue"]:
        parts.append(ngettext("%(n)d overdue", "%(n)d overdue", counts["overdue"]) % {"n": counts["overdue"]})
    summary = gettext(" · ").join(parts)
    return Progress.partial(summary) if _places_without_action(workspace) else Progress.done(summary)


def _places_without_action(workspace: Any) -> int:
    """Places of the current top ten whose touchpoint no (kept) action works on."""
    from touchpoints.actions import choices as c
    from touchpoints.actions.models import Action
    from touchpoints.priorities.models import TopTenPlace
    from touchpoints.priorities.selectors import current_version_id

    version = current_version_id(workspace=workspace)
    if version is None:
        return 0
    kept = Action.objects.filter(workspace=workspace).exclude(status=c.Status.DROPPED)
    direct = kept.filter(touchpoint__isnull=False).values("touchpoint_id")
    via_place = kept.filter(priority__isnull=False).values("priority__touchpoint_id")
    return (
        TopTenPlace.objects.filter(version_id=version)
        .exclude(touchpoint_id__in=direct)
        .exclude(touchpoint_id__in=via_place)
        .count()
    )
