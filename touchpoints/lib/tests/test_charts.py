"""A chart's data island keeps any name as data: nothing in it can end the script element or
open a comment that swallows the rest of the page."""

from __future__ import annotations

import json
import re

import pytest

from touchpoints.lib import vega
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


def test_the_menu_words_stay_attribute_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """The download menu's words come from the translation catalogues; a translation with quotes
    or markup stays inside its attribute as text."""
    from touchpoints.lib import charts

    hostile = '"><script>window.__xss=1</script>'
    monkeypatch.setattr(charts, "_", lambda _text: hostile)
    html = str(chart_html({"data": {"values": [{"n": 1}]}, "mark": "bar"}, "chart-2"))
    escaped = "&quot;&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;"
    for name in ("data-chart-menu", "data-chart-svg", "data-chart-png"):
        assert f'{name}="{escaped}"' in html
    assert html.count("<script") == 1  # only the data island


def test_the_menu_speaks_the_page_language() -> None:
    from django.utils import translation

    with translation.override("es"):
        html = str(chart_html({"data": {"values": [{"n": 1}]}, "mark": "bar"}, "chart-3"))
    assert 'data-chart-menu="Descargar el gráfico"' in html and 'data-chart-png="Guardar como PNG"' in html


def _axis_labels(language: str) -> str:
    from django.utils import translation

    from touchpoints.lib.charts import chart_svg

    spec = {
        "data": {"values": [{"n": 12500.5, "day": "2026-03-01"}, {"n": 0, "day": "2026-05-01"}]},
        "mark": "point",
        "encoding": {
            "x": {"field": "day", "type": "temporal", "timeUnit": "yearmonth", "axis": {"format": "%B"}},
            "y": {"field": "n", "type": "quantitative", "axis": {"format": ",.1f"}},
        },
    }
    with translation.override(language):
        return chart_svg(spec)


def test_the_pdf_axes_speak_the_report_language() -> None:
    """The SVG drawn for a PDF formats numbers and month names as the page does in that language."""
    assert "12,000.0" in _axis_labels("en") and "March" in _axis_labels("en")
    russian = _axis_labels("ru")
    assert "12\u00a0000,0" in russian and ">март<" in russian and "марта" not in russian
    spanish = _axis_labels("es")
    assert "12.000,0" in spanish and "marzo" in spanish


def test_the_page_bundle_carries_the_same_locales() -> None:
    """The browser bundle hands js/charts.js the d3 locale of every interface language but English."""
    from django.test import Client

    text = Client().get("/assets/vega-embed.js").content.decode()
    found = re.search(r"window\.touchpointsLocales\s*=\s*(\{.*?\});", text)
    assert found, "the bundle does not set window.touchpointsLocales"
    locales = json.loads(found.group(1))
    assert set(locales) == {"ru", "es"}
    assert locales["ru"]["number"]["decimal"] == "," and locales["ru"]["time"]["months"][2] == "март"
    assert locales["es"]["number"]["thousands"] == "." and locales["es"]["time"]["months"][2] == "marzo"


def _labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _weekly(language: str) -> list[str]:
    """The x-axis labels of a weekly line over August to November, drawn for a PDF."""
    from django.utils import translation

    from touchpoints.lib.charts import chart_svg

    days = ["2026-08-03", "2026-08-31", "2026-09-07", "2026-09-14", "2026-10-05", "2026-11-02", "2026-11-09"]
    spec = {
        "data": {"values": [{"week": d, "n": i} for i, d in enumerate(days)]},
        "width": 600,
        "mark": "line",
        "encoding": {"x": {"field": "week", "type": "temporal"}, "y": {"field": "n", "type": "quantitative"}},
    }
    with translation.override(language):
        return _labels(chart_svg(spec))


def test_dates_on_a_time_axis_read_as_each_language_writes_them() -> None:
    """Day before month in Russian and Spanish, the month's own name on a month tick (ноябрь, not
    ноября); English keeps Sep 13."""
    russian = _weekly("ru")
    assert "13 сен" in russian and "ноябрь" in russian, russian
    assert "сен 13" not in russian and "ноября" not in russian
    spanish = _weekly("es")
    assert "13 sep" in spanish and "noviembre" in spanish, spanish
    english = _weekly("en")
    assert "Sep 13" in english and "November" in english, english


