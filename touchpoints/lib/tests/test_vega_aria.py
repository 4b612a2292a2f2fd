"""What a screen reader hears of a chart: the ``aria-label``s Vega writes into the SVG name the
chart, its axes and legends in the reader's language and describe each mark by its tooltip, with
no English sentence of Vega's and no raw field name (``lib.vega_aria.with_aria``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from touchpoints.lib import vega, vega_aria
from touchpoints.lib.charts import aria_words, chart_svg, spec_with_config

RUSSIAN = vega_aria.AriaWords(chart="Диаграмма", x_axis="Ось X", y_axis="Ось Y", legend="Легенда")


def layered() -> dict[str, Any]:
    """Bars with an interval rule and their value written on them; the tooltip, shared by the
    layers, has a number format, an untitled line, a line titled by its axis and a date."""
    return {
        "data": {
            "values": [
                {"label": "Осознание", "n": 1234.5, "low": 1000, "brand": "Мы", "day": "2026-03-01", "url": "/a"},
                {"label": "Выбор", "n": 2, "low": None, "brand": "Они", "day": "2026-04-01", "url": "/b"},
            ]
        },
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None},
            "href": {"field": "url"},
            "tooltip": vega.tooltip(
                ("label", vega.UNTITLED),
                ("n", "Число", ",.1f"),
                {"field": "brand"},  # a line without a title takes the legend's
                vega.tip("day", "День", type="temporal"),
                ("low", "От", ".0f"),
            ),
        },
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "x": {"field": "n", "type": "quantitative", "title": "Число точек"},
                    "color": {"field": "brand", "type": "nominal", "title": "Бренд"},
                },
            },
            {"mark": {"type": "rule"}, "encoding": {"x": {"field": "low"}, "tooltip": None}},
            {"mark": {"type": "text", "dx": 4}, "encoding": {"x": {"field": "n"}, "text": {"field": "n"}}},
            {"mark": "rule", "encoding": {"x": {"datum": 0}, "tooltip": None}},
        ],
    }


def test_the_chart_its_axes_and_legends_are_named_in_the_words_given() -> None:
    spec = layered()
    out = vega_aria.with_aria(spec, RUSSIAN)
    assert out["description"] == "Диаграмма"
    assert out["encoding"]["y"]["axis"] == {"description": "Ось Y"}  # no title: the axis alone
    bar, rule, text, zero = out["layer"]
    assert bar["encoding"]["x"]["axis"] == {"description": "Ось X: Число точек"}
    # The layers share one x axis: all say the same (Vega-Lite would warn of a conflict).
    assert rule["encoding"]["x"]["axis"]["description"] == "Ось X: Число точек"
    assert zero["encoding"]["x"]["axis"]["description"] == "Ось X: Число точек"
    assert bar["encoding"]["color"]["legend"] == {"description": "Легенда: Бренд"}
    # Decoration is left out: rules without a tooltip, the value written over the bar.
    assert rule["mark"] == {"type": "rule", "aria": False}
    assert zero["mark"] == {"type": "rule", "aria": False}
    assert text["mark"] == {"type": "text", "dx": 4, "aria": False}
    assert bar["mark"] == "bar" and "description" in bar["encoding"]
    # The spec passed in is left as it was; the data is shared, not copied.
    assert spec == layered() and out["data"] is spec["data"]


def test_a_title_an_axis_title_and_descriptions_of_the_spec_win() -> None:
    spec = {
        "title": {"text": ["Охват", "по этапам"]},
        "mark": {"type": "bar", "description": "своё"},
        "encoding": {
            "x": {"field": "n", "type": "quantitative", "title": "Канал", "axis": {"title": "Число"}},
            "y": {"field": "s", "type": "nominal", "axis": None},
            "color": {"field": "c", "type": "nominal", "legend": {"description": "своя"}},
            "fill": {"field": "d", "type": "nominal", "scale": None},
        },
    }
    out = vega_aria.with_aria(spec, RUSSIAN)
    assert out["description"] == "Охват по этапам"
    assert out["encoding"]["x"]["axis"] == {"title": "Число", "description": "Ось X: Число"}
    assert out["encoding"]["y"]["axis"] is None
    assert out["encoding"]["color"]["legend"] == {"description": "своя"}
    assert "legend" not in out["encoding"]["fill"]  # no scale, no legend
    assert out["mark"] == {"type": "bar", "description": "своё"} and "description" not in out["encoding"]
    assert vega_aria.with_aria({**spec, "description": "Моя"}, RUSSIAN)["description"] == "Моя"


def test_concatenated_and_faceted_views_are_walked() -> None:
    unit = {
        "mark": "point",
        "encoding": {"x": {"field": "n", "title": "Число"}, "tooltip": vega.tooltip(("n", "Число"))},
    }
    out = vega_aria.with_aria(
        {"hconcat": [unit, {"facet": {"field": "f"}, "spec": unit}], "datasets": {"a": [{"n": 1}]}}, RUSSIAN
    )
    for view in (out["hconcat"][0], out["hconcat"][1]["spec"]):
        assert view["encoding"]["x"]["axis"] == {"description": "Ось X: Число"}
        assert "description" in view["encoding"]
    assert out["datasets"] == {"a": [{"n": 1}]}


def _labels(spec: dict[str, Any], language: str) -> list[str]:
    with translation.override(language):
        svg = chart_svg(spec)
    return re.findall(r'aria-label="([^"]*)"', svg)


@pytest.mark.parametrize(
    ("language", "number", "day"), [("ru", "1\u00a0234,5", "1 мар 2026"), ("es", "1.234,5", "1 mar 2026")]
)
def test_the_pdf_reads_the_tooltip_in_the_reader_language(language: str, number: str, day: str) -> None:
    """vl-convert draws the SVG of a PDF with the descriptions, numbers and dates as the page's."""
    labels = _labels(layered(), language)
    with translation.override(language):
        words = aria_words()
    marks = [label for label in labels if "Число:" in label]
    # The untitled line gives its value alone; "brand", untitled, takes the legend's title.
    assert marks[0] == f"Осознание; Число: {number}; Бренд: Мы; День: {day}; От: 1000", labels
    assert marks[1].startswith("Выбор; Число: 2,0; Бренд: Они;") and "От" not in marks[1]  # no value: no line
    assert len(marks) == 2  # the bars alone: not the rule, the labels, the zero line
    assert f"{words.x_axis}: Число точек" in labels and words.y_axis in labels
    assert f"{words.legend}: Бренд" in labels
    text = " ".join(labels)
    for english in ("titled", "scale", "-axis", "legend for", "url:", "label:", "brand:", "low:", "null"):
        assert english not in text, (english, labels)


