"""Impact on the journey map: a thin bar on each card, as long as the touchpoint's impact relative
to the largest of its source (see ``selectors.ImpactFigure.relative``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.impact.report import source_label, unit_label
from touchpoints.lib.i18n import figure


def impact_badges(*, workspace: Any, touchpoint_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    from touchpoints.impact.selectors import touchpoint_impacts

    out: dict[int, dict[str, Any]] = {}
    for tp_id, fig in touchpoint_impacts(workspace=workspace).items():
        if tp_id in touchpoint_ids:
            out[tp_id] = {
                "value": max(0.0, min(1.0, fig.relative)),
                "title": _("Impact: %(value)s %(unit)s (%(source)s)")
                % {
                    "value": figure(fig.value, 2),
                    "unit": unit_label(fig.unit),
                    "source": source_label(fig.source),
                },
            }
    return out


def register() -> None:
    try:
        from touchpoints.journeys.experience import register_badge_provider
    except ImportError:  # a journeys app without the badge hook
        return
    register_badge_provider(impact_badges)
