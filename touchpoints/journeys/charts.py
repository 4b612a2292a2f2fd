"""The journey map's chart: the experience curve along the steps, as a Vega-Lite spec (the
conventions of ``touchpoints.lib.vega``). The SVG export draws the same curve in ``svgmap``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from touchpoints.journeys.selectors import JourneyMap
from touchpoints.lib import vega


def curve_spec(
    points: list[dict[str, Any]],
    *,
    color_field: str = "source",
    height: int = vega.SMALL,
    colors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The experience curve as Vega-Lite: every step along x (unscored ones marked "?" on the zero
    line), −2…+2 up, a zero line."""
    labels = list(dict.fromkeys(p["label"] for p in points))
    y = {
        "field": "value",
        "type": "quantitative",
        "title": _("Experience"),
        "scale": {"domain": [-2, 2]},
        "axis": {
            "values": [-2, -1, 0, 1, 2],
            "labelExpr": "datum.value > 0 ? '+' + datum.value : datum.value < 0 ? '\u2212' + abs(datum.value) : '0'",
        },
    }
    x = {
        "field": "label",
        "type": "ordinal",
        "title": None,
        "scale": {"domain": labels},
        "axis": {"labelAngle": -30, "labelLimit": 150},
    }
    return {
        "description": _("Experience curve"),  # what a screen reader calls the chart
        **vega.sized(height),
        "data": {"values": points},
        "layer": [
            {"mark": {"type": "rule", "color": vega.MUTED}, "encoding": {"y": {"datum": 0}}},
            {
                "transform": [{"filter": "datum.value != null"}],
                "mark": {"type": "line", "point": {"size": 70, "filled": True}, "strokeWidth": 2.5},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": color_field,
                        "type": "nominal",
                        "title": None,
                        "legend": {"orient": "top", "labelLimit": 360},
                        **({"scale": vega.colour_scale(colors, colors)} if colors else {}),
                    },
                    "tooltip": vega.tooltip(
                        ("label", _("Step")), ("value", _("Experience"), "+.1f"), ("source_label", _("Source"))
                    ),
                },
            },
            {
                "transform": [{"filter": "datum.value == null"}, {"calculate": "0", "as": "zero"}],
                "mark": {"type": "text", "text": "?", "fontSize": 16, "fontWeight": "bold", "color": vega.MUTED},
                "encoding": {
                    "x": x,
                    "y": {"field": "zero", "type": "quantitative", "scale": {"domain": [-2, 2]}},
                    "tooltip": vega.tooltip(("label", _("Step")), ("source_label", _("Source"))),
                },
            },
        ],
    }


def curve_points(journey_map: JourneyMap) -> list[dict[str, Any]]:
    sources = {"audit": _("audit score"), "expected": _("expected experience"), "": _("not judged")}
    return [
        {
            "label": f"{p.number}. {p.name[:40]}",
            "value": p.value,
            "source": sources[p.source],
            "source_label": sources[p.source],
            "n": p.number,
        }
        for p in journey_map.curve
    ]
