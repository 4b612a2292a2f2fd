"""Reads of journey analytics, with a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.models import AnalysisRun, Attribution
from touchpoints.inventory.models import Touchpoint
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


def attribution_rows(*, run: AnalysisRun, segment: str = "", model: str | None = None) -> list[Attribution]:
    qs = Attribution.objects.filter(run=run, segment=segment).select_related("touchpoint")
    if model:
        qs = qs.filter(model=model)
    return list(qs.order_by("model", "channel"))


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
    no channel matched are absent. Two queries."""
    run = latest_run(workspace=workspace)
    if run is None:
        return {}
    out: dict[int, dict[str, float]] = defaultdict(dict)
    rows = Attribution.objects.filter(run=run, segment="", touchpoint__isnull=False).values_list(
        "touchpoint_id", "model", "share"
    )
    for touchpoint_id, model, share in rows:
        out[touchpoint_id][model] = out[touchpoint_id].get(model, 0.0) + float(share)
    return dict(out)


def touchpoint_names(*, workspace: Workspace, ids: list[Any]) -> dict[int, str]:
    clean = [int(i) for i in ids if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]
    if not clean:
        return {}
    return dict(Touchpoint.objects.filter(workspace=workspace, pk__in=clean).values_list("id", "name"))
