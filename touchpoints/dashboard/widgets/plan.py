"""Plan progress: the actions by status and the share done."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from touchpoints.dashboard import specs
from touchpoints.dashboard.widgets import Widget, register


@register
class PlanProgress(Widget):
    name = "plan"

    def select(self, workspace: Any) -> dict[str, Any]:
        from touchpoints.actions import choices as c
        from touchpoints.actions.models import Action

        counts = dict(
            Action.objects.filter(workspace=workspace)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        if not counts:
            return {}
        base = reverse("actions:list", kwargs={"slug": workspace.slug})
        rows = [
            {
                "label": str(label),
                "count": counts.get(value, 0),
                "color": c.STATUS_COLORS[value],
                "url": f"{base}?status={value}",
            }
            for value, label in c.Status.choices
        ]
        kept = sum(counts.values()) - counts.get(c.Status.DROPPED, 0)
        done = counts.get(c.Status.DONE, 0)
        return {"rows": rows, "kept": kept, "done": done, "share": round(100 * done / kept) if kept else 0}

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.colored_bars(data["rows"], value_title=_("Actions"), label_title=_("Status"))
