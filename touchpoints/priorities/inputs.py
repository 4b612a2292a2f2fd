"""Where the priority's impact and cost come from: ONE function each, so another source can be
added in one place.

``impact_inputs`` takes, per touchpoint, the impact that counts for the workspace from the impact
app (``impact.selectors.touchpoint_impacts``: the source the workspace chose — survey key
drivers, log attribution or a person's estimate on the impact page — or the next one that has a
figure), brought to 0–1 by ``formula.impact_from_measure``. Where the impact app has no figure
for a touchpoint, the team's manual 1–5 estimate of this app (with its reason) is used, divided
by 5. Missing in both stays missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoints.priorities.formula import impact_from_estimate, impact_from_measure
from touchpoints.priorities.models import Estimate
from touchpoints.workspaces.models import Workspace

MANUAL = "manual"


@dataclass(frozen=True)
class ImpactFigure:
    value: float  # 0–1
    low: float | None
    high: float | None
    source: str  # "manual", or the name of the measuring source
    reason: str = ""
    estimate: int | None = None  # the manual 1–5 estimate, when the figure is one
    # A measured figure as the impact app gives it: in its own unit, with where it came from.
    raw: float | None = None
    raw_low: float | None = None
    raw_high: float | None = None
    unit: str = ""
    origin: str = ""  # the study's or run's name, or the author of an estimate
    date: Any = None


@dataclass(frozen=True)
class CostFigure:
    effort: int | None  # 1–5
    cost: float | None  # money
    note: str = ""


def _estimates(workspace: Workspace) -> list[tuple]:
    return list(
        Estimate.objects.filter(touchpoint__workspace=workspace).values_list(
            "touchpoint_id", "impact", "impact_reason", "effort", "cost", "cost_note"
        )
    )


def _scale(fig: Any, largest: dict[str, float]) -> float:
    """The figure's source scale: the one the impact app used for ``relative`` (value / relative),
    or the largest absolute figure of the source among those given when ``relative`` is 0."""
    if fig.relative:
        return abs(fig.value / fig.relative)
    return largest.get(fig.source, 0.0)


def measured_impacts(figures: dict[int, Any]) -> dict[int, ImpactFigure]:
    """The impact app's figures (``impact.selectors.ImpactFigure``) brought to 0–1. Pure."""
    largest: dict[str, float] = {}
    for fig in figures.values():
        largest[fig.source] = max(largest.get(fig.source, 0.0), abs(fig.value))
    out: dict[int, ImpactFigure] = {}
    for tp_id, fig in figures.items():
        value, low, high = impact_from_measure(fig.value, fig.low, fig.high, scale=_scale(fig, largest))
        out[tp_id] = ImpactFigure(
            value,
            low,
            high,
            fig.source,
            fig.reason,
            None,
            raw=fig.value,
            raw_low=fig.low,
            raw_high=fig.high,
            unit=fig.unit,
            origin=fig.origin_label,
            date=fig.date,
        )
    return out


def impact_inputs(*, workspace: Workspace, rows: list[tuple] | None = None) -> dict[int, ImpactFigure]:
    """Touchpoint id → impact figure (0–1): the impact app's figure when there is one, else the
    team's manual estimate. Three queries (two when ``rows`` are given)."""
    from touchpoints.impact.selectors import touchpoint_impacts

    out = measured_impacts(touchpoint_impacts(workspace=workspace))
    for tp_id, impact, reason, _effort, _cost, _note in rows if rows is not None else _estimates(workspace):
        value = impact_from_estimate(impact)
        if value is not None and tp_id not in out:
            out[tp_id] = ImpactFigure(value, value, value, MANUAL, reason, impact)
    return out


def cost_inputs(*, workspace: Workspace, rows: list[tuple] | None = None) -> dict[int, CostFigure]:
    """Touchpoint id → the manual cost estimate. One query (none when ``rows`` are given)."""
    out: dict[int, CostFigure] = {}
    for tp_id, _impact, _reason, effort, cost, note in rows if rows is not None else _estimates(workspace):
        if effort is not None or cost is not None:
            out[tp_id] = CostFigure(effort, None if cost is None else float(cost), note)
    return out


def estimate_rows(*, workspace: Workspace) -> list[tuple]:
    """The raw estimates, read once and shared by ``impact_inputs`` and ``cost_inputs``."""
    return _estimates(workspace)
