"""The directly-follows graph as boxes and curves: which nodes and edges are drawn and where (no
ORM, no markup; :mod:`touchpoints.analytics.dfg` draws it).

* a *Start* node, the channels in columns, and *Conversion* at the right; a channel's column
  comes from its mean position in the journeys (0 = always first, 1 = always last, from the
  variants weighted by their journeys), so awareness channels stand on the left and deciding ones
  on the right whatever cycles the graph has; a column holds at most about 1.5 times its share of
  the channels (the extra ones move to the next column), so no column grows into a tower;
* within a column, channels are ordered by the barycentre of their neighbours (a few sweeps),
  which keeps most edges short and uncrossed, and stacked with a gap: boxes never overlap;
* a node's label is the touchpoint's name (or the raw channel), measured and wrapped onto two
  lines at most with an ellipsis beyond, so it always fits its box;
* only the strongest edges are drawn: transitions in order of count until they cover 80% of all
  transitions, at least one per channel and at most one and a half per channel; the rest are left to the
  table under the graph. Arrows from *Start* and into *Conversion* follow the same rule;
* edge labels (count and median time) go to the strongest drawn edges where they touch no box and
  no other label, tried at a few places along the curve; an edge label that finds no free place
  is left out (the edge keeps its tooltip).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from touchpoints.analytics.dfg_text import text_width, wrap

NODE_W = 176
START_W = 96
END_W = 120
PAD_X = 6
LABEL_SIZE = 12.0
LINE_H = 14
CAPTION_SIZE = 10.0
COL_GAP = 88
ROW_GAP = 22
MARGIN_X = 24
MARGIN_TOP = 90
MARGIN_BOTTOM = 84
EDGE_LABEL_SIZE = 10.5
MAX_NODES = 30
MIN_COLUMNS, MAX_COLUMNS, PER_COLUMN = 5, 6, 5
COVERAGE = 0.8
EDGES_PER_CHANNEL = 1.5
LABELLED_EDGES = 16

START, CONVERSION, DROP_OFF = "__start__", "__conversion__", "__drop_off__"

Box = tuple[float, float, float, float]  # x, y, width, height
Point = tuple[float, float]


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
    lines: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return {"start": START_W, "channel": NODE_W}.get(self.kind, END_W)

    @property
    def height(self) -> int:
        return 30 + LINE_H * max(1, len(self.lines))

    @property
    def box(self) -> Box:
        return (self.x, self.y, self.width, self.height)

    def label_box(self) -> Box:
        """Where the label's lines are drawn (centred in the box)."""
        w = max(text_width(line, LABEL_SIZE, True) for line in self.lines or [""])
        return (self.x + (self.width - w) / 2, self.y + 6, w, LINE_H * max(1, len(self.lines)))


@dataclass
class Edge:
    source: str
    target: str
    count: int
    median_seconds: float | None = None
    kind: str = "flow"  # flow | start | conversion | drop_off


