"""Impact summary: the touchpoints with the largest impact, each with its interval."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from touchpoints.dashboard import specs
from touchpoints.dashboard.widgets import Widget, register

SHOWN = 8


@register
class ImpactSummary(Widget):
    name = "impact"

    def select(self, workspace: Any) -> dict[str, Any]:
        from touchpoints.impact.choices import UNIT_LABELS, ImpactSource
        from touchpoints.impact.selectors import counting_source, touchpoint_impacts
        from touchpoints.inventory.models import Touchpoint

        figures = list(touchpoint_impacts(workspace=workspace).values())
        if not figures:
            return {}
        # Figures in different units do not share an axis: the unit of the source the team counts
        # (the impact page's ★) is shown, or, when it has no figure, the unit most touchpoints have.
        counting = counting_source(workspace=workspace)
        counted = [f for f in figures if f.source == counting]
        unit = Counter(f.unit for f in counted or figures).most_common(1)[0][0]
        top = sorted((f for f in figures if f.unit == unit), key=lambda f: -abs(f.value))[:SHOWN]
        names = dict(Touchpoint.objects.filter(pk__in=[f.touchpoint_id for f in top]).values_list("pk", "name"))
        sources = dict(ImpactSource.choices)
        rows = [
            {
                "label": names.get(f.touchpoint_id, "?"),
                "value": round(f.value, 3),
                "low": None if f.low is None else round(f.low, 3),
                "high": None if f.high is None else round(f.high, 3),
                "source": str(sources.get(f.source, f.source)),
                "url": reverse("inventory:detail", kwargs={"slug": workspace.slug, "pk": f.touchpoint_id}),
            }
            for f in top
        ]
        return {
            "rows": rows,
            "unit": str(UNIT_LABELS.get(unit, unit)),
            "total": len(figures),
            "other_units": len(figures) - sum(1 for f in figures if f.unit == unit),
        }

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any]:
        return specs.interval_bars(
            data["rows"],
            value_title=data["unit"],
            low_title=_("Lower bound"),
            high_title=_("Upper bound"),
            source_title=_("Source"),
        )
