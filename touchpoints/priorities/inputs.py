"""Where the priority's impact and cost come from: ONE function each, so another source can be
added in one place.

``impact_inputs`` returns the team's manual estimates today (1–5 divided by 5). When an impact
app offers ``touchpoint_impacts(*, workspace) -> {touchpoint id: figure}`` (a figure with
``.value``/``.low``/``.high``/``.source``), that source is to be merged here, its values brought
to 0–1, with a manual estimate taking precedence only where the team set one deliberately.
"""

from __future__ import annotations

from dataclasses import dataclass

from touchpoints.priorities.formula import impact_from_estimate
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


@dataclass(frozen=True)
class CostFigure:
    effort: int | None  # 1–5
    cost: float | None  # money
    note: str = ""


def _estimates(workspace: Workspace) -> list[tuple]:
    return list(Estimate.objects.filter(touchpoint__workspace=workspace).values_list(
        "touchpoint_id", "impact", "impact_reason", "effort", "cost", "cost_note"))


def impact_inputs(*, workspace: Workspace, rows: list[tuple] | None = None) -> dict[int, ImpactFigure]:
    """Touchpoint id → impact figure (0–1). One query (none when ``rows`` are given)."""
    out: dict[int, ImpactFigure] = {}
    for tp_id, impact, reason, _effort, _cost, _note in rows if rows is not None else _estimates(workspace):
        value = impact_from_estimate(impact)
        if value is not None:
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