@dataclass
class EdgeLabel:
    index: int
    text: str
    x: float
    y: float
    box: Box


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    hidden_channels: int = 0
    hidden_edges: int = 0
    hidden_flows: list[tuple[str, str]] = field(default_factory=list)
    hidden_end_edges: int = 0
    flow_total: int = 0
    flow_drawn: int = 0
    width: int = 0
    height: int = 0
    layers: int = 0
    edge_labels: list[EdgeLabel] = field(default_factory=list)
    ports: dict[tuple[str, str, str], tuple[float, float]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def drawn_share(self) -> float:
        return self.flow_drawn / self.flow_total if self.flow_total else 1.0


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


def strongest(counts: list[int], *, floor: int, ceiling: int, coverage: float = COVERAGE) -> int:
    """How many of ``counts`` (largest first) to draw: until they cover ``coverage`` of the total,
    but at least ``floor`` and at most ``ceiling``."""
    total = sum(counts)
    taken = covered = 0
    for count in counts:
        if taken >= ceiling or (taken >= floor and covered >= coverage * total):
            break
        taken += 1
        covered += count
    return taken


def build_graph(
    part: Mapping[str, Any],
    *,
    labels: Mapping[str, str],
    matched: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
    max_nodes: int = MAX_NODES,
    drop_off_node: bool = False,
) -> Graph:
    """``names``: channel → the matched touchpoint's name, shown instead of the raw channel."""
    matched_set, names = set(matched), names or {}
    stats = sorted(part.get("channels", []), key=lambda c: (-int(c.get("events") or 0), c["channel"]))
    shown = stats[:max_nodes]
    keep = {c["channel"] for c in shown}
    n = len(shown)
    positions = channel_positions(part)
    nodes: dict[str, Node] = {START: Node(START, labels.get("start", "Start"), "start")}
    for c in shown:
        nodes[c["channel"]] = Node(
            c["channel"],
            names.get(c["channel"]) or c["channel"],
            "channel",
            events=int(c.get("events") or 0),
            drop_off_rate=float(c.get("drop_off_rate") or 0.0),
            matched=c["channel"] in matched_set,
            position=positions.get(c["channel"], 0.5),
        )
    transitions = sorted(part.get("transitions", []), key=lambda t: (-int(t["count"]), t["source"], t["target"]))
    flows = [t for t in transitions if t["source"] in keep and t["target"] in keep]
    drawn = flows[: strongest([int(t["count"]) for t in flows], floor=n, ceiling=math.ceil(EDGES_PER_CHANNEL * n))]
    drawn_pairs = {(t["source"], t["target"]) for t in drawn}
    edges = [Edge(t["source"], t["target"], int(t["count"]), t.get("median_seconds"), "flow") for t in drawn]
    hidden_end = 0
    starts = sorted(
        (s for s in part.get("start_touchpoints", []) if s["channel"] in keep and s.get("journeys")),
        key=lambda s: (-int(s["journeys"]), s["channel"]),
    )
    ends_ceiling = max(4, math.ceil(n / 2))
    taken = strongest([int(s["journeys"]) for s in starts], floor=min(3, n), ceiling=ends_ceiling)
    hidden_end += len(starts) - taken
    edges += [Edge(START, s["channel"], int(s["journeys"]), None, "start") for s in starts[:taken]]
    converting = sorted(
        (c for c in shown if c.get("conversions")), key=lambda c: (-int(c["conversions"]), c["channel"])
    )
    taken = strongest([int(c["conversions"]) for c in converting], floor=min(3, n), ceiling=ends_ceiling)
    hidden_end += len(converting) - taken
    edges += [Edge(c["channel"], CONVERSION, int(c["conversions"]), None, "conversion") for c in converting[:taken]]
    conversions = sum(int(c.get("conversions") or 0) for c in shown)
    drop_offs = sum(int(c.get("drop_offs") or 0) for c in shown)
    if conversions:
        nodes[CONVERSION] = Node(CONVERSION, labels.get("conversion", "Conversion"), "conversion", events=conversions)
    if drop_offs and drop_off_node:
        nodes[DROP_OFF] = Node(DROP_OFF, labels.get("drop_off", "Drop-off"), "drop_off", events=drop_offs)
        edges += [
            Edge(c["channel"], DROP_OFF, int(c["drop_offs"]), None, "drop_off") for c in shown if c.get("drop_offs")
        ]
    nodes[START].events = sum(int(s["journeys"]) for s in starts)
    hidden = [(t["source"], t["target"]) for t in transitions if (t["source"], t["target"]) not in drawn_pairs]
    graph = Graph(
        nodes=nodes,
        edges=edges,
        hidden_channels=max(0, len(stats) - n),
        hidden_edges=len(hidden),
        hidden_flows=hidden,
        hidden_end_edges=hidden_end,
        flow_total=sum(int(t["count"]) for t in transitions),
        flow_drawn=sum(int(t["count"]) for t in drawn),
    )
    for node in nodes.values():
        node.lines = wrap(
            node.label, node.width - 2 * PAD_X, LABEL_SIZE, True, lines=2 if node.kind == "channel" else 1
        )
    layout(graph)
    assign_ports(graph)
    return graph


def _columns(channels: list[Node]) -> int:
    """Assign each channel its column (1…); returns how many columns are used."""
    n = len(channels)
    columns = max(1, min(n, max(MIN_COLUMNS, math.ceil(n / PER_COLUMN)), MAX_COLUMNS))
    cap = max(3, math.ceil(1.5 * n / columns))
    ordered = sorted(channels, key=lambda v: (v.position, -v.events, v.key))
    by_col: list[list[Node]] = [[] for _ in range(columns)]
    for node in ordered:
        by_col[int(round(node.position * (columns - 1)))].append(node)
    for i in range(columns - 1):  # too many in a column: the latest ones move right …
        while len(by_col[i]) > cap:
            by_col[i + 1].insert(0, by_col[i].pop())
    for i in range(columns - 1, 0, -1):  # … and from the last column, the earliest move left
        while len(by_col[i]) > cap:
            by_col[i - 1].append(by_col[i].pop(0))
    used = [col for col in by_col if col]
    for layer, col in enumerate(used, start=1):
        for node in col:
            node.layer = layer
    return max(1, len(used))


def layout(graph: Graph) -> None:
    channels = [n for n in graph.nodes.values() if n.kind == "channel"]
    columns = _columns(channels) if channels else 1
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
    for _sweep in range(6):
        for layer in sorted(by_layer):
            nodes = by_layer[layer]
            for node in nodes:
                pairs = [
                    (graph.nodes[m].order, w)
                    for m, w in neighbours.get(node.key, [])
                    if m in graph.nodes and graph.nodes[m].layer != layer
                ]
                total = sum(w for _, w in pairs)
                node.bary = (sum(o * w for o, w in pairs) / total) if total else node.order
            nodes.sort(key=lambda v: (v.bary, v.position, v.key))
            for i, node in enumerate(nodes):
                node.order = i - (len(nodes) - 1) / 2

    def stack_height(nodes: list[Node]) -> float:
        return sum(v.height for v in nodes) + ROW_GAP * max(0, len(nodes) - 1)

    ends = [graph.nodes[k] for k in (CONVERSION, DROP_OFF) if k in graph.nodes]
    inner_h = max([stack_height(v) for v in by_layer.values()] + [stack_height(ends), 2 * 44 + ROW_GAP])
    graph.height = int(MARGIN_TOP + inner_h + MARGIN_BOTTOM)
    mid = MARGIN_TOP + inner_h / 2
    x_of = [float(MARGIN_X)]
    widths = [START_W] + [NODE_W] * columns + [END_W]
    for i in range(1, graph.layers):
        x_of.append(x_of[-1] + widths[i - 1] + COL_GAP)
    graph.width = int(max(x_of[-1] + END_W + MARGIN_X + 40, 620))
    for stack in list(by_layer.values()) + [ends]:
        y = mid - stack_height(stack) / 2
        for node in stack:
            node.x, node.y = x_of[node.layer], y
            y += node.height + ROW_GAP
    start = graph.nodes[START]
    start.x, start.y = x_of[0], mid - start.height / 2


# ---- edges as curves, and where their labels go ---------------------------------------------


def assign_ports(graph: Graph) -> None:
    """Edges leaving (entering) a box on its right (left) side are spread along that side in the
    order of their other end's height, so they fan out instead of meeting in one point."""
    sides: dict[tuple[str, str], list[tuple[float, tuple[str, str, str]]]] = {}
    for e in graph.edges:
        a, b = graph.nodes[e.source], graph.nodes[e.target]
        if e.source == e.target or b.layer < a.layer:
            continue
        key = (e.source, e.target, e.kind)
        sides.setdefault((e.source, "out"), []).append((b.y + b.height / 2, key))
        if b.layer > a.layer:
            sides.setdefault((e.target, "in"), []).append((a.y + a.height / 2, key))
    ports: dict[tuple[str, str, str], list[float]] = {}
    for (node_key, side), ends in sides.items():
        node = graph.nodes[node_key]
        ends.sort()
        step = min(7.0, (node.height - 14) / max(1, len(ends)))
        for i, (_y, key) in enumerate(ends):
            ports.setdefault(key, [0.0, 0.0])[0 if side == "out" else 1] = (i - (len(ends) - 1) / 2) * step
    graph.ports = {key: (v[0], v[1]) for key, v in ports.items()}


def curve(graph: Graph, e: Edge) -> tuple[Point, Point, Point, Point]:
    """The cubic Bézier of an edge: forward between columns, an arc for the others."""
    a, b = graph.nodes[e.source], graph.nodes[e.target]
    if e.source == e.target:
        x, y = a.x + a.width - 34, a.y
        return (x, y), (x - 6, y - 34), (x + 34, y - 34), (x + 24, y + 0.5)
    out, into = graph.ports.get((e.source, e.target, e.kind), (0.0, 0.0))
    if b.layer > a.layer:
        x0, y0 = a.x + a.width, a.y + a.height / 2 + out
        x1, y1 = b.x - 3, b.y + b.height / 2 + into
        dx = (x1 - x0) / 2
        return (x0, y0), (x0 + dx, y0), (x1 - dx, y1), (x1, y1)
    if b.layer == a.layer:
        # Same column: an arc on the right side, bulging outwards.
        x0, y0 = a.x + a.width, a.y + a.height / 2 + out
        x1, y1 = b.x + b.width + 3, b.y + b.height / 2 + 6
        bulge = min(COL_GAP - 12, 34 + 0.25 * abs(y1 - y0))
        return (x0, y0), (x0 + bulge, y0), (x1 + bulge, y1), (x1, y1)
    # Backwards: an arc over the nodes, from the top of one to the top of the other.
    x0, y0 = a.x + a.width / 2 + 12, a.y
    x1, y1 = b.x + b.width / 2 - 12, b.y - 3
    lift = 28 + 0.12 * abs(x1 - x0) + 0.35 * abs(y1 - y0)
    top = max(8.0, min(y0, y1) - lift)
    return (x0, y0), (x0, top), (x1, top), (x1, y1)


def point_at(c: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = c
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
    )


def overlaps(a: Box, b: Box, gap: float = 0.0) -> bool:
    return (
        a[0] < b[0] + b[2] + gap and b[0] < a[0] + a[2] + gap and a[1] < b[1] + b[3] + gap and b[1] < a[1] + a[3] + gap
    )


# Where along an edge its label is tried first: near the channel for start and conversion edges.
LABEL_AT = {
    "flow": (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8),
    "start": (0.72, 0.6, 0.82),
    "conversion": (0.3, 0.4, 0.2),
    "drop_off": (0.3, 0.4, 0.2),
}


def place_edge_labels(graph: Graph, texts: Mapping[int, str]) -> list[EdgeLabel]:
    """Labels for the edges in ``texts`` (strongest first), each where it touches no node and no
    label placed before it; an edge with no free place gets none."""
    taken: list[Box] = [n.box for n in graph.nodes.values()]
    placed: list[EdgeLabel] = []
    for index in sorted(texts, key=lambda i: -graph.edges[i].count):
        edge, text = graph.edges[index], texts[index]
        w, h = text_width(text, EDGE_LABEL_SIZE) + 6, EDGE_LABEL_SIZE + 4
        c = curve(graph, edge)
        for t in LABEL_AT[edge.kind]:
            x, y = point_at(c, t)
            box = (x - w / 2, y - h / 2, w, h)
            if (
                box[0] >= 0
                and box[1] >= 0
                and box[0] + w <= graph.width
                and box[1] + h <= graph.height - 50
                and not any(overlaps(box, other, 1.0) for other in taken)
            ):
                taken.append(box)
                placed.append(EdgeLabel(index, text, x, y, box))
                break
    graph.edge_labels = placed
    return placed
