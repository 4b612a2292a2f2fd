"""The directly-follows graph's pieces as plain data (nodes, edges, the graph, their sizes) and the
geometry of boxes and cubic curves; :mod:`touchpoints.analytics.dfg_layout` places them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from touchpoints.analytics.dfg_text import text_width

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
Cubic = tuple[Point, Point, Point, Point]
EdgeKey = tuple[str, str, str]  # source, target, kind
# An edge that skips columns passes each column it crosses in a slot of its own (a "dummy node" of
# a layered layout), ordered and stacked with the boxes, so it never runs behind one.
DUMMY_H = 12
DUMMY_GAP = 6


@dataclass
class Node:
    key: str
    label: str
    kind: str  # start | channel | conversion | drop_off | dummy (an edge's slot in a column)
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
        return {"start": START_W, "channel": NODE_W, "dummy": NODE_W}.get(self.kind, END_W)

    @property
    def height(self) -> int:
        return DUMMY_H if self.kind == "dummy" else 30 + LINE_H * max(1, len(self.lines))

    @property
    def middle(self) -> float:
        return self.y + self.height / 2

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
    ports: dict[EdgeKey, tuple[float, float]] = field(default_factory=dict)
    bends: dict[EdgeKey, list[Node]] = field(default_factory=dict)  # an edge's slots, column by column
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def drawn_share(self) -> float:
        return self.flow_drawn / self.flow_total if self.flow_total else 1.0


# ---- which nodes and edges ------------------------------------------------------------------


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


# ---- geometry ---------------------------------------------------------------------------------


def s_curve(p: Point, q: Point) -> Cubic:
    dx = (q[0] - p[0]) / 2
    return p, (p[0] + dx, p[1]), (q[0] - dx, q[1]), q


def line(p: Point, q: Point) -> Cubic:
    return p, (p[0] + (q[0] - p[0]) / 3, p[1]), (p[0] + 2 * (q[0] - p[0]) / 3, q[1]), q


def crosses(c: Cubic, box: Box, steps: int = 48) -> bool:
    """Whether the curve runs through the inside of ``box`` (its border excepted)."""
    x, y, w, h = box
    return any(
        x + 1 < px < x + w - 1 and y + 1 < py < y + h - 1
        for px, py in (point_at(c, i / steps) for i in range(steps + 1))
    )


def path_data(segments: list[Cubic]) -> str:
    """The SVG path of joined cubic segments."""
    (x, y) = segments[0][0]
    parts = [f"M{x:.1f},{y:.1f}"]
    for _p, (x1, y1), (x2, y2), (x3, y3) in segments:
        parts.append(f"C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}")
    return " ".join(parts)


def point_along(segments: list[Cubic], t: float) -> Point:
    """The point at ``t`` (0…1) along joined segments (each segment an equal share)."""
    k = len(segments)
    i = min(int(t * k), k - 1)
    return point_at(segments[i], t * k - i)


def point_at(c: Cubic, t: float) -> Point:
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
