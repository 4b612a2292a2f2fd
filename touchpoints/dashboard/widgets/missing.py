"""Missing touchpoints: those your brand lacks (missing or planned), competitors' ones first."""

from __future__ import annotations

from typing import Any

from touchpoints.dashboard.selectors import inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence, Touchpoint

SHOWN = 8


@register
class MissingTouchpoints(Widget):
    name = "missing"

    def select(self, workspace: Any) -> dict[str, Any]:
        lacking = [c.PresenceStatus.MISSING, c.PresenceStatus.PLANNED]
        brands = dict(workspace.brands.values_list("pk", "is_own"))
        own = [pk for pk, is_own in brands.items() if is_own]
        rivals = [pk for pk, is_own in brands.items() if not is_own]
        missing = dict(
            Presence.objects.filter(brand_id__in=own, status__in=lacking).values_list("touchpoint_id", "status")
        )
        if not missing:
            return {}
        rivals_have = (
            set(
                Presence.objects.filter(brand_id__in=rivals, status=c.PresenceStatus.EXISTS).values_list(
                    "touchpoint_id", flat=True
                )
            )
            if rivals
            else set()
        )
        names = dict(Touchpoint.objects.filter(workspace=workspace).values_list("pk", "name"))
        order = sorted(
            missing,
            key=lambda pk: (pk not in rivals_have, missing[pk] != c.PresenceStatus.MISSING, names.get(pk, "").lower()),
        )
        labels = dict(c.PresenceStatus.choices)
        return {
            "total": len(missing),
            "rivals": len(rivals_have & set(missing)),
            "rows": [
                {"name": names.get(pk, ""), "status": labels[missing[pk]], "rivals": pk in rivals_have, "pk": pk}
                for pk in order[:SHOWN]
            ],
            "url": inventory_url(workspace, status=lacking),
        }
