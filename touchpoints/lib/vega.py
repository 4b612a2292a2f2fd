"""The Vega-Lite conventions every chart of the product follows, in one place.

* the theme (font, axes, legends, the category colours of the brand palette), added to every spec
  by ``with_theme``;
* the colours that carry a meaning (ink, muted marks, bad → middle → good, the accent of a single
  series) and the 0–100 score scale;
* the sizes: charts fill their container's width and take one of a few heights;
* the tooltips: one line a field, built by ``tooltip``;
* what a screen reader hears (the ``aria-label``s Vega writes into the SVG), in the reader's
  language: ``with_aria`` names the chart, its axes and legends with their titles and describes
  each mark by its tooltip, and ``described_guides`` makes Vega use those words for axes and legends.

Chart specs (inventory, journeys, audits, analytics, …) build on these names instead of repeating
literals; ``touchpoints.lib.charts`` embeds a spec in a page or renders it to SVG or PNG.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from touchpoints.lib.palette import PALETTE

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # the version vl-convert bundles and draws with

# Colours with a meaning (the product's CSS uses the same ones).
INK = "#1d2330"  # text and reference lines drawn on the data
MUTED = "#98a2b3"  # the zero line, unknown values, a previous period
FAINT = "#e4e7ec"  # an empty cell
GRID = "#eef1f5"
ACCENT = "#1565c0"  # the one series of a single-series chart
BAD = "#c62828"
MIDDLE = "#fbc02d"
GOOD = "#2e7d32"
CATEGORY_COLOURS: tuple[str, ...] = PALETTE  # series without a colour of their own (brands have one)

# Scores on 0–100: red at 0, yellow at 50, green at 100.
SCORE_SCALE: dict[str, Any] = {"domain": [0, 50, 100], "range": [BAD, MIDDLE, GOOD]}

# Heights in pixels; the width always follows the container.
SMALL = 180
MEDIUM = 200
LARGE = 320

THEME: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": GRID},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "range": {"category": list(CATEGORY_COLOURS)},
}


def sized(height: int | dict[str, int] = MEDIUM) -> dict[str, Any]:
    """The size of a chart that fills its container's width: ``{**sized(SMALL), "mark": …}``.
    ``height`` may be a Vega-Lite step, e.g. ``{"step": 22}`` for one band per row."""
    return {"width": "container", "height": height}


def colour_scale(domain: Iterable[str], colours: Mapping[str, str], default: str = ACCENT) -> dict[str, Any]:
    """A nominal scale giving each value of ``domain`` its own colour (a brand's, an audit's)."""
    values = list(domain)
    return {"domain": values, "range": [colours.get(v, default) for v in values]}


def distinct_colour(wanted: str, taken: Iterable[str], default: str = "#5d4037") -> str:
    """``wanted`` (a brand's own colour) unless it is empty or another series has it already, else
    the first category colour no series has (``default`` once they are all taken)."""
    used = set(taken)
    return wanted if wanted and wanted not in used else next((c for c in CATEGORY_COLOURS if c not in used), default)


def with_theme(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with the schema and the product's theme (its own ``config`` keys win)."""
    out = dict(spec)
    out.setdefault("$schema", SCHEMA)
    out["config"] = {**THEME, **spec.get("config", {})}
    return out


def grid_axes(column: str, row: str, *, column_labels: int, row_labels: int) -> dict[str, Any]:
    """The ``x`` and ``y`` encodings of a heat map (e.g. touchpoints × criteria): the columns in
    the data's order with their labels slanted along the top, the rows in the order of the data's
    ``order`` field; no axis titles. ``column_labels``/``row_labels``: label widths in pixels."""
    return {
        "x": {
            "field": column,
            "type": "nominal",
            "title": None,
            "sort": None,
            "axis": {"orient": "top", "labelAngle": -40, "labelLimit": column_labels},
        },
        "y": {
            "field": row,
            "type": "nominal",
            "title": None,
            "sort": {"field": "order", "order": "ascending"},
            "axis": {"labelLimit": row_labels},
        },
    }


# The title of a tooltip line that shows the value alone (the stage, the axis, the label); with no
# title at all Vega would show the data's field name.
UNTITLED = " "


def tip(field: str, title: str | None = None, format: str | None = None, *, type: str | None = None) -> dict[str, Any]:
    """One line of a tooltip: ``field``'s value after ``title`` (the field's name when None),
    written with the d3 ``format`` (``".1f"``, ``".0%"``); ``type="temporal"`` for a date."""
    line: dict[str, Any] = {"field": field}
    if type is not None:
        line["type"] = type
    if title is not None:
        line["title"] = title
    if format is not None:
        line["format"] = format
    return line


TooltipLine: TypeAlias = str | tuple[str, str] | tuple[str, str, str] | dict[str, Any]


def tooltip(*lines: TooltipLine) -> list[dict[str, Any]]:
    """A mark's ``tooltip`` encoding, a line an entry, in order: a field's name, a ``(field, title)``
    or ``(field, title, format)`` pair, or a line from ``tip`` (a date)."""
    return [line if isinstance(line, dict) else tip(line) if isinstance(line, str) else tip(*line) for line in lines]


# What a screen reader hears. Left alone, Vega writes English sentences into the SVG ("X-axis titled
# 'Число точек контакта' for a linear scale with values from 0 to 20", "Vega visualization") and
# describes each mark by every channel it has, under the channel's title or the data's raw field
# name ("criterion: Функциональность; touchpoint: Страница цен; url: /w/…"). ``with_aria`` gives
# the chart, each axis and legend a description in the reader's language and describes each mark
# by its tooltip, which is written for people; a mark without one only decorates a described mark
# (a value written on a bar, a reference line) and is left out.

POSITIONS = ("x", "y")  # the channels that draw an axis (x2, y2, xOffset, yOffset share it or none)
LEGENDS: tuple[str, ...] = ("color", "fill", "stroke", "size", "shape", "opacity", "fillOpacity", "strokeOpacity")
LEGENDS += ("strokeWidth", "strokeDash", "angle")
NESTED = ("layer", "hconcat", "vconcat", "concat")


@dataclass(frozen=True)
class AriaWords:
    """The words of the descriptions, translated by the caller (this module has no translations)."""

    chart: str = "Chart"
    x_axis: str = "X axis"
    y_axis: str = "Y axis"
    legend: str = "Legend"


def _text(title: Any) -> str:
    """A title (a string, lines, None) as one line of text; "" when there is none."""
    if isinstance(title, dict):  # a chart's title: {"text": …, "subtitle": …}
        title = title.get("text")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(line) for line in title)
    return str(title).strip() if isinstance(title, str) else ""


