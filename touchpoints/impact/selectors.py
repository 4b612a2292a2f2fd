"""Reads of impact, with a bounded number of queries.

``touchpoint_impacts(workspace=...)`` is the one entry point other features use (the priorities,
the journey map): touchpoint id → :class:`ImpactFigure`, the figure of the source the workspace
chose, or of the next source that has one (survey, logs, manual).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from touchpoints.impact.choices import FALLBACK_ORDER, ImpactSource
from touchpoints.impact.models import ImpactEstimate, ImpactSettings
from touchpoints.lib.records import attributes
from touchpoints.workspaces.models import Workspace

LIMIT = 5000


@dataclass(frozen=True)
class ImpactFigure:
    """One touchpoint's impact.

    ``value``, ``low``, ``high``: the figure and its interval (``low``/``high`` None when the
    source gives none) in ``unit`` — ``likelihood_per_step`` (survey key drivers: points of the
    0–10 likelihood to choose per step of positivity), ``conversions_lost`` (logs: expected
    conversions lost without the touchpoint) or a manual estimate's own unit. ``relative`` is
    ``value`` over the largest absolute value of the same source in the workspace (−1 … 1), to
    compare touchpoints across sources. ``source``: survey, logs or manual; ``date``: when it was
    computed; ``origin``: "study:<id>", "run:<id>" or "manual:<estimate id>"; ``origin_label``:
    the study's or run's name, or the author's name.
    """

    touchpoint_id: int
    value: float
    low: float | None
    high: float | None
    unit: str
    source: str
    date: datetime
    origin: str
    origin_label: str
    relative: float
    estimate_id: int
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict, compare=False)


def counting_source(*, workspace: Workspace) -> str:
    chosen = ImpactSettings.objects.filter(workspace=workspace).values_list("source", flat=True).first()
    return chosen or ImpactSource.SURVEY


def current_estimates(*, workspace: Workspace, source: str | None = None, segment: str = "") -> list[ImpactEstimate]:
    qs = ImpactEstimate.objects.filter(workspace=workspace, current=True, segment=segment).select_related(
        "touchpoint", "study", "run", "author"
    )
    if source:
        qs = qs.filter(source=source)
    return list(qs.order_by("-computed_at", "-id")[:LIMIT])


def _origin(e: ImpactEstimate) -> tuple[str, str]:
    if e.source == ImpactSource.SURVEY and e.study_id:
        return f"study:{e.study_id}", e.study.name if e.study else ""
    if e.source == ImpactSource.LOGS and e.run_id:
        return f"run:{e.run_id}", e.run.name if e.run else ""
    author = ""
    if e.author is not None:
        author = e.author.get_full_name() or e.author.get_username()
    return f"manual:{e.pk}", author


def figures(estimates: list[ImpactEstimate]) -> dict[str, dict[int, ImpactFigure]]:
    """source → touchpoint id → figure (the newest current estimate with a value)."""
    scale: dict[str, float] = {}
    for e in estimates:
        if e.value is not None:
            scale[e.source] = max(scale.get(e.source, 0.0), abs(e.value))
    out: dict[str, dict[int, ImpactFigure]] = {}
    for e in estimates:
        if e.value is None or e.touchpoint_id in out.get(e.source, {}):
            continue
        origin, label = _origin(e)
        s = scale.get(e.source) or 1.0
        out.setdefault(e.source, {})[e.touchpoint_id] = ImpactFigure(
            **attributes(e, "touchpoint_id", "value", "low", "high", "unit", "source"),
            date=e.computed_at,
            origin=origin,
            origin_label=label,
            relative=e.value / s,
            estimate_id=e.pk,
            reason=e.reason,
            details=e.details or {},
        )
    return out


def touchpoint_impacts(*, workspace: Workspace) -> dict[int, ImpactFigure]:
    """Touchpoint id → the impact that counts for the workspace (see the module docstring).
    Touchpoints with no figure from any source are absent. Two queries."""
    by_source = figures(current_estimates(workspace=workspace))
    preferred = counting_source(workspace=workspace)
    order = [preferred] + [s for s in FALLBACK_ORDER if s != preferred]
    out: dict[int, ImpactFigure] = {}
    for source in order:
        for tp_id, fig in by_source.get(source, {}).items():
            out.setdefault(tp_id, fig)
    return out


def segments(*, workspace: Workspace) -> list[str]:
    """Segments with current survey figures."""
    return sorted(
        set(
            ImpactEstimate.objects.filter(workspace=workspace, current=True, source=ImpactSource.SURVEY)
            .exclude(segment="")
            .values_list("segment", flat=True)[:LIMIT]
        )
    )


def not_enough(*, workspace: Workspace, segment: str = "") -> list[ImpactEstimate]:
    """Current survey estimates that had too few answers."""
    return [
        e
        for e in current_estimates(workspace=workspace, source=ImpactSource.SURVEY, segment=segment)
        if e.value is None
    ]
