"""The top ten: the places of the current version, each with the action that works on it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from touchpoints.dashboard.widgets import Widget, register


@register
class TopTen(Widget):
    name = "top-ten"

    def select(self, workspace: Any) -> dict[str, Any]:
        from touchpoints.actions import choices as ac
        from touchpoints.actions.models import Action
        from touchpoints.priorities.models import TopTenPlace, TopTenVersion

        version = (
            TopTenVersion.objects.filter(workspace=workspace)
            .order_by("-created_at", "-id")
            .values_list("pk", "created_at")
            .first()
        )
        if version is None:
            return {}
        places = list(
            TopTenPlace.objects.filter(version_id=version[0])
            .order_by("position")
            .values_list("touchpoint_id", "touchpoint__name", "reason")
        )
        if not places:
            return {}
        ids = [p[0] for p in places]
        statuses: dict[int, list[str]] = {}
        kept = (
            Action.objects.filter(workspace=workspace)
            .exclude(status=ac.Status.DROPPED)
            .filter(Q(touchpoint_id__in=ids) | Q(priority__touchpoint_id__in=ids))
        )
        for tp, via_place, status in kept.values_list("touchpoint_id", "priority__touchpoint_id", "status")[:500]:
            statuses.setdefault(tp if tp in ids else via_place, []).append(status)
        labels = dict(ac.Status.choices)
        rows = []
        for position, (tp, name, reason) in enumerate(places, start=1):
            mine = statuses.get(tp, [])
            best = next((s for s in (ac.Status.DONE, ac.Status.IN_PROGRESS, ac.Status.PLANNED) if s in mine), "")
            rows.append(
                {
                    "position": position,
                    "name": name,
                    "reason": reason,
                    "status": best,
                    "status_label": labels.get(best, ""),
                    "actions": len(mine),
                    "url": reverse("inventory:detail", kwargs={"slug": workspace.slug, "pk": tp}),
                }
            )
        return {"rows": rows, "since": version[1], "without": sum(1 for r in rows if not r["actions"])}
