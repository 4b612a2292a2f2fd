"""The coverage, competitors and top ten sections of a report: how the inventory covers the
method's classes, how the own brand compares with its rivals, and what to work on first."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from touchpoints.inventory import choices as ic
from touchpoints.inventory.selectors import inventory_coverage
from touchpoints.lib.charts import chart_svg
from touchpoints.priorities.presentation import MARKET_LABELS
from touchpoints.priorities.selectors import market_weight, matrix_spec, priority_list, radar_spec, top_ten
from touchpoints.reports.collect.values import rounded

GAP_ROWS = 15


def coverage(*, workspace: Any) -> dict[str, Any]:
    cov = inventory_coverage(workspace=workspace)
    stage, area, status = dict(ic.Stage.choices), dict(ic.Area.choices), dict(ic.PresenceStatus.choices)
    channel = dict(ic.Channel.choices)
    return {
        "total": cov.total,
        "unclassified": cov.unclassified,
        "by_stage": [[str(stage[k]), v] for k, v in cov.by_stage.items()],
        "by_area": [[str(area[k]), v] for k, v in cov.by_area.items()],
        "by_channel": [[str(channel.get(k, k)), v] for k, v in cov.by_channel.items()],
        "by_status": [[str(status[k]), v] for k, v in cov.by_status.items()],
        "empty_stages": [str(stage[k]) for k in cov.empty_stages],
        "empty_areas": [str(area[k]) for k in cov.empty_areas],
    }


def competitors(*, workspace: Any, matrix: Any) -> dict[str, Any]:
    names = {b.id: b.name for b in matrix.brands}
    rivals = [b for b in matrix.brands if not b.is_own]
    scored = any(cell.score is not None for r in matrix.rows for cell in r.cells.values())
    radar = chart_svg(radar_spec(workspace=workspace, by="stage", matrix=matrix)) if rivals and scored else ""
    gaps = []
    for r in matrix.gaps[:GAP_ROWS]:
        best_brand, best = r.best_rival
        gaps.append(
            {
                "name": r.name,
                "own": rounded(r.own.score),
                "best": rounded(best),
                "best_brand": names.get(best_brand, ""),
                "gap": rounded(r.gap),
            }
        )
    weight = market_weight(workspace=workspace)
    return {
        "brands": [{"name": b.name, "color": b.color, "own": b.is_own} for b in matrix.brands],
        "rivals": len(rivals),
        "unique": [r.name for r in matrix.unique],
        "missing": len(matrix.missing),
        "gaps": gaps,
        "radar_svg": radar,
        "weight": _market(weight),
    }


def _market(weight: Any) -> dict[str, Any]:
    """How much the comparison matters in this market (the priorities app's weighting)."""
    levels = {"low": _("low"), "medium": _("medium"), "high": _("high")}
    return {
        "score": rounded(weight.score),
        "level": str(levels.get(weight.level or "", "")),
        "components": [
            {
                "name": str(MARKET_LABELS.get(c.name, c.name)),
                "weight": c.weight,
                "value": None if c.value is None else round(c.value, 2),
                "points": round(c.contribution, 1),
            }
            for c in weight.components
        ],
    }


def priorities(*, workspace: Any, matrix: Any) -> tuple[list[dict[str, Any]], str]:
    rows = priority_list(workspace=workspace, matrix=matrix)
    top = [
        {
            "position": e.position,
            "name": e.name,
            "reason": e.reason,
            "rank": e.priority_rank,
            "score": rounded(e.priority_score, 2),
            "own_score": rounded(e.own_score),
        }
        for e in top_ten(workspace=workspace, rows=rows)
    ]
    chart = chart_svg(matrix_spec(workspace=workspace, rows=rows)) if any(r.score is not None for r in rows) else ""
    return top, chart
