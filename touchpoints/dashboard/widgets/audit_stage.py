"""Audit score by purchase stage: the latest finished audit of your brand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import inventory_url
from touchpoints.dashboard.widgets import OwnAuditWidget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.fields import decode_values


@register
class AuditScoreByStage(OwnAuditWidget):
    name = "audit-stage"

    def from_scores(self, audit: Any, scores: dict[int, float], workspace: Any) -> dict[str, Any]:
        sums: dict[str, list[float]] = {s: [] for s in c.Stage.values}
        for pk, raw in Touchpoint.objects.filter(workspace=workspace).values_list("pk", "stages"):
            if pk not in scores:
                continue
            for stage in decode_values(raw) if isinstance(raw, str) else raw or []:
                if stage in sums:
                    sums[stage].append(scores[pk])
        labels = dict(c.Stage.choices)
        rows = [
            {
                "label": str(labels[s]),
                "score": round(sum(v) / len(v), 1),
                "n": len(v),
                "url": inventory_url(workspace, stage=s),
            }
            for s, v in sums.items()
            if v
        ]
        return {"audit": audit, "rows": rows, "overall": (audit.summary or {}).get("overall")} if rows else {}

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.score_bars(
            data["rows"],
            value_title=_("Score, 0–100"),
            label_title=_("Purchase stage"),
            count_title=_("Touchpoints scored"),
        )
