"""The directly-follows graph drawn as an SVG node-link diagram, laid out here (no ORM, no JS).

Layout, left to right as customers walk:

* a *Start* node, the channels in columns, and *Conversion* at the right (each channel shows
  its drop-off as a red bar; a *Drop-off* node can be asked for);
* a channel's column comes from its mean position in the journeys (0 = always first, 1 =
  always last, from the variants weighted by their journeys), so awareness channels stand on
  the left and deciding ones on the right whatever cycles the graph has;
* within a column, channels are ordered by the barycentre of their neighbours (a few sweeps),
  which keeps most edges short and uncrossed;
* forward edges are Bézier curves between columns; edges back or within a column arc over the
  nodes; a channel repeated in a row gets a loop.

Edge width grows with the count; the strongest edges are labelled with the count and the median
time between the two touches, every edge has a tooltip. Channels matched to the inventory are
blue; unmatched ones (candidates) are dashed orange.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"
NODE_W = 150
NODE_H = 44
COL_GAP = 92
ROW_GAP = 26
MARGIN_X = 24
MARGIN_TOP = 90
MARGIN_BOTTOM = 84
END_W = 118
START_W = 84
MAX_NODES = 18
MAX_FLOW_EDGES = 40
LABELLED_EDGES = 14

START, CONVERSION, DROP_OFF = "__start__", "__conversion__", "__drop_off__"


@dataclass
class Node:
    key: str
    label: str
    kind: str  # start | channel | conversion | drop_off
    events: int = 0
    drop_off_rate: float = 0.0
    matched: bool = False
    position: float = 0.5
    layer: int = 0
    order: float = 0.0
    bary: float = 0.0
    x: float = 0.0
    y: float = 0.0

    @property
    def width(self) -> int:
        return {"start": START_W, "channel": NODE_W}.get(self.kind, END_W)


@dataclass
class Edge:
    source: str
    target: str
    count: int
    median_seconds: float | None = None
    kind: str = "flow"  # flow | start | conversion | drop_off


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    hidden_channels: int = 0
    hidden_edges: int = 0
    width: int = 0
    height: int = 0
    layers: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def channel_positions(part: Mapping[str, Any]) -> dict[str, float]:
    """Mean normalised position (0 first … 1 last) of each channel over the variants' journeys."""
    total: dict[str, float] = {}
    weight: dict[str, float] = {}
    for variant in part.get("variants", []):
        path = variant.get("path") or []
        journeys = float(variant.get("journeys") or 0)
        if len(path) < 2 or journeys <= 0:
            continue
        for i, channel in enumerate(path):
            total[channel] = total.get(channel, 0.0) + journeys * i / (len(path) - 1)
            weight[channel] = weight.get(channel, 0.0) + journeys
    positions = {c: total[c] / weight[c] for c in total}
    for stats in part.get("channels", []):
        channel = stats["channel"]
        if channel not in positions:
            starts, ends = float(stats.get("starts") or 0), float(stats.get("ends") or 0)
            positions[channel] = ends / (starts + ends) if starts + ends else 0.5
    return positions


