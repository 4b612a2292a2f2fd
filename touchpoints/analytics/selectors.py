"""Reads of journey analytics, with a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.models import AnalysisRun
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.http import int_params
from touchpoints.workspaces.models import Workspace

LIST_LIMIT = 200


def expire_dead_runs(*, workspace: Workspace) -> int:
    """Runs of the workspace whose worker stopped beating are marked failed before anyone reads
    them (one indexed query when none is dead)."""
    from touchpoints.analytics.jobs import run_kind
    from touchpoints.lib.jobs import expire

    return expire(run_kind(), AnalysisRun.objects.filter(workspace=workspace))


def run_list(*, workspace: Workspace, limit: int = LIST_LIMIT) -> list[AnalysisRun]:
    """The workspace's runs, newest first, without their (large) result."""
    expire_dead_runs(workspace=workspace)
    return list(
        AnalysisRun.objects.filter(workspace=workspace)
        .defer("result")
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def run_get(*, workspace: Workspace, pk: int, with_result: bool = True) -> AnalysisRun:
    expire_dead_runs(workspace=workspace)
    qs: QuerySet[AnalysisRun] = AnalysisRun.objects.filter(workspace=workspace).select_related("created_by")
    if not with_result:
        qs = qs.defer("result")
    return get_object_or_404(qs, pk=pk)


@dataclass(frozen=True)
class AttributionRow:
    """Credit of one model to one channel of a run (``segment`` empty: the whole log), read from
    the run's result: the one place attribution is kept. ``touchpoint_id`` is the matched
    touchpoint while it exists."""

    segment: str
    channel: str
    touchpoint_id: int | None
    model: str
    conversions: float
    share: float
    value: float
    ci_low: float | None
    ci_high: float | None
    value_low: float | None
    value_high: float | None


def _part(result: Mapping[str, Any], segment: str) -> Mapping[str, Any]:
    if not segment:
        return result
    for s in result.get("segments") or []:
        if str(s.get("segment", "")) == segment:
            part: Mapping[str, Any] = s.get("result") or {}
            return part
    return {}


def attribution_rows(*, run: AnalysisRun, segment: str = "", model: str | None = None) -> list[AttributionRow]:
    """The run's attribution per model and channel, ordered by model then channel (two queries
    at most: the result when it was deferred, and which matched touchpoints still exist)."""
    result = run.result or {}
    matched = {m["channel"]: m["touchpoint_id"] for m in (result.get("matching") or {}).get("matched", [])}
    existing = (
        set(
            Touchpoint.objects.filter(workspace_id=run.workspace_id, pk__in=list(matched.values())).values_list(
                "pk", flat=True
            )
        )
        if matched
        else set()
    )
    rows = [
        AttributionRow(
            segment=segment,
            channel=str(row["channel"]),
            touchpoint_id=matched[row["channel"]] if matched.get(row["channel"]) in existing else None,
            model=str(row["model"]),
            conversions=float(row.get("conversions") or 0.0),
            share=float(row.get("share") or 0.0),
            value=float(row.get("value") or 0.0),
            ci_low=row.get("conversions_low"),
            ci_high=row.get("conversions_high"),
            value_low=row.get("value_low"),
            value_high=row.get("value_high"),
        )
        for row in _part(result, segment).get("attribution", [])
        if not model or row["model"] == model
    ]
    return sorted(rows, key=lambda r: (r.model, r.channel))


def latest_run(*, workspace: Workspace) -> AnalysisRun | None:
    """The newest finished analysis of the whole log (one without filters), else the newest finished."""
    done = AnalysisRun.objects.filter(workspace=workspace, status=RunStatus.DONE).defer("result")
    unfiltered = [r for r in done.order_by("-finished_at", "-id")[:50] if not r.has_filters]
    if unfiltered:
        return unfiltered[0]
    return done.order_by("-finished_at", "-id").first()


def latest_attribution(workspace: Workspace) -> dict[int, dict[str, float]]:
    """Touchpoint id → {model: share of conversions} from the newest finished analysis of the
    workspace (see :func:`latest_run`); channels matched to one touchpoint add up. Touchpoints
    no channel matched are absent. Three queries."""
    run = latest_run(workspace=workspace)
    if run is None:
        return {}
    out: dict[int, dict[str, float]] = defaultdict(dict)
    for row in attribution_rows(run=run):
        if row.touchpoint_id is not None:
            out[row.touchpoint_id][row.model] = out[row.touchpoint_id].get(row.model, 0.0) + row.share
    return dict(out)


def touchpoint_names(*, workspace: Workspace | int, ids: Iterable[Any]) -> dict[int, str]:
    clean = int_params(ids)
    if not clean:
        return {}
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    return dict(Touchpoint.objects.filter(workspace_id=workspace_id, pk__in=clean).values_list("id", "name"))
