"""A chart's data island keeps any name as data: nothing in it can end the script element or
open a comment that swallows the rest of the page."""

from __future__ import annotations

import json
import re

from touchpoints.lib.charts import chart_html, spec_with_config

NAMES = ["<!--<script>", "</script><script>window.__xss=1</script>", "a & b", "«ёлка» \u2028 \u2029", '"quoted"']


def test_the_data_island_survives_any_name() -> None:
    spec = {"data": {"values": [{"name": n, "n": i} for i, n in enumerate(NAMES)]}, "mark": "bar"}
    html = str(chart_html(spec, "chart-1", height=200))
    islands = re.findall(r'<script id="chart-1-spec" type="application/json">(.*?)</script>', html, re.S)
    assert len(islands) == 1, html
    assert "<" not in islands[0] and ">" not in islands[0]
    assert json.loads(islands[0]) == json.loads(json.dumps(spec_with_config(spec)))
    # No inline code: the static charts.js embeds it (Content-Security-Policy).
    assert html.count("<script") == 1
    assert 'data-chart="chart-1-spec"' in html and 'data-min-height="200"' in html