def build_graph(
    part: Mapping[str, Any],
    *,
    labels: Mapping[str, str],
    matched: Iterable[str] = (),
    max_nodes: int = MAX_NODES,
    max_flow_edges: int = MAX_FLOW_EDGES,
    drop_off_node: bool = False,
) -> Graph:
    matched_set = set(matched)
    stats = sorted(part.get("channels", []), key=lambda c: (-int(c.get("events") or 0), c["channel"]))
    shown = stats[:max_nodes]
    keep = {c["channel"] for c in shown}
    positions = channel_positions(part)
    nodes: dict[str, Node] = {START: Node(START, labels.get("start", "Start"), "start")}
    for c in shown:
        nodes[c["channel"]] = Node(c["channel"], c["channel"], "channel", events=int(c.get("events") or 0),
                                   drop_off_rate=float(c.get("drop_off_rate") or 0.0),
                                   matched=c["channel"] in matched_set, position=positions.get(c["channel"], 0.5))
    edges: list[Edge] = []
    flows = [t for t in part.get("transitions", []) if t["source"] in keep and t["target"] in keep]
    flows.sort(key=lambda t: (-int(t["count"]), t["source"], t["target"]))
    hidden_edges = len(part.get("transitions", [])) - min(len(flows), max_flow_edges)
    for t in flows[:max_flow_edges]:
        edges.append(Edge(t["source"], t["target"], int(t["count"]), t.get("median_seconds"), "flow"))
    for s in part.get("start_touchpoints", []):
        if s["channel"] in keep and s.get("journeys"):
            edges.append(Edge(START, s["channel"], int(s["journeys"]), None, "start"))
    conversions = sum(int(c.get("conversions") or 0) for c in shown)
    drop_offs = sum(int(c.get("drop_offs") or 0) for c in shown)
    if conversions:
        nodes[CONVERSION] = Node(CONVERSION, labels.get("conversion", "Conversion"), "conversion", events=conversions)
    if drop_offs and drop_off_node:
        nodes[DROP_OFF] = Node(DROP_OFF, labels.get("drop_off", "Drop-off"), "drop_off", events=drop_offs)
    for c in shown:
        if c.get("conversions"):
            edges.append(Edge(c["channel"], CONVERSION, int(c["conversions"]), None, "conversion"))
        if c.get("drop_offs") and drop_off_node:
            edges.append(Edge(c["channel"], DROP_OFF, int(c["drop_offs"]), None, "drop_off"))
    nodes[START].events = sum(e.count for e in edges if e.kind == "start")
    graph = Graph(nodes=nodes, edges=edges, hidden_channels=max(0, len(stats) - len(shown)),
                  hidden_edges=max(0, hidden_edges))
    layout(graph)
    return graph


def layout(graph: Graph) -> None:
    channels = [n for n in graph.nodes.values() if n.kind == "channel"]
    n = len(channels)
    columns = max(1, min(5, n))
    raw = {node.key: int(round(node.position * (columns - 1))) for node in channels}
    used = sorted(set(raw.values()))
    columns = max(1, len(used))
    for node in channels:
        node.layer = 1 + used.index(raw[node.key])
    graph.nodes[START].layer = 0
    for key in (CONVERSION, DROP_OFF):
        if key in graph.nodes:
            graph.nodes[key].layer = columns + 1
    graph.layers = columns + 2
    by_layer: dict[int, list[Node]] = {}
    for node in channels:
        by_layer.setdefault(node.layer, []).append(node)
    for nodes in by_layer.values():
        nodes.sort(key=lambda v: (v.position, -v.events, v.key))
        for i, node in enumerate(nodes):
            node.order = i - (len(nodes) - 1) / 2
    weights: dict[tuple[str, str], int] = {}
    for e in graph.edges:
        if e.kind == "flow" and e.source != e.target:
            weights[(e.source, e.target)] = weights.get((e.source, e.target), 0) + e.count
    neighbours: dict[str, list[tuple[str, int]]] = {}
    for (a, b), w in weights.items():
        neighbours.setdefault(a, []).append((b, w))
        neighbours.setdefault(b, []).append((a, w))
    for _sweep in range(4):
        for layer in sorted(by_layer):
            nodes = by_layer[layer]
            for node in nodes:
                pairs = [(graph.nodes[m].order, w) for m, w in neighbours.get(node.key, [])
                         if m in graph.nodes and graph.nodes[m].layer != layer]
                total = sum(w for _, w in pairs)
                node.bary = (sum(o * w for o, w in pairs) / total) if total else node.order
            nodes.sort(key=lambda v: (v.bary, v.position, v.key))
            for i, node in enumerate(nodes):
                node.order = i - (len(nodes) - 1) / 2
    tallest = max([len(v) for v in by_layer.values()] + [2])
    inner_h = tallest * NODE_H + (tallest - 1) * ROW_GAP
    graph.height = int(MARGIN_TOP + inner_h + MARGIN_BOTTOM)
    mid = MARGIN_TOP + inner_h / 2
    x_of = [MARGIN_X]
    widths = [START_W] + [NODE_W] * columns + [END_W]
    for i in range(1, graph.layers):
        x_of.append(x_of[-1] + widths[i - 1] + COL_GAP)
    graph.width = int(max(x_of[-1] + END_W + MARGIN_X + 40, 620))
    for node in graph.nodes.values():
        node.x = x_of[node.layer]
        if node.kind == "channel":
            node.y = mid + node.order * (NODE_H + ROW_GAP) - NODE_H / 2
        elif node.kind == "start":
            node.y = mid - NODE_H / 2
        elif node.kind == "conversion":
            node.y = mid - NODE_H - ROW_GAP / 2 if DROP_OFF in graph.nodes else mid - NODE_H / 2
        else:
            node.y = mid + ROW_GAP / 2 if CONVERSION in graph.nodes else mid - NODE_H / 2


Point = tuple[float, float]


def _curve(graph: Graph, e: Edge) -> tuple[Point, Point, Point, Point]:
    """The cubic Bézier of an edge: forward between columns, an arc for the others."""
    a, b = graph.nodes[e.source], graph.nodes[e.target]
    if e.source == e.target:
        x, y = a.x + a.width - 34, a.y
        return (x, y), (x - 6, y - 34), (x + 34, y - 34), (x + 24, y + 0.5)
    if b.layer > a.layer:
        x0, y0 = a.x + a.width, a.y + NODE_H / 2
        x1, y1 = b.x - 3, b.y + NODE_H / 2
        dx = (x1 - x0) / 2
        return (x0, y0), (x0 + dx, y0), (x1 - dx, y1), (x1, y1)
    if b.layer == a.layer:
        # Same column: an arc on the right side, bulging outwards.
        x0, y0 = a.x + a.width, a.y + NODE_H / 2 - 6
        x1, y1 = b.x + b.width + 3, b.y + NODE_H / 2 + 6
        bulge = min(COL_GAP - 12, 34 + 0.25 * abs(y1 - y0))
        return (x0, y0), (x0 + bulge, y0), (x1 + bulge, y1), (x1, y1)
    # Backwards: an arc over the nodes, from the top of one to the top of the other.
    x0, y0 = a.x + a.width / 2 + 12, a.y
    x1, y1 = b.x + b.width / 2 - 12, b.y - 3
    lift = 28 + 0.12 * abs(x1 - x0) + 0.35 * abs(y1 - y0)
    top = max(8.0, min(y0, y1) - lift)
    return (x0, y0), (x0, top), (x1, top), (x1, y1)


