"""The campaign funnel: counts per stage and its Vega-Lite chart (no ORM here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.lib import vega


@dataclass(frozen=True)
class Counts:
    contacts: int = 0
    sent: int = 0
    delivered: int = 0
    opened: int = 0
    answered: int = 0
    opted_out: int = 0
    waiting: int = 0
    reminders: int = 0
    failed: int = 0

    def stages(self) -> list[dict[str, Any]]:
        """The funnel's stages in order, each with its count and its share of the contacts."""
        rows = [
            ("contacts", _("Contacts"), self.contacts),
            ("sent", _("Sent"), self.sent),
            ("delivered", pgettext("messages", "Delivered"), self.delivered),
            ("opened", _("Opened"), self.opened),
            ("answered", pgettext("contacts", "Answered"), self.answered),
            ("opted_out", _("Opted out"), self.opted_out),
        ]
        return [
            {
                "key": key,
                "label": str(label),
                "count": n,
                "share": round(100 * n / self.contacts, 1) if self.contacts else 0.0,
            }
            for key, label, n in rows
        ]


def funnel_spec(counts: Counts) -> dict[str, Any]:
    stages = counts.stages()
    order = [s["label"] for s in stages]
    return {
        "description": _("Review requests: contacts, sent, delivered, opened, answered, opted out"),
        **vega.sized(40 * len(stages)),
        "data": {"values": stages},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "count", "type": "quantitative", "title": _("Contacts")},
        },
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "color": {
                        "condition": {"test": "datum.key === 'opted_out'", "value": vega.BAD},
                        "value": vega.ACCENT,
                    },
                    "tooltip": vega.tooltip(("label", _("Stage")), ("count", _("Contacts")), ("share", "%")),
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }
