"""Every registered widget renders with no data and with data, in each language: a sentence with a
link when empty, a chart (or list) when not, and never an untranslated label in ru/es."""

from __future__ import annotations

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
    assert {"coverage-stage", "coverage-area", "coverage-channel", "missing", "audit-stage", "heatmap", "trend",
            "analytics", "segments"} <= set(widgets.REGISTRY)


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
    sentence = re.search(r'<p class="widget-empty">(.*?)</p>', html, re.S).group(1)
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
    assert 'class="widget-empty"' not in html, html
    if name != "missing":
        spec_json = re.search(r'<script id="widget-[a-z-]+-spec" type="application/json">(.*?)</script>', html, re.S)
        assert spec_json, html
        spec = json.loads(spec_json.group(1))
        rows = spec["data"]["values"]
        assert rows
        # Interactive: hovering explains, clicking opens what the mark stands for.
        assert "tooltip" in json.dumps(spec["encoding"])
        assert all(row.get("url", "").startswith(f"/w/{ws.slug}/") for row in rows)
    else:
        assert "Answering machine" in html


def test_coverage_bars_link_to_the_filtered_inventory(filled: Any, client: Any) -> None:
    html = widgets.REGISTRY["coverage-stage"].render(workspace=_fresh(filled.workspace))
    spec = json.loads(re.search(r'id="widget-coverage-stage-spec" type="application/json">(.*?)</script>', html, re.S).group(1))
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
    with django_assert_max_num_queries(40):
        for widget in widgets.ordered():
            widget.render(workspace=ws)
