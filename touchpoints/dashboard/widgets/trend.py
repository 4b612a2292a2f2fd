"""Trends over time: the overall score of every finished audit, one line per brand."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from touchpoints.audits import choices as ac
from touchpoints.audits.models import Audit
from touchpoints.dashboard import specs
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.lib import vega

LIMIT = 60


@register
class AuditTrend(Widget):
    name = "trend"

    def select(self, workspace: Any) -> dict[str, Any]:
        rows = list(
            Audit.objects.filter(workspace=workspace, status__in=ac.FINISHED, summary__isnull=False)
            .order_by("-submitted_at", "-id")
            .values_list(
                "pk", "name", "brand__name", "brand__color", "ends_on", "submitted_at", "created_at", "summary__overall"
            )[:LIMIT]
        )
        points: list[dict[str, Any]] = []
        colors: dict[str, str] = {}
        for pk, name, brand, color, ends_on, submitted_at, created_at, overall in rows:
            if overall is None:
                continue
            day = ends_on or (submitted_at or created_at).date()
            if brand not in colors:  # brands sharing a colour get distinct ones from the palette
                colors[brand] = vega.distinct_colour(color, colors.values())
            points.append(
                {
                    "date": day.isoformat(),
                    "score": round(float(overall), 1),
                    "brand": brand,
                    "audit": name,
                    "url": reverse("audits:results", kwargs={"slug": workspace.slug, "pk": pk}),
                }
            )
        points.sort(key=lambda p: str(p["date"]))
        return {"points": points, "colors": colors} if points else {}

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.trend(
            data["points"], data["colors"], score_title=_("Overall score"), date_title=_("Date"), brand_title=_("Brand")
        )
