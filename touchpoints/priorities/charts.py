"""Vega-Lite specs of the priorities app (pure: plain data in, a spec out). The same spec is
embedded in the page (``lib.charts.chart_html``) and drawn as SVG for PDF reports (``chart_svg``).

The radar is laid out in polar coordinates computed here (Vega-Lite has no radar mark): each axis
(a stage or an area) at an angle, clockwise from the top; a brand's mean score is the distance
from the centre, 0–100; rings at 25, 50, 75 and 100.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.inventory import choices as ic
from touchpoints.lib import vega
from touchpoints.priorities import formula
from touchpoints.priorities.benchmark import BenchmarkMatrix
from touchpoints.priorities.choices import QUADRANT_COLORS, Quadrant

RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 122


def polar(radius: float, index: int, count: int) -> tuple[float, float]:
    """x, y of a point ``radius`` from the centre on axis ``index`` of ``count`` (axis 0 on top)."""
    angle = math.pi / 2 - 2 * math.pi * index / count
    return round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)


def radar_spec(matrix: BenchmarkMatrix, *, by: str = "stage") -> dict[str, Any]:
    if by == "area":
        groups, labels = matrix.by_area, dict(ic.Area.choices)
        axes = [a.value for a in ic.Area]
    else:
        groups, labels = matrix.by_stage, dict(ic.Stage.choices)
        axes = [s.value for s in ic.Stage]
    scores = {g.key: g.scores for g in groups}
    n = len(axes)
    rings = [
        {"ring": r, "i": i, "x": polar(r, i % n, n)[0], "y": polar(r, i % n, n)[1]} for r in RINGS for i in range(n + 1)
    ]
    spokes = [{"x": 0, "y": 0, "x2": polar(100, i, n)[0], "y2": polar(100, i, n)[1]} for i in range(n)]
    axis_labels = [
        {"label": str(labels.get(k, k)), "x": polar(LABEL_RADIUS, i, n)[0], "y": polar(LABEL_RADIUS, i, n)[1]}
        for i, k in enumerate(axes)
    ]
    points: list[dict[str, Any]] = []
    for b in matrix.brands:
        known = [(i, k, v) for i, k in enumerate(axes) if (v := scores.get(k, {}).get(b.id)) is not None]
        for order, (i, k, v) in enumerate(known + known[:1]):
            px, py = polar(v, i, n)
            points.append(
                {
                    "brand": b.name,
                    "axis": str(labels.get(k, k)),
                    "score": v,
                    "x": px,
                    "y": py,
                    "order": order,
                    "closing": order == len(known),
                }
            )
    domain = [b.name for b in matrix.brands]
    colors = [b.color for b in matrix.brands]
    scale_x = {"domain": [-165, 165], "nice": False}
    scale_y = {"domain": [-135, 135], "nice": False}
    x = {"field": "x", "type": "quantitative", "scale": scale_x, "axis": None}
    y = {"field": "y", "type": "quantitative", "scale": scale_y, "axis": None}
    color = {
        "field": "brand",
        "type": "nominal",
        "title": _("Brand"),
        "scale": {"domain": domain, "range": colors},
        "legend": {"orient": "bottom"},
    }
    return {
        "width": 420,
        "height": 340,
        "title": _("Mean audit score by purchase stage") if by != "area" else _("Mean audit score by area"),
        "layer": [
            {
                "data": {"values": rings},
                "mark": {"type": "line", "color": "#d5dbe3", "strokeWidth": 1},
                "encoding": {"x": x, "y": y, "detail": {"field": "ring"}, "order": {"field": "i"}},
            },
            {
                "data": {"values": spokes},
                "mark": {"type": "rule", "color": "#d5dbe3"},
                "encoding": {"x": x, "y": y, "x2": {"field": "x2"}, "y2": {"field": "y2"}},
            },
            {
                "data": {"values": axis_labels},
                "mark": {"type": "text", "fontSize": 11, "color": "#344054"},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            },
            {
                "data": {"values": [{"r": r, "x": 3, "y": r} for r in RINGS]},
                "mark": {"type": "text", "fontSize": 9, "color": vega.MUTED, "align": "left", "dy": -4},
                "encoding": {"x": x, "y": y, "text": {"field": "r"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "line", "strokeWidth": 2.5, "opacity": 0.9},
                "encoding": {"x": x, "y": y, "color": color, "detail": {"field": "brand"}, "order": {"field": "order"}},
            },
            {
                "data": {"values": [p for p in points if not p["closing"]]},
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "tooltip": vega.tooltip(
                        ("brand", _("Brand")), ("axis", vega.UNTITLED), ("score", _("Score, 0–100"), ".1f")
                    ),
                },
            },
        ],
    }


def _title_lines(title: str, chars: int = 34) -> list[str]:
    """A long axis title on lines of at most ``chars`` characters, a new line after its colon: on a
    phone the title in one line was wider than the chart and cut off at both ends, and so was the
    part after the colon in Spanish ("puntuación de experiencia (auditoría y clientes), 0–100")."""
    head, colon, tail = title.partition(": ")
    if not colon:
        return textwrap.wrap(title, chars) or [title]
    return [f"{head}:", *textwrap.wrap(tail, chars)]


def matrix_spec(
    rows: Sequence[formula.PriorityRow], *, url_pattern: str = "", width: int | str = 640
) -> dict[str, Any]:
    """Impact (0–1, up) against performance (the own score 0–100, right); one point per
    touchpoint that has both, coloured by quadrant, a click opens the touchpoint. ``width``: a
    fixed width for SVG / PDF, ``"container"`` in the page."""
    labels = dict(Quadrant.choices)
    domain = [str(labels[q]) for q in Quadrant.values]
    colors = [QUADRANT_COLORS[q] for q in Quadrant.values]
    values = []
    for r in rows:
        if r.quadrant is None or r.factors.impact is None:
            continue
        values.append(
            {
                "name": r.name,
                "performance": 0.0 if r.lacking and r.rivals_with_it else r.experience_score,
                "impact": round(r.factors.impact, 3),
                "priority": r.score,
                "rank": r.rank,
                "quadrant": str(labels[r.quadrant]),
                "url": url_pattern.replace("{id}", str(r.touchpoint_id)),
            }
        )
    px, iy = formula.PERFORMANCE_LINE, formula.IMPACT_LINE
    # The right-hand names sit one line inside the left-hand ones: on a phone a long name ("Исправить
    # в первую очередь") reaches past the middle, and two names on one line would run into each other.
    corners = [
        (Quadrant.FIX_FIRST, 2, 0.98, "left"),
        (Quadrant.KEEP, 98, 0.92, "right"),
        (Quadrant.WATCH, 2, 0.04, "left"),
        (Quadrant.DONT_OVERSPEND, 98, 0.10, "right"),
    ]
    x = {
        "field": "performance",
        "type": "quantitative",
        "title": _title_lines(_("Performance: experience score (audit and customers), 0–100")),
        "scale": {"domain": [0, 100]},
        "axis": {"titleLimit": {"expr": "width"}},
    }
    y = {"field": "impact", "type": "quantitative", "title": _("Impact, 0–1"), "scale": {"domain": [0, 1]}}
    return {
        "width": width,
        "height": 380,
        "layer": [
            {
                "data": {"values": [{"x": px}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": vega.MUTED},
                "encoding": {"x": {"field": "x", "type": "quantitative", "scale": {"domain": [0, 100]}}},
            },
            {
                "data": {"values": [{"y": iy}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": vega.MUTED},
                "encoding": {"y": {"field": "y", "type": "quantitative", "scale": {"domain": [0, 1]}}},
            },
            *[
                {
                    "data": {"values": [{"q": str(labels[q]), "x": cx, "y": cy}]},
                    "mark": {
                        "type": "text",
                        "fontWeight": "bold",
                        "fontSize": 12,
                        "align": align,
                        "baseline": "middle",
                        "opacity": 0.8,
                        "color": QUADRANT_COLORS[q],
                    },
                    "encoding": {
                        "x": {"field": "x", "type": "quantitative"},
                        "y": {"field": "y", "type": "quantitative"},
                        "text": {"field": "q"},
                    },
                }
                for q, cx, cy, align in corners
            ],
            {
                "data": {"values": values},
                "mark": {"type": "circle", "size": 90, "opacity": 0.85, "cursor": "pointer"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "quadrant",
                        "type": "nominal",
                        "title": _("Quadrant"),
                        "scale": {"domain": domain, "range": colors},
                        # One name a line, each whole: four in a row (even two) are wider than a
                        # phone, and the default limit cut "Исправить в первую очередь".
                        "legend": {"orient": "bottom", "columns": 1, "labelLimit": 260},
                    },
                    "href": {"field": "url"},
                    "tooltip": vega.tooltip(
                        ("name", _("Touchpoint")),
                        ("performance", _("Score, 0–100"), ".1f"),
                        ("impact", _("Impact, 0–1"), ".2f"),
                        ("priority", _("Priority"), ".1f"),
                        ("rank", _("Rank")),
                        ("quadrant", _("Quadrant")),
                    ),
                },
            },
        ],
    }
