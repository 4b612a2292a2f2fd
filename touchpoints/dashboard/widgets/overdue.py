"""Overdue actions: open actions past their deadline, the longest overdue first, with their owners."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from touchpoints.dashboard.widgets import Widget, register

SHOWN = 8


@register
class OverdueActions(Widget):
    name = "overdue"

    def select(self, workspace: Any) -> dict[str, Any]:
        from touchpoints.actions import choices as c
        from touchpoints.actions.models import Action
        from touchpoints.actions.selectors import owner_label

        today = timezone.localdate()
        overdue = Action.objects.filter(workspace=workspace, status__in=c.OPEN, deadline__lt=today)
        shown = list(overdue.select_related("owner_user", "touchpoint").order_by("deadline", "id")[:SHOWN])
        if not shown:
            return {}
        total = overdue.count() if len(shown) == SHOWN else len(shown)
        rows = [
            {
                "title": a.title,
                "owner": owner_label(a),
                "deadline": a.deadline,
                "days": (today - a.deadline).days if a.deadline else 0,
                "touchpoint": a.touchpoint.name if a.touchpoint else "",
                "url": reverse("actions:detail", kwargs={"slug": workspace.slug, "pk": a.pk}),
            }
            for a in shown
        ]
        return {
            "rows": rows,
            "total": total,
            "url": reverse("actions:list", kwargs={"slug": workspace.slug}) + "?overdue=1",
        }
