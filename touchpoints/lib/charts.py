"""Charts as Vega-Lite specs: interactive in the page (vega-embed), SVG for PDF reports. The
conventions of the specs themselves (theme, colours, sizes) are in ``touchpoints.lib.vega``.

The browser bundle of Vega, Vega-Lite and vega-embed comes from vl-convert-python (a PyPI
package), so no npm step or CDN is needed; it is served by ``vega_bundle`` and cached. Numbers and
dates on the axes follow the page's language with d3's own locale tables, which vl-convert ships:
the bundle hands them to ``js/charts.js``, and the SVG for PDF reports is drawn with the same ones.
Two changes to those tables and formats make dates read as each language writes them (both go
into the spec or the tables the page and the PDF share, so both draw the same labels):

* the month of a month tick is the month's own name (``ноябрь``; d3's Russian table has the
  genitive ``ноября``, right only after a day), taken from Django's translated month names;
* the day comes before the month where the language writes it so (``13 сен``, ``13 sep``, but
  ``Sep 13`` in English): ``date_config`` gives each spec the axis and tooltip formats.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import dates, translation
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from touchpoints.lib.text import xml_text
from touchpoints.lib.vega import THEME, with_theme
from touchpoints.lib.vega_aria import AriaWords, described_guides, with_aria

# The theme under its older name (dashboard widgets read their series colours from it).
CONFIG = THEME

# The d3 locale of each interface language other than English (d3's default).
Locale = Literal["ru-RU", "es-ES"]
D3_LOCALES: dict[str, Locale] = {"ru": "ru-RU", "es": "es-ES"}


# How a date is written in each language, as d3 time formats: a day of a month (axis ticks, week
# labels), a whole date (tooltips), and the multi-format of a time axis (Vega picks the entry for
# the tick's unit: a month tick names the month, a day or week tick gives the day and the month).
DAY_MONTH = {"en": "%b %-d", "ru": "%-d %b", "es": "%-d %b"}
FULL_DATE = {"en": "%b %-d, %Y", "ru": "%-d %b %Y", "es": "%-d %b %Y"}


def _language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in DAY_MONTH else "en"


def _locale() -> Locale | None:
    """The d3 locale of the active language (None: English, d3's default)."""
    return D3_LOCALES.get(_language())


def date_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` entries writing dates as the active language does."""
    language = _language()
    day_month = DAY_MONTH[language]
    axis = {"year": "%Y", "quarter": "%B", "month": "%B", "week": day_month, "date": day_month}
    axis |= {"hours": "%H:%M", "minutes": "%H:%M", "seconds": ":%S", "milliseconds": ".%L"}
    # Day-first labels are a little wider: keep a gap so that a crowded axis drops every other one.
    return {"timeFormat": FULL_DATE[language], "axisTemporal": {"format": axis, "labelSeparation": 4}}


def aria_words() -> AriaWords:
    """The words a screen reader hears around a chart's own titles, in the active language."""
    return AriaWords(chart=_("Chart"), x_axis=_("X axis"), y_axis=_("Y axis"), legend=_("Legend"))


def spec_with_config(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as drawn, in the page and in the PDF: the product's theme, the language's date
    formats (the spec's own ``config`` keys win) and descriptions for a screen reader in the
    language (``lib.vega_aria.with_aria``)."""
    out = with_theme(spec)
    out["config"] = {**date_config(), **out["config"]}
    return with_aria(out, aria_words())


@cache
def time_locale(name: Locale) -> dict[str, Any]:
    """d3's time locale ``name`` with the months' own names (nominative: ``ноябрь``) from Django's
    catalogue, so a month tick does not read ``ноября``; the short names stay d3's."""
    import vl_convert as vlc

    table = dict(vlc.get_time_format_locale(name))
    with translation.override(name[:2]):
        table["months"] = [str(dates.MONTHS[month]).lower() for month in range(1, 13)]
    return table


def _time_locale() -> dict[str, Any] | None:
    locale = _locale()
    return time_locale(locale) if locale else None


def day_month(day: Any) -> str:
    """``day`` (a date) as a chart's axis writes a day of a month in the active language:
    ``Sep 7``, ``7 сен``, ``7 sep``, with the same short month names as the axes."""
    locale = _time_locale()
    short = locale["shortMonths"][day.month - 1] if locale else day.strftime("%b")
    return f"{short} {day.day}" if _language() == "en" else f"{day.day} {short}"


def spec_is_empty(spec: dict[str, Any]) -> bool:
    """True when every inline dataset of the spec (top level, layers, concatenations) has no rows."""
    datasets: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "values" in data:
                datasets.append(data["values"])
            for key in ("layer", "hconcat", "vconcat", "concat"):
                for child in node.get(key) or []:
                    walk(child)
            if isinstance(node.get("spec"), dict):
                walk(node["spec"])
        if isinstance(node, dict) and isinstance(node.get("datasets"), dict):
            datasets.extend(node["datasets"].values())

    walk(spec)
    return bool(datasets) and all(not values for values in datasets)


def chart_empty_html(message: str) -> SafeString:
    return format_html('<p class="chart-empty">{}</p>', message)


def chart_html(
    spec: dict[str, Any], element_id: str, *, height: int | None = None, empty_message: str | None = None
) -> SafeString:
    """A div and the chart's spec as a JSON data island (Django's ``json_script``: ``<``, ``>`` and
    ``&`` escaped, so a name like ``<!--<script>`` stays data). No inline script: the static
    ``js/charts.js`` (included by templates/_vega.html) embeds every ``[data-chart]`` on load and
    after HTMX swaps, so the page works under the Content-Security-Policy. A spec without any data
    row gives a sentence instead of an empty box."""
    if spec_is_empty(spec):
        return chart_empty_html(empty_message or _("Nothing to draw yet."))
    spec_id = f"{element_id}-spec"
    data = json.loads(json.dumps(spec_with_config(spec), ensure_ascii=False, default=str))
    return format_html(
        '<div id="{}" class="chart" data-chart="{}"{}{}></div>{}',
        element_id,
        spec_id,
        format_html(' data-min-height="{}"', int(height)) if height else "",
        menu_attributes(),
        json_script(data, spec_id),
    )


def menu_attributes() -> SafeString:
    """The words of a chart's download menu in the page's language (``js/charts.js`` gives them to
    vega-embed, whose own are English, and names the menu's button with the first)."""
    return format_html(
        ' data-chart-menu="{}" data-chart-svg="{}" data-chart-png="{}"',
        _("Download the chart"),
        _("Save as SVG"),
        _("Save as PNG"),
    )


def xml_safe(value: Any) -> Any:
    """The spec with every string (key or value) cleared of what XML cannot hold."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe(v) for v in value]
    return value


def _vega(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as drawn, compiled to Vega, its axes and legends saying their descriptions (the
    page's ``js/charts.js`` patches the same)."""
    import vl_convert as vlc

    return described_guides(vlc.vegalite_to_vega(xml_safe(spec_with_config(spec))))


# The width of a chart in a PDF report that fills its column in the page (``vega.sized``).
PRINT_WIDTH = 600
# The font of a chart as SVG: the reports' own (reports/document.html), which WeasyPrint draws it
# in. Measured in the page's font (system-ui, narrower here), long axis labels came out wider in
# the PDF than the room left for them and were cut at the chart's edge.
PRINT_FONT = "DejaVu Sans, sans-serif"


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG string, for PDF reports, in ``PRINT_FONT``. A chart that fills its column
    in the page (``"width": "container"``) is drawn ``PRINT_WIDTH`` px wide: a document has no
    column to measure."""
    import vl_convert as vlc

    spec = {**spec, "config": {"font": PRINT_FONT, **spec.get("config", {})}}
    if spec.get("width") == "container":
        spec["width"] = PRINT_WIDTH
    return vlc.vega_to_svg(_vega(spec), format_locale=_locale(), time_format_locale=_time_locale())


def chart_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vega_to_png(_vega(spec), scale=scale, format_locale=_locale(), time_format_locale=_time_locale())


@lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert as vlc

    locales = {
        language: {"number": vlc.get_format_locale(name), "time": time_locale(name)}
        for language, name in D3_LOCALES.items()
    }
    snippet = f"window.vegaEmbed = vegaEmbed;\nwindow.touchpointsLocales = {json.dumps(locales)};"
    return vlc.javascript_bundle(snippet)


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def vega_bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")
