"""Vega-Lite specs of the results page (rendered by touchpoints.lib.charts.chart_html); no ORM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.lib import vega

MODEL_COLORS = list(vega.CATEGORY_COLOURS)


def attribution_spec(matrix: Mapping[str, Any]) -> dict[str, Any]:
    """Every model side by side per channel (grouped bars), with bootstrap intervals as rules."""
    values = []
    for row in matrix["rows"]:
        for model, cell in zip(matrix["models"], row["cells"]):
            if cell is None:
                continue
            values.append(
                {
                    "channel": row["channel"],
                    "model": model["label"],
                    "conversions": round(cell.conversions, 4),
                    "share": cell.share,
                    "low": cell.low,
                    "high": cell.high,
                }
            )
    order = [row["channel"] for row in matrix["rows"]]
    labels = [m["label"] for m in matrix["models"]]
    conversions_title = _("Conversions")
    x = {
        "field": "channel",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelAngle": -30, "labelLimit": 160},
    }
    color = {
        "field": "model",
        "type": "nominal",
        "sort": labels,
        "title": _("Model"),
        "scale": {"domain": labels, "range": MODEL_COLORS[: len(labels)]},
        "legend": {"orient": "top", "columns": 4, "labelLimit": 220},
    }
    bars: dict[str, Any] = {
        "mark": {"type": "bar", "cornerRadiusTopLeft": 2, "cornerRadiusTopRight": 2},
        "params": [{"name": "pick", "select": {"type": "point", "fields": ["model"]}, "bind": "legend"}],
        "encoding": {
            "x": x,
            "xOffset": {"field": "model", "type": "nominal", "sort": labels},
            "y": {"field": "conversions", "type": "quantitative", "title": conversions_title},
            "color": color,
            "opacity": {"condition": {"param": "pick", "value": 1}, "value": 0.2},
            "tooltip": vega.tooltip(
                ("channel", _("Channel")),
                ("model", _("Model")),
                ("conversions", conversions_title, ".1f"),
                ("share", _("Share of conversions"), ".1%"),
                ("low", _("Lower bound"), ".1f"),
                ("high", _("Upper bound"), ".1f"),
            ),
        },
    }
    layers = [bars]
    if matrix.get("has_ci"):
        layers.append(
            {
                "mark": {"type": "rule", "color": vega.INK, "strokeWidth": 1},
                "transform": [{"filter": "datum.low != null"}],
                "encoding": {
                    "x": x,
                    "xOffset": {"field": "model", "type": "nominal", "sort": labels},
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            }
        )
    return {
        **vega.sized(vega.LARGE),
        "data": {"values": values},
        "layer": layers,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": {"left": 8, "top": 4, "right": 4, "bottom": 4},
    }


def path_length_spec(part: Mapping[str, Any]) -> dict[str, Any]:
    converted, other = _("converted"), _("not converted")
    values = []
    for row in part.get("path_lengths", []):
        values.append({"length": row["length"], "kind": converted, "journeys": row["conversions"]})
        values.append({"length": row["length"], "kind": other, "journeys": row["journeys"] - row["conversions"]})
    return {
        **vega.sized(vega.MEDIUM),
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "length",
                "type": "ordinal",
                "title": _("Touches in the journey"),
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "journeys", "type": "quantitative", "title": _("Journeys"), "stack": True},
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "sort": [converted, other],
                "scale": {"domain": [converted, other], "range": [vega.GOOD, vega.MUTED]},
                "legend": {"orient": "top"},
            },
            "tooltip": vega.tooltip(
                ("length", _("Touches in the journey")), ("kind", vega.UNTITLED), ("journeys", _("Journeys"))
            ),
        },
    }


def time_to_conversion_spec(histogram: list[dict[str, Any]]) -> dict[str, Any]:
    order = [h["bucket"] for h in histogram]
    return {
        **vega.sized(vega.MEDIUM),
        "data": {"values": histogram},
        "mark": {"type": "bar", "color": vega.GOOD},
        "encoding": {
            "x": {
                "field": "bucket",
                "type": "ordinal",
                "sort": order,
                "title": _("First touch to conversion"),
                "axis": {"labelAngle": 0, "labelLimit": 120},
            },
            "y": {"field": "conversions", "type": "quantitative", "title": _("Conversions")},
            "tooltip": vega.tooltip(("bucket", _("Time")), ("conversions", _("Conversions"))),
        },
    }
