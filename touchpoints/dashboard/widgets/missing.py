"""Missing touchpoints: those your brand lacks (missing or planned), competitors' ones first."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from touchpoints.dashboard.selectors import inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence

SHOWN = 8


@register
class MissingTouchpoints(Widget):
    name = "missing"
    title = gettext_lazy("Missing touchpoints")
    order = 40
    template = "dashboard/widgets/missing.html"
    empty_text = gettext_lazy("No touchpoint is marked missing or planned for your brand. When you find one that "
                              "should exist but doesn't, add it and mark it missing.")
    empty_link = ("inventory:create", gettext_lazy("Add a touchpoint"))

    def select(self, workspace: Any) -> dict[str, Any]:
        lacking = [c.PresenceStatus.MISSING, c.PresenceStatus.PLANNED]
        rivals_have = Presence.objects.filter(touchpoint_id=OuterRef("touchpoint_id"), brand__is_own=False,
                                              status=c.PresenceStatus.EXISTS)
        qs = (Presence.objects.filter(touchpoint__workspace=workspace, brand__is_own=True, status__in=lacking)
              .annotate(rivals=Exists(rivals_have)))
        total = qs.count()
        if not total:
            return {}
        rows = list(qs.select_related("touchpoint").order_by("-rivals", "status", "touchpoint__name")[:SHOWN])
        return {
            "total": total,
            "rivals": qs.filter(rivals=True).count(),
            "rows": [{"name": p.touchpoint.name, "status": p.get_status_display(), "rivals": p.rivals,
                      "pk": p.touchpoint_id} for p in rows],
            "url": inventory_url(workspace, status=lacking),
        }
