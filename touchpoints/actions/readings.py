"""Where the before / after figures of an action come from: the own brand's finished audits
(their frozen touchpoint scores), and, once customer feedback exists, whatever sources register
through :func:`register_feedback_source`. The customers' answers of the feedback app are measured
apart, over windows of weeks (:func:`customer_weeks`, ``measure.feedback_before_after``).

A feedback source is a callable ``(workspace, touchpoint_ids) -> {touchpoint id: [Reading]}``;
each source is measured apart from the audits (a score on 0–100 and, say, an NPS don't mix)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable

from touchpoints.actions.measure import Reading, WeekSum
from touchpoints.workspaces.models import Workspace

FeedbackSource = Callable[[Workspace, Collection[int]], dict[int, list[Reading]]]
FEEDBACK_SOURCES: dict[str, FeedbackSource] = {}


def register_feedback_source(name: str, source: FeedbackSource) -> None:
    """Adds (or replaces) a source of customer-feedback readings, under a name shown to users."""
    FEEDBACK_SOURCES[name] = source


def audit_readings(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[int, list[Reading]]:
    """Touchpoint id → its own-brand audit scores, each at the moment the audit was submitted.
    One query (audits carry their scores frozen at submission)."""
    from touchpoints.audits import choices as ac
    from touchpoints.audits.models import Audit
    from touchpoints.audits.selectors import summary_scores

    wanted = set(touchpoint_ids)
    out: dict[int, list[Reading]] = {}
    if not wanted:
        return out
    for audit in Audit.objects.filter(
        workspace=workspace, brand__is_own=True, status__in=ac.FINISHED, summary__isnull=False
    ).only("pk", "name", "summary", "submitted_at", "closed_at", "created_at"):
        moment = audit.submitted_at or audit.closed_at or audit.created_at
        for tp_id, value in summary_scores(audit).items():
            if tp_id in wanted:
                out.setdefault(tp_id, []).append(
                    Reading(at=moment, value=value, source="audit", ref=audit.pk, label=audit.name)
                )
    return out


def customer_weeks(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[int, list[WeekSum]]:
    """Touchpoint id → the own brand's customers' answers per week (count and sum of positivity),
    from the feedback app's roll-up plus the answers not rolled up yet. Three queries."""
    from touchpoints.feedback.results import workspace_sums

    wanted = set(touchpoint_ids)
    own = list(workspace.brands.filter(is_own=True).values_list("pk", flat=True))
    if not wanted or not own:
        return {}
    out: dict[int, list[WeekSum]] = {}
    for (week, tp_id), cell in workspace_sums(
        workspace=workspace, dims=("week", "touchpoint_id"), touchpoint_ids=wanted, brand_ids=own
    ).items():
        if cell.n:
            out.setdefault(tp_id, []).append(WeekSum(week, cell.n, cell.sum_pos))
    return out


def feedback_readings(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[str, dict[int, list[Reading]]]:
    return {name: source(workspace, touchpoint_ids) for name, source in FEEDBACK_SOURCES.items()}


def first_after(readings: Iterable[Reading], moment: dt.datetime) -> Reading | None:
    return min((r for r in readings if r.at > moment), key=lambda r: r.at, default=None)