def test_the_page_spec_carries_the_words_of_the_language() -> None:
    """``spec_with_config`` (the page's spec and the PDF's) describes the chart in the language."""
    with translation.override("es"):
        words = aria_words()
        out = spec_with_config(layered())
    assert out["description"] == words.chart
    assert out["layer"][0]["encoding"]["x"]["axis"]["description"] == f"{words.x_axis}: Число точек"
    assert out["config"]["timeFormat"] in out["layer"][0]["encoding"]["description"]["value"]["expr"]


def test_axes_and_legends_of_a_compiled_spec_say_their_description() -> None:
    """Vega 6.2 ignores a guide's ``description`` unless it is encoded on the guide (vega/vega#3991)."""
    compiled = {
        "axes": [{"scale": "x", "description": "Ось X"}, {"scale": "y"}],
        "marks": [{"type": "group", "legends": [{"fill": "color", "description": "Легенда"}]}],
    }
    out = vega_aria.described_guides(compiled)
    assert out["axes"][0]["encode"] == {"axis": {"update": {"description": {"value": "Ось X"}}}}
    assert "encode" not in out["axes"][1]
    assert out["marks"][0]["legends"][0]["encode"] == {"legend": {"update": {"description": {"value": "Легенда"}}}}


def test_a_title_reads_as_itself_in_the_svg() -> None:
    """Vega wrote "Title text 'Сайт'" for a chart's title (an audit's heat map per kind of touchpoint)."""
    spec = {
        "title": {"text": "Сайт"},
        "data": {"values": [{"n": 1}]},
        "mark": "point",
        "encoding": {"x": {"field": "n"}},
    }
    with translation.override("ru"):
        svg = chart_svg(spec)
    assert 'aria-roledescription="title" aria-label="Сайт"' in svg and "Title text" not in svg


def test_quotes_and_a_script_in_titles_and_data_stay_text_in_the_description() -> None:
    """The descriptions are Vega expressions built from titles and read from the data: a quote
    cannot end their strings, and a name with <script> is text in the SVG's aria-label."""
    import html
    import xml.etree.ElementTree as ET

    name = "\"Chat\" <script>alert(1)</script> ' + 1 + '"
    spec = {
        "data": {"values": [{"label": name, "n": 2}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": name},
            "x": {"field": "n", "type": "quantitative", "title": name},
            "tooltip": vega.tooltip(("label", name), ("n", "Число", ".0f")),
        },
    }
    with translation.override("ru"):
        svg = chart_svg(spec)
    ET.fromstring(svg)  # well-formed: nothing the names hold became markup
    assert "<script>" not in svg
    labels = [html.unescape(label) for label in re.findall(r'aria-label="([^"]*)"', svg)]
    assert f"{name}: {name}; Число: 2" in labels, labels
    assert f"Ось X: {name}" in labels, labels


def test_a_line_with_points_is_read_point_by_point() -> None:
    """A trend's line was described by its first point ("Audit: Spring; Date: …; Score: 51") as if
    that were the whole line, before the same point again: the points speak, the line is left out."""
    points = [
        {"date": f"2026-0{m}-01", "score": 50 + m, "brand": brand, "audit": f"A{m}", "url": ""}
        for m in (1, 2, 3)
        for brand in ("Own", "Rival")
    ]
    spec = {
        "data": {"values": points},
        "mark": {"type": "line", "point": {"size": 60, "filled": True}},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "Дата"},
            "y": {"field": "score", "type": "quantitative", "title": "Балл"},
            "color": {"field": "brand", "type": "nominal", "title": "Бренд"},
            "tooltip": vega.tooltip(("brand", "Бренд"), vega.tip("date", "Дата", type="temporal"), ("score", "Балл")),
        },
    }
    with translation.override("ru"):
        svg = chart_svg(spec)
    lines = re.findall(r'<g class="mark-line[^>]*>', svg)
    assert lines and all('aria-hidden="true"' in g for g in lines)
    labels = re.findall(r'aria-label="([^"]*Балл: \d+[^"]*)"', svg)
    assert len(labels) == len(points) and "Бренд: Rival" in " ".join(labels)
