"""The Vega-Lite conventions every chart of the product follows, in one place.

* the theme (font, axes, legends, the category colours of the brand palette), added to every spec
  by ``with_theme``;
* the colours that carry a meaning (ink, muted marks, bad → middle → good, the accent of a single
  series) and the 0–100 score scale;
* the sizes: charts fill their container's width and take one of a few heights;
* the tooltips: one line a field, built by ``tooltip`` (what a screen reader hears of a chart is
  made from them and from the titles: ``touchpoints.lib.vega_aria``).

Chart specs (inventory, journeys, audits, analytics, …) build on these names instead of repeating
literals; ``touchpoints.lib.charts`` embeds a spec in a page or renders it to SVG or PNG.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    # A legend names a measure or a touchpoint in words: room for "Audited from its perspective".
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 260},
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


def tip(field: str, title: str, format: str | None = None, *, type: str | None = None) -> dict[str, Any]:
    """One line of a tooltip: ``field``'s value after ``title`` (``UNTITLED`` for the value alone;
    a line always has one, or Vega would show the data's raw field name), written with the d3
    ``format`` (``".1f"``, ``".0%"``); ``type="temporal"`` for a date."""
    line: dict[str, Any] = {"field": field, "title": title}
    if type is not None:
        line["type"] = type
    if format is not None:
        line["format"] = format
    return line


TooltipLine: TypeAlias = tuple[str, str] | tuple[str, str, str] | dict[str, Any]


def tooltip(*lines: TooltipLine) -> list[dict[str, Any]]:
    """A mark's ``tooltip`` encoding, a line an entry, in order: a ``(field, title)`` or ``(field,
    title, format)`` pair, or a line from ``tip`` (a date)."""
    return [line if isinstance(line, dict) else tip(*line) for line in lines]