def test_the_page_gets_the_same_date_formats_as_the_pdf() -> None:
    """The spec in the page carries the language's date formats (the browser draws it with the
    same tables), and a week's label is written the same way."""
    import datetime as dt

    from django.utils import translation

    from touchpoints.lib.charts import day_month

    spec = {"data": {"values": [{"day": "2026-09-07"}]}, "mark": "point"}
    for language, label in (("ru", "7 сен"), ("es", "7 sep"), ("en", "Sep 7")):
        with translation.override(language):
            html = str(chart_html(spec, "c"))
            island = json.loads(re.search(r'type="application/json">(.*?)</script>', html, re.S).group(1))
            assert island["config"]["axisTemporal"]["format"]["month"] == "%B"
            assert island["config"]["axisTemporal"]["format"]["date"] == ("%b %-d" if language == "en" else "%-d %b")
            assert day_month(dt.date(2026, 9, 7)) == label


def test_specs_name_the_vega_lite_version_that_draws_them() -> None:
    """A spec naming an older Vega-Lite than the page's bundle made the browser warn in the console
    on every chart ("The input spec uses Vega-Lite v5, but the current version of Vega-Lite is v6")."""
    import vl_convert as vlc

    from touchpoints.lib.vega import SCHEMA

    bundled = vlc.get_vegalite_versions()[-1]  # what javascript_bundle and the SVG export use
    assert SCHEMA.endswith(f"/v{bundled.split('.')[0]}.json")


def test_a_control_character_in_a_label_is_drawn_without_it() -> None:
    """A brand named with a pasted control character (BEL) made vl-convert's SVG parser panic and
    abort the process: the server or worker died while drawing a report's charts."""
    from touchpoints.lib.charts import chart_png, chart_svg

    spec = {
        "data": {"values": [{"brand": "City\x07Vein", "score": 50}, {"brand": "Phone\x0bline", "score": 70}]},
        "mark": "bar",
        "encoding": {"x": {"field": "brand", "type": "nominal"}, "y": {"field": "score", "type": "quantitative"}},
        "title": "Scores\x01",
    }
    svg = chart_svg(spec)
    assert "CityVein" in svg and "Phoneline" in svg and "\x07" not in svg
    assert chart_png(spec).startswith(b"\x89PNG")


def test_a_tooltip_is_written_one_line_a_field() -> None:
    assert vega.tooltip(
        ("brand", "Brand"),
        ("score", "Score", ".1f"),
        ("axis", vega.UNTITLED),
        vega.tip("date", "Week", type="temporal"),
        vega.tip("value", "Value", format=".2f"),
    ) == [
        {"field": "brand", "title": "Brand"},
        {"field": "score", "title": "Score", "format": ".1f"},
        {"field": "axis", "title": " "},
        {"field": "date", "title": "Week", "type": "temporal"},
        {"field": "value", "title": "Value", "format": ".2f"},
    ]


def test_a_chart_that_fills_its_column_is_drawn_for_a_pdf_at_a_width_and_in_the_reports_font() -> None:
    """A chart sized to its page column had Vega-Lite's default 300 px in a PDF, and its labels
    were measured in the page's font (system-ui), narrower than the DejaVu Sans WeasyPrint draws
    them in: a long label came out wider than its room and was cut at the chart's left edge."""
    from touchpoints.lib.charts import PRINT_WIDTH, chart_svg

    label = "Mensajería (Telegram, WhatsApp)"
    spec = {
        **vega.sized(vega.SMALL),
        "data": {"values": [{"label": label, "value": 3}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "axis": {"labelLimit": 400}},
            "x": {"field": "value", "type": "quantitative"},
        },
    }
    svg = chart_svg(spec)
    assert int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1)) > PRINT_WIDTH
    assert 'font-family="DejaVu Sans, sans-serif"' in svg
    # Room for the label as DejaVu Sans measures it: the plot starts right of it.
    in_page_font = chart_svg({**spec, "config": {"font": "system-ui, sans-serif"}})
    origin = [float(re.search(r"translate\(([\d.]+),", s).group(1)) for s in (svg, in_page_font)]
    assert origin[0] > origin[1] + 10
