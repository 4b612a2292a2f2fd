"""What a screen reader hears of a chart: the ``aria-label``s Vega writes into the SVG, in the
reader's language.

Left alone, Vega writes English sentences into the SVG ("X-axis titled 'Число точек контакта' for a
linear scale with values from 0 to 20", "Vega visualization") and describes each mark by every
channel it has, under the channel's title or the data's raw field name ("criterion:
Функциональность; touchpoint: Страница цен; url: /w/…"). ``with_aria`` gives the chart, each axis
and legend a description in the reader's language and describes each mark by its tooltip, which is
written for people; a mark without one only decorates a described mark (a value written on a bar, a
reference line) and is left out. ``described_guides`` makes Vega use those words for axes and
legends. ``touchpoints.lib.charts`` applies both to every chart, in the page and in the PDF.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
            _points_speak_for_the_line(node)
        else:
            _silenced(node)  # decoration (a rule, a label), or no words for a reader
        return
    for key in NESTED:
        for child in node.get(key) or []:
            if isinstance(child, dict):
                _describe_marks(child, {}, time_format)
    if isinstance(node.get("spec"), dict):  # a facet's or a repeat's
        _describe_marks(node["spec"], {}, time_format)


def _points_speak_for_the_line(unit: dict[str, Any]) -> None:
    """A line drawn with its points: each point is described, and the line's path, described by
    its first point alone (Vega describes a path by its first datum), would repeat that point as
    if it were the whole series. The points speak; the line is left out."""
    mark = unit.get("mark")
    if isinstance(mark, dict) and mark.get("type") in ("line", "area", "trail"):
        point = mark.get("point")
        if point is True or isinstance(point, dict):
            unit["mark"] = {
                **mark,
                "aria": False,
                "point": {**(point if isinstance(point, dict) else {}), "aria": True},
            }


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
    """A compiled Vega spec whose axes and legends say their ``description`` and whose titles say
    their text. Vega (6.2) writes its own English sentence for an axis or a legend whatever its
    ``description`` (vega/vega#3991, fixed after 6.2) unless the description is encoded on the guide
    itself, and "Title text '…'" for a title; this encodes them, in place, for the SVG of PDF
    reports (``js/charts.js`` does the same in the page)."""

    def walk(node: dict[str, Any]) -> None:
        for key, part in (("axes", "axis"), ("legends", "legend")):
            for guide in node.get(key) or []:
                if isinstance(guide, dict) and isinstance(guide.get("description"), str):
                    update = guide.setdefault("encode", {}).setdefault(part, {}).setdefault("update", {})
                    update.setdefault("description", {"value": guide["description"]})
        title = node.get("title")
        if isinstance(title, dict) and (text := _text(title)):
            update = title.setdefault("encode", {}).setdefault("title", {}).setdefault("update", {})
            update.setdefault("description", {"value": text})
        for mark in node.get("marks") or []:
            if isinstance(mark, dict) and mark.get("type") == "group":
                walk(mark)

    walk(vega_spec)
    return vega_spec
