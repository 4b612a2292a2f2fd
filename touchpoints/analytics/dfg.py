"""The directly-follows graph drawn as an SVG node-link diagram (no ORM, no JS); what is drawn
and where comes from :mod:`touchpoints.analytics.dfg_layout` (read its docstring).

Edge width grows with the count (relative to the strongest drawn edge); labelled edges show the
count and the median time between the two touches, every edge and node has a tooltip (a node's
tooltip gives the raw channel too). Channels matched to the inventory are blue and show the
touchpoint's name; unmatched ones (candidates) are dashed orange and show the raw channel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from touchpoints.analytics.dfg_graph import (  # noqa: F401 — the drawing's callers use these names
    CAPTION_SIZE,
    CONVERSION,
    DROP_OFF,
    EDGE_LABEL_SIZE,
    LABEL_SIZE,
    LABELLED_EDGES,
    LINE_H,
    MARGIN_X,
    PAD_X,
    START,
    Edge,
    Graph,
    Node,
    path_data,
)
from touchpoints.analytics.dfg_layout import (  # noqa: F401 — the drawing's callers use these names
    build_graph,
    channel_positions,
    curve,
    layout,
    place_edge_labels,
)
from touchpoints.analytics.dfg_text import shorten, text_width

FONT = "DejaVu Sans, Verdana, system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

EDGE_STYLE = {
    "flow": ("#1565c0", ""),
    "start": ("#667085", ""),
    "conversion": ("#2e7d32", ""),
    "drop_off": ("#c62828", "5 4"),
}


def _join(parts: Iterable[Any]) -> SafeString:
    """The SVG's pieces in order (Django's ``format_html_join``): anything not already built by
    ``format_html`` is escaped, so no data reaches the picture as markup."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _dash(pattern: str) -> SafeString:
    return format_html(' stroke-dasharray="{}"', pattern) if pattern else SafeString("")


def render_svg(
    graph: Graph,
    *,
    duration: Callable[[float | None], str],
    tooltip: Callable[[Edge, Node, Node], str],
    node_caption: Callable[[Node], str],
    title: str = "",
    legend: Mapping[str, str] | None = None,
) -> SafeString:
    """The SVG markup; texts come from the caller (already translated). Every text and attribute
    goes through Django's ``format_html`` (quotes included), so channel and touchpoint names stay text."""
    width, height = graph.width, graph.height
    max_count = max([e.count for e in graph.edges] + [1])
    flows = sorted((i for i, e in enumerate(graph.edges) if e.kind == "flow"), key=lambda i: -graph.edges[i].count)
    texts: dict[int, str] = {}
    for index in flows[:LABELLED_EDGES] + [i for i, e in enumerate(graph.edges) if e.kind != "flow"]:
        edge = graph.edges[index]
        texts[index] = str(edge.count)
        if edge.kind == "flow" and edge.median_seconds is not None:
            texts[index] += " · " + duration(edge.median_seconds)
    place_edge_labels(graph, texts)
    out: list[SafeString] = [
        # Shrinks to its card but not below 80% (the labels stay legible); a wider graph scrolls.
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="dfg" viewBox="0 0 {} {}" width="{}" '
            'height="{}" style="min-width:{}px" font-family="{}" font-size="12" role="img" aria-label="{}">',
            width,
            height,
            width,
            height,
            int(0.8 * width),
            FONT,
            title,
        ),
        SafeString("<defs>"),
    ]
    for kind, (color, _pattern) in EDGE_STYLE.items():
        out.append(
            format_html(
                '<marker id="dfg-arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
                'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                '<path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>',
                kind,
                color,
            )
        )
    out.append(SafeString("</defs>"))
    if title:
        out.append(format_html("<title>{}</title>", title))
    for index in sorted(range(len(graph.edges)), key=lambda k: graph.edges[k].count):
        edge = graph.edges[index]
        color, pattern = EDGE_STYLE[edge.kind]
        strength = math.sqrt(edge.count / max_count)
        stroke = 1.5 + 8.5 * strength
        opacity = 0.3 + 0.45 * strength if edge.kind != "start" else 0.2 + 0.3 * strength
        d = path_data(curve(graph, edge))
        a, b = graph.nodes[edge.source], graph.nodes[edge.target]
        out.append(
            format_html(
                '<path class="edge edge-{}" d="{}" fill="none" stroke="{}" stroke-opacity="{}" '
                'stroke-width="{}"{} marker-end="url(#dfg-arrow-{})" data-count="{}"><title>{}</title>'
                "</path>",
                edge.kind,
                d,
                color,
                f"{opacity:.2f}",
                f"{stroke:.1f}",
                _dash(pattern),
                edge.kind,
                int(edge.count),
                tooltip(edge, a, b),
            )
        )
    for label in graph.edge_labels:
        out.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="edge-label" font-size="{}" '
                'fill="#1d2330" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>',
                f"{label.x:.1f}",
                f"{label.y + 4:.1f}",
                EDGE_LABEL_SIZE,
                label.text,
            )
        )
    for node in graph.nodes.values():
        out.append(_node_svg(node, node_caption(node)))
    if legend:
        out.append(_legend(legend, height))
    out.append(SafeString("</svg>"))
    return _join(out)