def _at(curve: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    return (u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
            u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3)


EDGE_STYLE = {
    "flow": ("#1565c0", ""),
    "start": ("#667085", ""),
    "conversion": ("#2e7d32", ""),
    "drop_off": ("#c62828", "5 4"),
}
# Where along an edge its label sits: near the channel for start and conversion edges.
LABEL_AT = {"flow": 0.5, "start": 0.72, "conversion": 0.3, "drop_off": 0.3}


def _dash(pattern: str) -> SafeString:
    return format_html(' stroke-dasharray="{}"', pattern) if pattern else mark_safe("")


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
    goes through Django's ``format_html`` (quotes included), so channel names from a log stay text."""
    width, height = graph.width, graph.height
    max_count = max([e.count for e in graph.edges] + [1])
    flows = sorted((i for i, e in enumerate(graph.edges) if e.kind == "flow"), key=lambda i: -graph.edges[i].count)
    labelled = set(flows[:LABELLED_EDGES]) | {i for i, e in enumerate(graph.edges) if e.kind != "flow"}
    out: list[SafeString] = [
        format_html('<svg xmlns="http://www.w3.org/2000/svg" class="dfg" viewBox="0 0 {} {}" width="{}" '
                    'height="{}" font-family="{}" font-size="12" role="img" aria-label="{}">',
                    width, height, width, height, FONT, title),
        mark_safe("<defs>"),
    ]
    for kind, (color, _pattern) in EDGE_STYLE.items():
        out.append(format_html('<marker id="dfg-arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
                               'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                               '<path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>', kind, color))
    out.append(mark_safe("</defs>"))
    if title:
        out.append(format_html("<title>{}</title>", title))
    labels: list[SafeString] = []
    for index in sorted(range(len(graph.edges)), key=lambda k: graph.edges[k].count):
        edge = graph.edges[index]
        color, pattern = EDGE_STYLE[edge.kind]
        strength = math.sqrt(edge.count / max_count)
        stroke = 1.2 + 9.0 * strength
        opacity = 0.22 + 0.5 * strength if edge.kind != "start" else 0.18 + 0.3 * strength
        curve = _curve(graph, edge)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
        d = f"M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}"
        a, b = graph.nodes[edge.source], graph.nodes[edge.target]
        out.append(format_html('<path class="edge edge-{}" d="{}" fill="none" stroke="{}" stroke-opacity="{}" '
                               'stroke-width="{}"{} marker-end="url(#dfg-arrow-{})" data-count="{}"><title>{}</title>'
                               '</path>', edge.kind, d, color, f"{opacity:.2f}", f"{stroke:.1f}", _dash(pattern),
                               edge.kind, int(edge.count), tooltip(edge, a, b)))
        if index in labelled:
            text = str(edge.count)
            if edge.kind == "flow" and edge.median_seconds is not None:
                text += " · " + duration(edge.median_seconds)
            lx, ly = _at(curve, LABEL_AT[edge.kind])
            labels.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="edge-label" font-size="10.5" '
                                      'fill="#1d2330" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>',
                                      f"{lx:.1f}", f"{ly + 4:.1f}", text))
    out.extend(labels)
    for node in graph.nodes.values():
        out.append(_node_svg(node, node_caption(node)))
    if legend:
        out.append(format_html(
            '<g class="legend" font-size="11" fill="#667085" transform="translate({},{})">'
            '<rect x="0" y="-10" width="14" height="12" rx="3" fill="#e3eefb" stroke="#1565c0"/>'
            '<text x="20" y="0">{}</text>'
            '<rect x="170" y="-10" width="14" height="12" rx="3" fill="#fff" stroke="#ef6c00" '
            'stroke-dasharray="3 2"/><text x="190" y="0">{}</text>'
            '<rect x="360" y="-6" width="14" height="4" fill="#c62828"/>'
            '<text x="380" y="0">{}</text><text x="0" y="18">{}</text></g>',
            MARGIN_X, height - 34, legend.get("matched", ""), legend.get("candidate", ""),
            legend.get("drop_off", ""), legend.get("edges", "")))
    out.append(mark_safe("</svg>"))
    return mark_safe("".join(out))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_svg(node: Node, caption: str) -> SafeString:
    x, y, w, h = node.x, node.y, node.width, NODE_H
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
    label = _shorten(node.label, 21 if node.kind == "channel" else 16)
    bar = mark_safe("")
    if node.kind == "channel" and node.drop_off_rate > 0:
        bar = format_html('<rect x="{}" y="{}" width="{}" height="3" rx="1.5" fill="#c62828" fill-opacity="0.75"/>',
                          f"{x + 6:.1f}", f"{y + h - 6:.1f}", f"{(w - 12) * min(1.0, node.drop_off_rate):.1f}")
    return format_html(
        '<g class="node node-{}" data-channel="{}"><title>{} — {}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="{}" stroke-width="1.4"{}/>{}'
        '<text x="{}" y="{}" text-anchor="middle" font-weight="600" fill="{}">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="10.5" fill="{}" fill-opacity="0.8">{}</text></g>',
        node.kind, node.label, node.label, caption,
        f"{x:.1f}", f"{y:.1f}", w, h, fill, stroke, _dash(pattern), bar,
        f"{x + w / 2:.1f}", f"{y + 17:.1f}", ink, label,
        f"{x + w / 2:.1f}", f"{y + 31:.1f}", ink, caption)
