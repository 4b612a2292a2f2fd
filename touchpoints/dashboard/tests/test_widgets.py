"""Every registered widget renders with no data and with data, in each language: a sentence with a
link when empty, a chart (or list) when not, and never an untranslated label in ru/es."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.utils import translation

from touchpoints.dashboard import widgets
from touchpoints.workspaces.models import Workspace

LANGS = ["en", "ru", "es"]
EMPTY_SENTENCE = {"en": "yet", "ru": "", "es": ""}


def _fresh(workspace: Workspace) -> Workspace:
    return Workspace.objects.get(pk=workspace.pk)  # no memoised figures from an earlier render


def test_registry_has_the_widgets_of_the_issue() -> None:
    assert {
        "coverage-stage",
        "coverage-area",
        "coverage-channel",
        "missing",
        "audit-stage",
        "heatmap",
        "trend",
        "analytics",
        "segments",
        "radar",
        "top-ten",
        "plan",
        "overdue",
        "impact",
        "feedback",
        "feedback-trend",
    } <= set(widgets.REGISTRY)


# Widgets that are a list (no chart), and a text each shows when it has data.
LISTS = {"missing": "Answering machine", "top-ten": "Website", "overdue": "Answer calls within a minute"}


def _interactive_layers(spec: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(encoding, rows) of every part of the spec a user can hover (a layered spec has several)."""
    out = []
    for part in spec["layer"] if "layer" in spec else [spec]:
        encoding = {**spec.get("encoding", {}), **part.get("encoding", {})}
        rows = (part.get("data") or spec.get("data") or {}).get("values", [])
        if "tooltip" in encoding:
            out.append((encoding, rows))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(widgets.REGISTRY))
def test_widget_without_data_says_how_to_get_it(world: Any, name: str, lang: str) -> None:
    world.workspace.segments.all().delete()
    widget = widgets.REGISTRY[name]
    with translation.override(lang):
        html = widget.render(workspace=_fresh(world.workspace))
        english = None
        if lang != "en":
            with translation.override("en"):
                english = widget.render(workspace=_fresh(world.workspace))
    assert 'class="widget-empty"' in html
    assert "data-chart=" not in html
    found = re.search(r'<p class="widget-empty">(.*?)</p>', html, re.S)
    assert found is not None
    sentence = found.group(1)
    assert len(re.sub(r"<[^>]+>", "", sentence).strip()) > 20
    assert "<a href=" in sentence  # every empty widget links to where its data comes from
    if english is not None:
        assert html != english  # translated


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(widgets.REGISTRY))
def test_widget_with_data_draws(filled: Any, name: str, lang: str) -> None:
    widget = widgets.REGISTRY[name]
    ws = filled.workspace
    with translation.override(lang):
        html = widget.render(workspace=_fresh(ws))
        title = str(widget.title)
    assert 'class="widget-empty"' not in html, html
    if name not in LISTS:
        spec_json = re.search(r'<script id="widget-[a-z-]+-spec" type="application/json">(.*?)</script>', html, re.S)
        assert spec_json, html
        spec = json.loads(spec_json.group(1))
        assert spec["description"] == title  # what a screen reader calls the chart
        layers = _interactive_layers(spec)
        assert layers
        assert any(rows for _e, rows in layers)
        for encoding, rows in layers:
            # Interactive: hovering explains, clicking opens what the mark stands for.
            assert "tooltip" in encoding and "href" in encoding
            # Every line is titled in the reader's words: an untitled one shows the data's raw field
            # name ("touchpoint: …", "audit: …"), as the heat map and the trend did.
            lines = encoding["tooltip"] if isinstance(encoding["tooltip"], list) else [encoding["tooltip"]]
            assert all(isinstance(line.get("title"), str) for line in lines), (name, lines)
            assert all(row.get("url", "").startswith(f"/w/{ws.slug}/") for row in rows)
    else:
        assert LISTS[name] in html
        assert f'href="/w/{ws.slug}/' in html


def test_coverage_bars_link_to_the_filtered_inventory(filled: Any, client: Any) -> None:
    html = widgets.REGISTRY["coverage-stage"].render(workspace=_fresh(filled.workspace))
    found = re.search(r'id="widget-coverage-stage-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    spec = json.loads(found.group(1))
    decision = next(r for r in spec["data"]["values"] if r["url"].endswith("stage=decision"))
    assert decision["count"] == 2
    c = filled.world.client("viewer")
    page = c.get(decision["url"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phone line" in body and "Reception" in body and "Answering machine" not in body


def test_segment_widget_counts_perspective_audits(filled: Any) -> None:
    rows = widgets.REGISTRY["segments"].select(_fresh(filled.workspace))
    (row,) = rows
    assert row["relevant"] == 4
    assert row["audited"] == 3  # the three touchpoints of the audit made from this segment's perspective
    assert row["not_audited"] == 1 and row["missing"] == 1


def test_widget_queries_are_bounded(filled: Any, django_assert_max_num_queries: Any) -> None:
    ws = _fresh(filled.workspace)
    with django_assert_max_num_queries(55):
        for widget in widgets.ordered():
            widget.render(workspace=ws)


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_weeks_are_named_by_their_monday(filled: Any, lang: str) -> None:
    """The weekly answers chart names a week by its Monday as the language writes a date (7 сен,
    7 sep, Sep 7), on the page and in the drawn chart, never as 2026 W36."""
    from touchpoints.feedback.models import Response
    from touchpoints.lib.charts import chart_svg, day_month

    with translation.override(lang):
        html = widgets.REGISTRY["feedback"].render(workspace=_fresh(filled.workspace))
        found = re.search(r'id="widget-feedback-spec" type="application/json">(.*?)</script>', html, re.S)
        assert found is not None
        spec = json.loads(found.group(1))
        svg = chart_svg(spec)
        day = Response.objects.order_by("-created_at").values_list("created_at", flat=True)[0].date()
        monday = day_month(day - dt.timedelta(days=day.weekday()))
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert monday in labels, labels
    assert {row["week"] for row in spec["data"]["values"]} >= {monday}
    assert not any(re.search(r"\d{4} W\d", label) for label in labels), labels
    if lang != "en":
        assert re.fullmatch(r"\d{1,2} \w+", monday), monday
