"""Charts as Vega-Lite specs: interactive in the page (vega-embed), SVG for PDF reports.

The browser bundle of Vega, Vega-Lite and vega-embed comes from vl-convert-python (a PyPI
package), so no npm step or CDN is needed; it is served by ``vega_bundle`` and cached.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The product's look for every chart.
CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eef1f5"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "range": {"category": ["#1565c0", "#c62828", "#6a1b9a", "#2e7d32", "#ef6c00", "#00838f", "#5d4037"]},
}


def spec_with_config(spec: dict[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    out.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    out["config"] = {**CONFIG, **spec.get("config", {})}
    return out


def chart_html(spec: dict[str, Any], element_id: str, *, height: int | None = None) -> SafeString:
    """A div and the chart's spec as a JSON data island (Django's ``json_script``: ``<``, ``>`` and
    ``&`` escaped, so a name like ``<!--<script>`` stays data). No inline script: the static
    ``js/charts.js`` (included by templates/_vega.html) embeds every ``[data-chart]`` on load, so
    the page works under the Content-Security-Policy."""
    spec_id = f"{element_id}-spec"
    data = json.loads(json.dumps(spec_with_config(spec), ensure_ascii=False, default=str))
    return format_html('<div id="{}" class="chart" data-chart="{}"{}></div>{}', element_id, spec_id,
                       format_html(' data-min-height="{}"', int(height)) if height else "",
                       json_script(data, spec_id))


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG string, for PDF reports and image exports."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec_with_config(spec))


def chart_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec_with_config(spec), scale=scale)


@lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;")


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def vega_bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")
