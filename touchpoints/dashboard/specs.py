"""Vega-Lite specs shared by the home's widgets: plain data in, a spec out. No ORM.

Each row may carry a ``url``: clicking its mark opens it (the filtered inventory list, the
touchpoint, the audit), and hovering shows a tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from touchpoints.lib import vega


def count_bars(rows: Sequence[dict[str, Any]], *, value_title: str, label_title: str) -> dict[str, Any]:
    """Horizontal bars, one per row ``{"label", "count", "url"}``, in the given order."""
    return {
        "data": {"values": list(rows)},
        **vega.sized({"step": 20}),
        "mark": {"type": "bar", "color": vega.ACCENT, "cursor": "pointer", "cornerRadiusEnd": 2},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 170}},
            "x": {"field": "count", "type": "quantitative", "title": value_title, "axis": {"tickMinStep": 1}},
            "href": {"field": "url"},
            "tooltip": vega.tooltip(("label", label_title), ("count", value_title)),
        },
    }


def score_bars(
    rows: Sequence[dict[str, Any]], *, value_title: str, label_title: str, count_title: str
) -> dict[str, Any]:
    """Horizontal bars of 0–100 scores coloured red → green, ``{"label", "score", "n", "url"}``."""
    return {
        "data": {"values": list(rows)},
        **vega.sized({"step": 22}),
        "mark": {"type": "bar", "cursor": "pointer", "cornerRadiusEnd": 2},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 170}},
            "x": {"field": "score", "type": "quantitative", "title": value_title, "scale": {"domain": [0, 100]}},
            "color": {"field": "score", "type": "quantitative", "scale": vega.SCORE_SCALE, "legend": None},
            "href": {"field": "url"},
            "tooltip": vega.tooltip(("label", label_title), ("score", value_title, ".0f"), ("n", count_title)),
        },
    }


def heatmap(cells: Sequence[dict[str, Any]], *, score_title: str) -> dict[str, Any]:
    """Touchpoints (rows, in order) × criteria (columns): ``{"touchpoint", "criterion", "score",
    "order", "url"}``."""
    return {
        "data": {"values": list(cells)},
        "width": {"step": 30},
        "height": {"step": 20},
        "encoding": {
            **vega.grid_axes("criterion", "touchpoint", column_labels=140, row_labels=170),
            "href": {"field": "url"},
            "tooltip": vega.tooltip(
                ("touchpoint", vega.UNTITLED), ("criterion", vega.UNTITLED), ("score", score_title, ".0f")
            ),
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#fff", "cursor": "pointer"},
                "encoding": {
                    "color": {"field": "score", "type": "quantitative", "scale": vega.SCORE_SCALE, "title": score_title}
                },
            },
            {
                "mark": {"type": "text", "fontSize": 9},
                "encoding": {
                    "text": {"field": "score", "type": "quantitative", "format": ".0f"},
                    "color": {"value": vega.INK},
                },
            },
        ],
    }


def trend(
    points: Sequence[dict[str, Any]],
    colors: dict[str, str],
    *,
    score_title: str,
    date_title: str,
    brand_title: str,
    audit_title: str = vega.UNTITLED,
) -> dict[str, Any]:
    """Overall audit score over time, one line per brand: ``{"date", "score", "brand", "audit", "url"}``.
    The tooltip shows ``audit`` (the audit's name) first, under ``audit_title`` (alone by default)."""
    brands = list(colors)
    return {
        "data": {"values": list(points)},
        **vega.sized(180),
        "mark": {"type": "line", "point": {"size": 60, "filled": True, "cursor": "pointer"}},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": date_title},
            "y": {"field": "score", "type": "quantitative", "title": score_title, "scale": {"domain": [0, 100]}},
            "color": {
                "field": "brand",
                "type": "nominal",
                "title": brand_title,
                "scale": {"domain": brands, "range": [colors[b] for b in brands]},
                "legend": {"orient": "bottom"},
            },
            "href": {"field": "url"},
            "tooltip": vega.tooltip(
                vega.tip("audit", audit_title),
                ("brand", brand_title),
                vega.tip("date", date_title, type="temporal"),
                ("score", score_title, ".0f"),
            ),
        },
    }


