"""The directly-follows graph as boxes and curves: which nodes and edges are drawn and where (no
ORM, no markup; :mod:`touchpoints.analytics.dfg` draws it). A layered (Sugiyama) layout:

* a *Start* node, the channels in columns, and *Conversion* at the right; a channel's column comes
  from its mean position in the journeys (0 = always first, 1 = always last, weighted by the
  variants' journeys), whatever cycles the graph has; a column holds at most about 1.5 times its
  share of the channels (the extra ones move to the next column), so no column grows into a tower;
* an edge that skips columns gets a slot in each column it crosses (a layered layout's "dummy
  node"), ordered and stacked with the boxes; it runs straight through its slots and curves only
  in the gaps between columns, so it never passes behind a box; backward edges arc over (or under)
  the boxes they pass, high enough to clear them;
* within a column, boxes and slots are ordered by the barycentre of their neighbours (a few
  sweeps), which keeps most edges short and uncrossed, and stacked with a gap: boxes never overlap;
* a node's label is the touchpoint's name (or the raw channel), wrapped onto two lines at most
  with an ellipsis beyond, so it always fits its box;
* only the strongest edges are drawn: transitions in order of count until they cover 80% of all
  transitions, at least one and at most one and a half per channel; the rest are left to the table
  under the graph. Arrows from *Start* and into *Conversion* follow the same rule;
* edge labels (count and median time) go to the strongest drawn edges where they touch no box and
  no other label, tried at a few places along the curve, or are left out (the tooltip stays).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from touchpoints.analytics.dfg_graph import (
    COL_GAP,
    CONVERSION,
    DROP_OFF,
    DUMMY_GAP,
    EDGE_LABEL_SIZE,
    EDGES_PER_CHANNEL,
    END_W,
    LABEL_SIZE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MAX_COLUMNS,
    MAX_NODES,
    MIN_COLUMNS,
    NODE_W,
    PAD_X,
    PER_COLUMN,
    ROW_GAP,
    START,
    START_W,
    Box,
    Cubic,
    Edge,
    EdgeKey,
    EdgeLabel,
    Graph,
    Node,
    Point,
    channel_positions,
    line,
    overlaps,
    point_along,
    s_curve,
    strongest,
)
from touchpoints.analytics.dfg_text import text_width, wrap


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


def _edge_key(e: Edge) -> EdgeKey:
    return (e.source, e.target, e.kind)


def _add_bends(graph: Graph, by_layer: dict[int, list[Node]]) -> None:
    """One slot per column an edge skips (left to right), stacked in that column with its boxes."""
    graph.bends = {}
    for e in graph.edges:
        a, b = graph.nodes[e.source], graph.nodes[e.target]
        if b.layer - a.layer < 2:
            continue
        slots = []
        for layer in range(a.layer + 1, b.layer):
            slot = Node(f"{e.source}>{e.target}>{e.kind}@{layer}", "", "dummy", layer=layer)
            slot.position = a.position + (b.position - a.position) * (layer - a.layer) / (b.layer - a.layer)
            slot.events = e.count
            slots.append(slot)
            by_layer.setdefault(layer, []).append(slot)
        graph.bends[_edge_key(e)] = slots


def _order(graph: Graph, by_layer: dict[int, list[Node]]) -> None:
    """Orders each column by the barycentre of its neighbours' places (a few sweeps)."""
    every = {**graph.nodes, **{slot.key: slot for slots in graph.bends.values() for slot in slots}}
    for nodes in by_layer.values():
        nodes.sort(key=lambda v: (v.position, -v.events, v.key))
        for i, node in enumerate(nodes):
            node.order = i - (len(nodes) - 1) / 2
    weights: dict[tuple[str, str], int] = {}
    for e in graph.edges:
        slots = graph.bends.get(_edge_key(e), [])
        if e.source == e.target or (e.kind != "flow" and not slots):
            continue
        chain = [e.source, *[slot.key for slot in slots], e.target]
        for a, b in zip(chain, chain[1:], strict=False):
            weights[(a, b)] = weights.get((a, b), 0) + e.count
    neighbours: dict[str, list[tuple[str, int]]] = {}
    for (a, b), w in weights.items():
        neighbours.setdefault(a, []).append((b, w))
        neighbours.setdefault(b, []).append((a, w))
    for _sweep in range(6):
        for layer in sorted(by_layer):
            nodes = by_layer[layer]
            for node in nodes:
                pairs = [
                    (every[m].order, w)
                    for m, w in neighbours.get(node.key, [])
                    if m in every and every[m].layer != layer
                ]
                total = sum(w for _, w in pairs)
                node.bary = (sum(o * w for o, w in pairs) / total) if total else node.order
            nodes.sort(key=lambda v: (v.bary, v.position, v.key))
            for i, node in enumerate(nodes):
                node.order = i - (len(nodes) - 1) / 2


def _gap(a: Node, b: Node) -> float:
    return ROW_GAP if a.kind != "dummy" and b.kind != "dummy" else DUMMY_GAP


