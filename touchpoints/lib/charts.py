"""Charts as Vega-Lite specs: interactive in the page (vega-embed), SVG for PDF reports.

The browser bundle of Vega, Vega-Lite and vega-embed comes from vl-convert-python (a PyPI
package), so no npm step or CDN is needed; it is served by ``vega_bundle`` and cached.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from touchpoints.lib.palette import PALETTE

# The product's look for every chart.
CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eef1f5"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "range": {"category": list(PALETTE)},
}


def spec_with_config(spec: dict[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    out.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    out["config"] = {**CONFIG, **spec.get("config", {})}
    return out


def chart_html(spec: dict[str, Any], element_id: str, *, height: int | None = None) -> SafeString:
    """A div and the script that embeds the chart into it (see templates/_vega.html for the bundle)."""
    data = json.dumps(spec_with_config(spec), ensure_ascii=False, default=str).replace("</", "<\\/")
    style = f' style="min-height:{int(height)}px"' if height else ""
    return mark_safe(
        f'<div id="{escape(element_id)}" class="chart"{style}></div>'
        f'<script type="application/json" id="{escape(element_id)}-spec">{data}</script>'
        f"<script>window.addEventListener('load',function(){{window.vegaEmbed('#{escape(element_id)}',"
        f"JSON.parse(document.getElementById('{escape(element_id)}-spec').textContent),"
        f"{{actions:{{export:true,source:false,compiled:false,editor:false}},renderer:'svg'}});}});</script>"
    )


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