def _guide_title(channel: dict[str, Any], guide: str) -> str:
    """The title Vega-Lite writes on a channel's axis or legend: the guide's own ``title``, else
    the channel's; "" when both are None or missing (Vega-Lite's default, the field's name, is not
    a word for the reader)."""
    own = channel.get(guide)
    if isinstance(own, dict) and "title" in own:
        return _text(own["title"])
    return _text(channel.get("title"))


def _has_guide(channel: Any, guide: str) -> bool:
    return (
        isinstance(channel, dict)
        and ("field" in channel or "datum" in channel or "aggregate" in channel)
        and channel.get(guide, {}) not in (None, False)
        and (guide == "axis" or channel.get("scale", {}) is not None)
    )


def _copy(node: Any) -> Any:
    """A copy of a spec's structure to write into; the data is shared, not copied."""
    if isinstance(node, dict):
        return {k: v if k in ("data", "datasets") else _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _js(text: str) -> str:
    return json.dumps(text)  # a JavaScript string literal (ASCII: no line separator breaks it)


def _tooltip_lines(encoding: Mapping[str, Any]) -> list[dict[str, Any]]:
    lines = encoding.get("tooltip")
    if isinstance(lines, dict):
        lines = [lines]
    return [line for line in lines or [] if isinstance(line, dict) and isinstance(line.get("field"), str)]


def _field_title(encoding: Mapping[str, Any], field: str) -> str:
    """The title another channel gives ``field`` (an untitled tooltip line's field on an axis)."""
    for name, channel in encoding.items():
        if name not in ("tooltip", "description", "href") and isinstance(channel, dict):
            if channel.get("field") == field and not channel.get("aggregate"):
                title = _guide_title(channel, "axis" if name in POSITIONS else "legend")
                if title:
                    return title
    return ""


def _line_expression(line: dict[str, Any], encoding: Mapping[str, Any], time_format: str) -> str | None:
    """A Vega expression writing one tooltip line, "; title: value" ("; value" when the line is
    untitled, "" when the value is missing), the value written as the tooltip writes it."""
    if line.get("bin"):
        return None  # a bin's range: no single value to write
    field = line["field"]
    name, unit, aggregate = field, line.get("timeUnit"), line.get("aggregate")
    if isinstance(unit, dict):
        unit = unit.get("unit")
    if isinstance(unit, str):
        name = f"{unit}_{name}"
    if aggregate == "count":
        name = "__count"
    elif isinstance(aggregate, str):
        name = f"{aggregate}_{name}"
    value = f"datum[{_js(name)}]"
    if line.get("type") == "temporal" or unit:
        text = f"timeFormat(toDate({value}), {_js(line.get('format') or time_format)})"
    elif line.get("format") is not None:
        text = f"format({value}, {_js(line['format'])})"
    else:
        text = f"(isNumber({value}) ? format({value}, '') : {value})"
    title = _text(line["title"]) if "title" in line else _field_title(encoding, field)
    head = f"; {title}: " if title else "; "
    return f"(isValid({value}) ? {_js(head)} + {text} : '')"


def _description(encoding: Mapping[str, Any], time_format: str) -> dict[str, Any] | None:
    """The ``description`` channel of a mark with a tooltip: the tooltip's lines, "; " between."""
    parts = [p for line in _tooltip_lines(encoding) if (p := _line_expression(line, encoding, time_format))]
    return {"value": {"expr": f"slice({' + '.join(parts)}, 2)"}} if parts else None


def _silenced(unit: dict[str, Any]) -> None:
    mark = unit.get("mark")
    unit["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}


def _mark_type(unit: Mapping[str, Any]) -> Any:
    mark = unit.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _describe_marks(node: dict[str, Any], inherited: Mapping[str, Any], time_format: str) -> None:
    encoding = {**inherited, **(node.get("encoding") or {})}
    if "layer" in node:
        children = [c for c in node["layer"] if isinstance(c, dict)]
        for child in children:
            _describe_marks(child, encoding, time_format)
        # Text drawn over a described mark (a value on a bar, a score in a cell) repeats it.
        described = [
            c
            for c in children
            if "mark" in c and _mark_type(c) != "text" and not _aria_off(c) and _tooltip_of(c, encoding)
        ]
        if described:
            for child in children:
                if "mark" in child and _mark_type(child) == "text" and not _aria_off(child):
                    _silenced(child)
        return
    if "mark" in node:
        mark = node["mark"]
        if _aria_off(node) or "description" in encoding or (isinstance(mark, dict) and "description" in mark):
            return
        description = _description(encoding, time_format)
        if description:
            node.setdefault("encoding", {})["description"] = description
        else:
            _silenced(node)  # decoration (a rule, a label), or no words for a reader
        return
    for key in NESTED:
        for child in node.get(key) or []:
            if isinstance(child, dict):
                _describe_marks(child, {}, time_format)
    if isinstance(node.get("spec"), dict):  # a facet's or a repeat's
        _describe_marks(node["spec"], {}, time_format)


def _aria_off(unit: Mapping[str, Any]) -> bool:
    mark = unit.get("mark")
    return isinstance(mark, dict) and mark.get("aria") is False


def _tooltip_of(unit: Mapping[str, Any], inherited: Mapping[str, Any]) -> bool:
    return bool(_tooltip_lines({**inherited, **(unit.get("encoding") or {})}))


def _channels(node: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every channel of a view and its layers (they share one set of axes and legends)."""
    found = [(name, ch) for name, ch in (node.get("encoding") or {}).items() if isinstance(ch, dict)]
    for child in node.get("layer") or []:
        if isinstance(child, dict):
            found += _channels(child)
    return found


def _describe_guides(node: dict[str, Any], words: AriaWords) -> None:
    if "layer" in node or "mark" in node:
        channels = _channels(node)
        for names, guide in ((POSITIONS, "axis"), (LEGENDS, "legend")):
            for name in names:
                these = [ch for n, ch in channels if n == name and _has_guide(ch, guide)]
                title = next((t for ch in these if (t := _guide_title(ch, guide))), "")
                word = {"x": words.x_axis, "y": words.y_axis}.get(name, words.legend)
                for channel in these:
                    own = channel.get(guide)
                    own = dict(own) if isinstance(own, dict) else {}
                    own.setdefault("description", f"{word}: {title}" if title else word)
                    channel[guide] = own
        return
    for key in NESTED:
        for child in node.get(key) or []:
            if isinstance(child, dict):
                _describe_guides(child, words)
    if isinstance(node.get("spec"), dict):
        _describe_guides(node["spec"], words)


def with_aria(spec: Mapping[str, Any], words: AriaWords = AriaWords()) -> dict[str, Any]:
    """The spec with descriptions for a screen reader in the words given (translated by the caller):

    * the chart (the SVG's label): its title, else ``words.chart``;
    * each axis: "X axis: its title" ("X axis" when it has none), each legend "Legend: its title";
    * each mark with a tooltip: the tooltip's lines, "title: value; title: value", the values
      written as the tooltip writes them (its number formats; dates in the spec's ``timeFormat``),
      an untitled line's value alone; a mark without a tooltip in a layer (a rule, a label) and
      text over a described mark are left out (``aria: false``).

    Descriptions the spec sets itself are kept. The spec passed in is not changed."""
    out: dict[str, Any] = _copy(dict(spec))
    if not out.get("description"):
        out["description"] = _text(out.get("title")) or words.chart
    time_format = str((out.get("config") or {}).get("timeFormat") or "%b %d, %Y")
    _describe_marks(out, {}, time_format)
    _describe_guides(out, words)
    return out


def described_guides(vega_spec: dict[str, Any]) -> dict[str, Any]:
    """A compiled Vega spec whose axes and legends say their ``description``. Vega (6.2) writes
    its own English sentence for an axis or a legend whatever its ``description`` (vega/vega#3991,
    fixed after 6.2) unless the description is encoded on the guide itself; this does that, in
    place, for the SVG of PDF reports (``js/charts.js`` does the same in the page)."""

    def walk(node: dict[str, Any]) -> None:
        for key, part in (("axes", "axis"), ("legends", "legend")):
            for guide in node.get(key) or []:
                if isinstance(guide, dict) and isinstance(guide.get("description"), str):
                    update = guide.setdefault("encode", {}).setdefault(part, {}).setdefault("update", {})
                    update.setdefault("description", {"value": guide["description"]})
        for mark in node.get("marks") or []:
            if isinstance(mark, dict) and mark.get("type") == "group":
                walk(mark)

    walk(vega_spec)
    return vega_spec