def _legend(legend: Mapping[str, str], height: int) -> SafeString:
    """Three swatches in a row, each placed after the measured text of the one before."""
    x = 0.0
    items: list[SafeString] = []
    swatches = [
        ("matched", '<rect x="{}" y="-10" width="14" height="12" rx="3" fill="#e3eefb" stroke="#1565c0"/>'),
        (
            "candidate",
            '<rect x="{}" y="-10" width="14" height="12" rx="3" fill="#fff" stroke="#ef6c00" stroke-dasharray="3 2"/>',
        ),
        ("drop_off", '<rect x="{}" y="-6" width="14" height="4" fill="#c62828"/>'),
    ]
    for key, swatch in swatches:
        text = legend.get(key, "")
        items.append(format_html(swatch, f"{x:.1f}"))
        items.append(format_html('<text x="{}" y="0">{}</text>', f"{x + 20:.1f}", text))
        x += 20 + text_width(text, 11) + 24
    return format_html(
        '<g class="legend" font-size="11" fill="#667085" transform="translate({},{})">{}'
        '<text x="0" y="18">{}</text></g>',
        MARGIN_X,
        height - 34,
        _join(items),
        legend.get("edges", ""),
    )


def _node_svg(node: Node, caption: str) -> SafeString:
    x, y, w, h = node.x, node.y, node.width, node.height
    if node.kind == "start":
        fill, stroke, ink, pattern = "#0f2742", "#0f2742", "#fff", ""
    elif node.kind == "conversion":
        fill, stroke, ink, pattern = "#2e7d32", "#2e7d32", "#fff", ""
    elif node.kind == "drop_off":
        fill, stroke, ink, pattern = "#fdecea", "#c62828", "#c62828", ""
    elif node.matched:
        fill, stroke, ink, pattern = "#e3eefb", "#1565c0", "#0d47a1", ""
    else:
        fill, stroke, ink, pattern = "#fff", "#ef6c00", "#1d2330", "4 3"
    bar = SafeString("")
    if node.kind == "channel" and node.drop_off_rate > 0:
        bar = format_html(
            '<rect x="{}" y="{}" width="{}" height="3" rx="1.5" fill="#c62828" fill-opacity="0.75"/>',
            f"{x + 6:.1f}",
            f"{y + h - 6:.1f}",
            f"{(w - 12) * min(1.0, node.drop_off_rate):.1f}",
        )
    lines = _join(
        (
            format_html('<tspan x="{}" y="{}">{}</tspan>', f"{x + w / 2:.1f}", f"{y + 17 + i * LINE_H:.1f}", line)
            for i, line in enumerate(node.lines)
        )
    )
    title = node.label if node.label == node.key or node.kind != "channel" else f"{node.label} ({node.key})"
    return format_html(
        '<g class="node node-{}" data-channel="{}"><title>{} — {}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="{}" stroke-width="1.4"{}/>{}'
        '<text text-anchor="middle" font-weight="600" fill="{}" class="node-label">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="{}" fill-opacity="0.8">{}</text></g>',
        node.kind,
        node.key,
        title,
        caption,
        f"{x:.1f}",
        f"{y:.1f}",
        w,
        h,
        fill,
        stroke,
        _dash(pattern),
        bar,
        ink,
        lines,
        f"{x + w / 2:.1f}",
        f"{y + h - 13:.1f}",
        CAPTION_SIZE,
        ink,
        shorten(caption, w - 2 * PAD_X, CAPTION_SIZE),
    )
