"""The plan and inventory sections of a report: every action with its measured effect, and every
touchpoint with the own brand's presence and score."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.defaultfilters import floatformat

from touchpoints.actions.selectors import action_rows
from touchpoints.inventory import choices as ic
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.fields import decode_values
from touchpoints.reports.collect.values import labels, rounded


def _kpi_number(value: Any) -> str:
    """35 or 12,50: a KPI figure as the action's page writes it, in the report's language."""
    return "" if value is None else str(floatformat(value, -2))


def plan(*, workspace: Any, today: dt.date) -> list[dict[str, Any]]:
    out = []
    for row in action_rows(workspace=workspace, today=today, measure=True):
        a, m = row.action, row.measurement
        out.append(
            {
                "title": a.title,
                "target": a.touchpoint.name if a.touchpoint else (a.journey.name if a.journey else ""),
                "owner": row.owner_label,
                "owner_left": row.owner_left,
                "deadline": a.deadline.isoformat() if a.deadline else None,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "overdue": row.overdue,
                "kpi": " ".join(
                    p
                    for p in [
                        a.kpi_name,
                        _kpi_number(a.kpi_baseline),
                        "→",
                        _kpi_number(a.kpi_target),
                        a.kpi_unit,
                    ]
                    if p
                )
                if a.kpi_name
                else "",
                "before": rounded(m.before.value) if m and m.before else None,
                "after": rounded(m.after.value) if m and m.after else None,
                "change": m.change if m else None,
                "measure_state": m.state if m else "",
            }
        )
    return out


def inventory(*, workspace: Any, matrix: Any) -> list[dict[str, Any]]:
    own = {r.touchpoint_id: r.own for r in matrix.rows}
    status = dict(ic.PresenceStatus.choices)
    area, channel = dict(ic.Area.choices), dict(ic.Channel.choices)
    out = []
    for pk, name, code, stages, a, ch, unit in (
        Touchpoint.objects.filter(workspace=workspace)
        .order_by("name", "id")
        .values_list("pk", "name", "code", "stages", "area", "channel", "owner_unit")
    ):
        cell = own.get(pk)
        out.append(
            {
                "name": name,
                "code": code,
                "stages": labels(ic.Stage, decode_values(stages) if isinstance(stages, str) else stages),
                "area": str(area.get(a, a or "")),
                "channel": str(channel.get(ch, ch or "")),
                "owner": unit,
                "status": str(status.get(cell.status, "")) if cell else "",
                "score": rounded(cell.score) if cell else None,
            }
        )
    return out
