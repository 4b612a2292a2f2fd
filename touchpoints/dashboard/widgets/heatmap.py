"""Heat map of touchpoints × criteria in the latest finished audit of your brand (worst first)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from touchpoints.audits.models import AuditItem, Criterion, Score
from touchpoints.dashboard import specs
from touchpoints.dashboard.widgets import OwnAuditWidget, register
from touchpoints.inventory.models import Touchpoint

ROWS = 12
COLUMNS = 12


@register
class AuditHeatmap(OwnAuditWidget):
    name = "heatmap"

    def from_scores(self, audit: Any, scores: dict[int, float], workspace: Any) -> dict[str, Any]:
        worst = sorted(scores, key=lambda pk: (scores[pk], pk))[:ROWS]
        items = dict(AuditItem.objects.filter(audit=audit, touchpoint_id__in=worst).values_list("pk", "touchpoint_id"))
        sums: dict[tuple[int, int], list[float]] = {}
        for item_id, cid, value in Score.objects.filter(
            item_id__in=list(items), value__isnull=False, not_applicable=False
        ).values_list("item_id", "criterion_id", "value"):
            sums.setdefault((items[item_id], cid), []).append(float(value or 0))
        cells = [(tp, cid, sum(v) / len(v)) for (tp, cid), v in sums.items()]
        if not cells:
            return {}
        # The criteria met most often among these touchpoints become the columns.
        frequency: dict[int, int] = {}
        for _tp, cid, _v in cells:
            frequency[cid] = frequency.get(cid, 0) + 1
        columns = sorted(frequency, key=lambda cid: (-frequency[cid], cid))[:COLUMNS]
        labels = {cr.pk: cr.label for cr in Criterion.objects.filter(pk__in=columns).select_related("from_template")}
        names = dict(Touchpoint.objects.filter(pk__in=worst).values_list("pk", "name"))
        order = {pk: i for i, pk in enumerate(worst)}
        slug = workspace.slug
        values = [
            {
                "touchpoint": f"{names.get(tp, tp)}",
                "criterion": labels.get(cid, str(cid)),
                "score": round(v, 1),
                "order": order[tp],
                "url": reverse("inventory:detail", kwargs={"slug": slug, "pk": tp}),
            }
            for tp, cid, v in cells
            if cid in labels
        ]
        return {"audit": audit, "cells": values, "overall": (audit.summary or {}).get("overall")} if values else {}

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.heatmap(data["cells"], score_title=_("Score, 0–100"))
