"""Audit score by purchase stage: the latest finished audit of your brand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import inventory_url, latest_own_scores
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.fields import decode_values


@register
class AuditScoreByStage(Widget):
    name = "audit-stage"
    title = gettext_lazy("Audit score by purchase stage")
    order = 50
    template = "dashboard/widgets/audit.html"
    empty_text = gettext_lazy(
        "No finished audit of your brand yet. Walk the customer's path and score what "
        "you meet; the scores appear here once the audit is submitted."
    )
    empty_link = ("audits:list", gettext_lazy("Go to audits"))

    def select(self, workspace: Any) -> dict[str, Any]:
        audit, scores = latest_own_scores(workspace)
        if not scores:
            return {}
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