def _stack_height(nodes: list[Node]) -> float:
    return sum(v.height for v in nodes) + sum(_gap(a, b) for a, b in zip(nodes, nodes[1:], strict=False))


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
    _add_bends(graph, by_layer)
    _order(graph, by_layer)
    ends = [graph.nodes[k] for k in (CONVERSION, DROP_OFF) if k in graph.nodes]
    inner_h = max([_stack_height(v) for v in by_layer.values()] + [_stack_height(ends), 2 * 44 + ROW_GAP])
    graph.height = int(MARGIN_TOP + inner_h + MARGIN_BOTTOM)
    mid = MARGIN_TOP + inner_h / 2
    x_of = [float(MARGIN_X)]
    widths = [START_W] + [NODE_W] * columns + [END_W]
    for i in range(1, graph.layers):
        x_of.append(x_of[-1] + widths[i - 1] + COL_GAP)
    graph.width = int(max(x_of[-1] + END_W + MARGIN_X + 40, 620))
    for stack in list(by_layer.values()) + [ends]:
        y = mid - _stack_height(stack) / 2
        for i, node in enumerate(stack):
            if i:
                y += _gap(stack[i - 1], node)
            node.x, node.y = x_of[node.layer], y
            y += node.height
    start = graph.nodes[START]
    start.x, start.y = x_of[0], mid - start.height / 2


# ---- edges as curves, and where their labels go ---------------------------------------------


def assign_ports(graph: Graph) -> None:
    """Edges leaving (entering) a box on its right (left) side are spread along that side in the
    order of the height they head to (come from), so they fan out instead of meeting in one point."""
    sides: dict[tuple[str, str], list[tuple[float, EdgeKey]]] = {}
    for e in graph.edges:
        a, b = graph.nodes[e.source], graph.nodes[e.target]
        if e.source == e.target or b.layer < a.layer:
            continue
        key = _edge_key(e)
        slots = graph.bends.get(key, [])
        first, last = (slots[0], slots[-1]) if slots else (b, a)
        sides.setdefault((e.source, "out"), []).append((first.middle, key))
        if b.layer > a.layer:
            sides.setdefault((e.target, "in"), []).append((last.middle, key))
    ports: dict[EdgeKey, list[float]] = {}
    for (node_key, side), ends in sides.items():
        node = graph.nodes[node_key]
        ends.sort()
        step = min(7.0, (node.height - 14) / max(1, len(ends)))
        for i, (_y, key) in enumerate(ends):
            ports.setdefault(key, [0.0, 0.0])[0 if side == "out" else 1] = (i - (len(ends) - 1) / 2) * step
    graph.ports = {key: (v[0], v[1]) for key, v in ports.items()}


def _backward(graph: Graph, e: Edge, a: Node, b: Node) -> list[Cubic]:
    """A backward edge: out of the box's right side into the gap, up the gap to a lane above every
    box, along it, and down the gap before the target into its left side. Every turn stays in a
    gap between columns, so the edge passes no box; each backward edge has a lane of its own."""
    backward = [x for x in graph.edges if graph.nodes[x.target].layer < graph.nodes[x.source].layer]
    k = backward.index(e)
    lane = max(6.0, min(n.y for n in graph.nodes.values()) - 16 - 6 * k)
    spread = 12 + 9 * (k % 6)  # edges rising in the same gap keep apart
    right, left = a.x + a.width + spread, b.x - spread
    start, end = (a.x + a.width, a.middle - 6), (b.x - 3, b.middle - 6)
    return [
        (start, (right, start[1]), (right, start[1]), (right, lane)),
        line((right, lane), (left, lane)),
        ((left, lane), (left, end[1]), (left, end[1]), end),
    ]


def curve(graph: Graph, e: Edge) -> list[Cubic]:
    """The edge as cubic Béziers joined end to end: forward through its slots in the columns it
    skips (curving only in the gaps between columns, so never behind a box), an arc for the others."""
    a, b = graph.nodes[e.source], graph.nodes[e.target]
    if e.source == e.target:
        x, y = a.x + a.width - 34, a.y
        return [((x, y), (x - 6, y - 34), (x + 34, y - 34), (x + 24, y + 0.5))]
    out, into = graph.ports.get(_edge_key(e), (0.0, 0.0))
    if b.layer > a.layer:
        points: list[Point] = [(a.x + a.width, a.middle + out)]
        segments: list[Cubic] = []
        for slot in graph.bends.get(_edge_key(e), []):
            enter, leave = (slot.x, slot.middle), (slot.x + slot.width, slot.middle)
            segments += [s_curve(points[-1], enter), line(enter, leave)]
            points.append(leave)
        segments.append(s_curve(points[-1], (b.x - 3, b.middle + into)))
        return segments
    if b.layer == a.layer:
        # Same column: an arc on the right side, bulging outwards.
        x0, y0 = a.x + a.width, a.middle + out
        x1, y1 = b.x + b.width + 3, b.middle + 6
        bulge = min(COL_GAP - 12, 34 + 0.25 * abs(y1 - y0))
        return [((x0, y0), (x0 + bulge, y0), (x1 + bulge, y1), (x1, y1))]
    return _backward(graph, e, a, b)


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
            x, y = point_along(c, t)
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