def segment_bars(
    rows: Sequence[dict[str, Any]], *, segment_title: str, count_title: str, measure_title: str
) -> dict[str, Any]:
    """Grouped bars per segment: ``{"segment", "measure", "count", "url", "order"}``."""
    measures = list(dict.fromkeys(r["measure"] for r in rows))
    return {
        "data": {"values": list(rows)},
        **vega.sized({"step": 12}),
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "y": {"field": "segment", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 150}},
            "yOffset": {"field": "measure", "sort": measures},
            "x": {"field": "count", "type": "quantitative", "title": count_title, "axis": {"tickMinStep": 1}},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": measure_title,
                "sort": measures,
                "scale": {"range": [vega.ACCENT, vega.GOOD, vega.BAD]},
                "legend": {"orient": "bottom"},
            },
            "href": {"field": "url"},
            "tooltip": vega.tooltip(("segment", segment_title), ("measure", measure_title), ("count", count_title)),
        },
    }


SENTIMENT_COLORS = [vega.GOOD, vega.MIDDLE, vega.BAD]  # positive, neutral, negative


def colored_bars(rows: Sequence[dict[str, Any]], *, value_title: str, label_title: str) -> dict[str, Any]:
    """Horizontal bars each in its own colour: ``{"label", "count", "color", "url"}``."""
    spec = count_bars(rows, value_title=value_title, label_title=label_title)
    spec["mark"] = {"type": "bar", "cursor": "pointer", "cornerRadiusEnd": 2}
    spec["encoding"]["color"] = {"field": "color", "type": "nominal", "scale": None, "legend": None}
    return spec


def sentiment_weeks(
    rows: Sequence[dict[str, Any]],
    sentiments: Sequence[str],
    *,
    week_title: str,
    count_title: str,
    sentiment_title: str,
) -> dict[str, Any]:
    """Answers per week stacked by sentiment: ``{"week", "sentiment", "order", "count", "url"}``, in
    the order of the weeks, ``week`` the label of the week (its Monday, ``lib.charts.day_month``)."""
    return {
        "data": {"values": list(rows)},
        **vega.sized(170),
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "x": {
                "field": "week",
                "type": "ordinal",
                "sort": None,
                "title": week_title,
                "axis": {"labelAngle": 0, "labelOverlap": "parity", "labelSeparation": 6},
            },
            "y": {"field": "count", "type": "quantitative", "stack": "zero", "title": count_title},
            "color": {
                "field": "sentiment",
                "type": "nominal",
                "title": sentiment_title,
                "sort": list(sentiments),
                "scale": {"domain": list(sentiments), "range": SENTIMENT_COLORS},
                "legend": {"orient": "bottom"},
            },
            "order": {"field": "order"},
            "href": {"field": "url"},
            "tooltip": vega.tooltip(("week", week_title), ("sentiment", sentiment_title), ("count", count_title)),
        },
    }


def interval_bars(
    rows: Sequence[dict[str, Any]], *, value_title: str, low_title: str, high_title: str, source_title: str
) -> dict[str, Any]:
    """A bar per touchpoint with its interval as a rule: ``{"label", "value", "low", "high",
    "source", "url"}`` (``low``/``high`` may be None)."""
    tooltip = vega.tooltip(
        ("label", vega.UNTITLED),
        ("value", value_title, ".2f"),
        ("low", low_title, ".2f"),
        ("high", high_title, ".2f"),
        ("source", source_title),
    )
    y = {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 170}}
    return {
        "data": {"values": list(rows)},
        **vega.sized({"step": 22}),
        "encoding": {"y": y, "href": {"field": "url"}, "tooltip": tooltip},
        "layer": [
            {
                "mark": {"type": "bar", "color": vega.ACCENT, "opacity": 0.8, "cursor": "pointer"},
                "encoding": {"x": {"field": "value", "type": "quantitative", "title": value_title}},
            },
            {
                "transform": [{"filter": "datum.low != null && datum.high != null"}],
                "mark": {"type": "rule", "color": vega.INK, "strokeWidth": 1.5},
                "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
            },
        ],
    }
