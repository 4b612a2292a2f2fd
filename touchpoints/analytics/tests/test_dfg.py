"""The directly-follows graph stays readable at 10–30 channels: no two boxes and no two labels
overlap, every label fits its box, only the strongest edges are drawn and the rest are in the
table, and matched channels show their touchpoint's name (as text, whatever it holds)."""

from __future__ import annotations

import math
import random
import re
from itertools import combinations
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from touchpoints.analytics import dfg, dfg_graph, dfg_layout, report
from touchpoints.analytics.dfg_text import text_width, wrap
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.testing_browser import browser_login

from .test_xss import assert_inert

WORDS = [
    "Website",
    "contact",
    "form",
    "Консультация",
    "врача",
    "по",
    "телефону",
    "Instagram",
    "ads",
    "Reception",
    "desk",
    "check-in",
    "Recordatorio",
    "de",
    "cita",
    "por",
    "SMS",
    "WWWWWWWWWWWWWWWWWWWWWWWW",
    "Mobile",
    "app",
    "push",
    "notification",
    "Отзывы",
    "на",
    "картах",
    "email",
]


def generated(n: int, seed: int) -> tuple[dict[str, Any], dict[str, str]]:
    """A run's part with ``n`` channels, random journeys and long touchpoint names (some in
    Cyrillic, one word wider than any box), and the names matched to half of the channels."""
    rng = random.Random(seed)
    codes = [f"ch-{i:02d}" for i in range(n)]
    variants: list[dict[str, Any]] = []
    counts: dict[tuple[str, str], int] = {}
    for _ in range(4 * n):
        path = rng.sample(codes, rng.randint(2, min(6, n)))
        journeys = rng.randint(1, 60)
        variants.append({"path": path, "journeys": journeys})
        for a, b in zip(path, path[1:]):
            counts[(a, b)] = counts.get((a, b), 0) + journeys
    channels = [
        {
            "channel": c,
            "events": rng.randint(5, 500),
            "starts": rng.randint(0, 40),
            "ends": rng.randint(0, 40),
            "conversions": rng.randint(0, 30),
            "drop_offs": rng.randint(0, 30),
            "drop_off_rate": rng.random(),
        }
        for c in codes
    ]
    part = {
        "channels": channels,
        "transitions": [
            {"source": a, "target": b, "count": k, "median_seconds": rng.uniform(10, 9e5)}
            for (a, b), k in counts.items()
        ],
        "start_touchpoints": [{"channel": c, "journeys": rng.randint(1, 50)} for c in codes],
        "variants": variants,
    }
    names = {c: " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for c in codes[::2]}
    return part, names


def draw(part: dict[str, Any], names: dict[str, str]) -> tuple[str, dfg.Graph]:
    return report.dfg_svg(part, matched=names.keys(), names=names)


def assert_readable(graph: dfg.Graph) -> None:
    nodes = list(graph.nodes.values())
    for a, b in combinations(nodes, 2):
        assert not dfg_layout.overlaps(a.box, b.box), (a.key, a.box, b.key, b.box)
    for node in nodes:
        x, y, w, h = node.box
        assert 0 <= x and x + w <= graph.width and 0 <= y and y + h <= graph.height
        lx, ly, lw, lh = node.label_box()
        assert x + dfg_layout.PAD_X - 0.5 <= lx and lx + lw <= x + w - dfg_layout.PAD_X + 0.5, node.lines
        assert y <= ly and ly + lh <= y + h
        assert 1 <= len(node.lines) <= 2
    label_boxes = [label.box for label in graph.edge_labels]
    for box_a, box_b in combinations(label_boxes, 2):
        assert not dfg_layout.overlaps(box_a, box_b)
    for box in label_boxes:
        assert not any(dfg_layout.overlaps(box, node.box) for node in nodes)
    assert_edges_clear_the_boxes(graph)


def assert_edges_clear_the_boxes(graph: dfg.Graph) -> None:
    """No drawn edge runs through a box that is not one of its ends."""
    for edge in graph.edges:
        others = [n.box for key, n in graph.nodes.items() if key not in (edge.source, edge.target)]
        for segment in dfg_layout.curve(graph, edge):
            for box in others:
                assert not dfg_graph.crosses(segment, box, steps=200), (edge.source, edge.target, edge.kind, box)


def assert_budget(part: dict[str, Any], graph: dfg.Graph) -> None:
    n = sum(1 for node in graph.nodes.values() if node.kind == "channel")
    drawn = [e for e in graph.edges if e.kind == "flow"]
    ceiling = math.ceil(dfg_graph.EDGES_PER_CHANNEL * n)
    assert min(n, len(part["transitions"])) <= len(drawn) <= ceiling
    assert len(drawn) == ceiling or graph.drawn_share >= dfg_graph.COVERAGE
    weakest_drawn = min(e.count for e in drawn)
    counts = {(t["source"], t["target"]): t["count"] for t in part["transitions"]}
    assert all(counts[pair] <= weakest_drawn for pair in graph.hidden_flows)
    assert len(drawn) + graph.hidden_edges == len(part["transitions"])


@pytest.mark.parametrize("n", [10, 20, 30])
def test_generated_graphs_have_no_overlaps_and_keep_the_edge_budget(n: int) -> None:
    part, names = generated(n, seed=n)
    svg, graph = draw(part, names)
    assert_readable(graph)
    assert_budget(part, graph)
    assert svg.count('class="node node-channel"') == n
    rows = report.transition_rows(part, graph, names)
    left_out = [(r["source"], r["target"]) for r in rows if not r["drawn"]]
    assert sorted(left_out) == sorted(graph.hidden_flows) and graph.hidden_flows
    assert rows[: len(left_out)] == [r for r in rows if not r["drawn"]], "the left-out transitions come first"


@settings(max_examples=25, deadline=None)
@given(n=st.sampled_from([10, 20, 30]), seed=st.integers(0, 10_000))
def test_any_generated_graph_stays_readable(n: int, seed: int) -> None:
    part, names = generated(n, seed)
    _svg, graph = draw(part, names)
    assert_readable(graph)
    assert_budget(part, graph)


@given(text=st.text(alphabet=st.sampled_from("ab WЖ.-ю"), max_size=80))
def test_a_wrapped_label_fits_in_two_lines(text: str) -> None:
    lines = wrap(text, 140, 12, True)
    assert 1 <= len(lines) <= 2 and all(text_width(line, 12, True) <= 140 for line in lines)
    if text_width(" ".join(text.split()), 12, True) <= 140:
        assert lines == [" ".join(text.split())]


def test_matched_channels_show_the_touchpoint_name_with_the_code_in_the_tooltip() -> None:
    part, _names = generated(10, seed=1)
    svg, graph = draw(part, {"ch-00": "Phone line", "ch-01": 'Desk "A" <script>window.__xss=1</script>'})
    node = graph.nodes["ch-00"]
    assert node.label == "Phone line" and node.matched and node.lines == ["Phone line"]
    assert "<title>Phone line (ch-00) — " in svg
    assert not graph.nodes["ch-02"].matched and graph.nodes["ch-02"].label == "ch-02"
    tags = assert_inert(svg)
    assert not [t for t, _a in tags if t == "script"]
    assert "&lt;script&gt;" in svg and "&quot;A&quot;" in svg


@pytest.mark.django_db
def test_the_run_page_names_touchpoints_in_the_graph_and_the_table(run: Any, world: Any, inventory: Any) -> None:
    payload = 'Contextual "ad" <script>window.__xss=1</script>'
    Touchpoint.objects.filter(pk=inventory["ads"].pk).update(name=payload)
    page = world.client("viewer").get(reverse("analytics:run", kwargs={"slug": world.slug, "pk": run.pk}))
    html = page.content.decode()
    section = html[html.index('id="dfg"') : html.index('id="variants"')]
    assert_inert(section)
    assert "<script>window.__xss" not in section
    # The node of the channel "ads-context" is labelled with its touchpoint's name, the code in its tooltip.
    node = re.search(r'<g class="node node-channel" data-channel="ads-context"><title>(.*?)</title>', section)
    assert node and "(ads-context)" in node.group(1) and "&lt;script&gt;" in node.group(1)
    assert "Phone line" in section and '<td title="ads-context">Contextual &quot;ad&quot;' in section
    # Unmatched channels keep their raw name.
    assert 'data-channel="social"' in section and ">social</tspan>" in section


def log_rows(n: int, seed: int) -> list[tuple[Any, ...]]:
    """A log of 300 customers over ``n`` channels, skewed as real logs are (a few channels carry
    most touches)."""
    rng = random.Random(seed)
    channels = [f"ch-{i:02d}" for i in range(n)]
    weights = [1.0 / (1 + i) for i in range(n)]
    rows: list[tuple[Any, ...]] = []
    for c in range(300):
        steps = rng.randint(2, 6)
        for s in range(steps):
            converted = int(s == steps - 1 and rng.random() < 0.3)
            rows.append(
                (
                    f"u{c}",
                    f"2024-03-{1 + c % 27:02d} {9 + s:02d}:00:00",
                    rng.choices(channels, weights)[0],
                    converted,
                    100 if converted else "",
                    "A",
                )
            )
    return rows


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_25_channel_graph_in_the_page(browser: Any, live_server: Any, world: Any, screenshot_dir: str) -> None:
    from touchpoints.inventory.services import touchpoint_create

    from .conftest import csv_bytes, make_run

    for i, name in enumerate(
        [
            "Запись на приём по телефону через колл-центр",
            "Сайт клиники",
            "Напоминание по SMS",
            "Стойка регистрации",
            "Отзывы на картах и в агрегаторах",
        ]
    ):
        touchpoint_create(workspace=world.workspace, name=name, code=f"ch-{2 * i:02d}")
    run = make_run(world, csv_bytes(log_rows(25, seed=7)))
    run.refresh_from_db()
    assert run.status == "done", run.error
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "ru", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    browser_login(page, live_server.url, "viewer", "pw-" + "viewer" * 2)
    page.goto(f"{live_server.url}{reverse('analytics:run', kwargs={'slug': world.slug, 'pk': run.pk})}#dfg")
    graph = page.locator(".an-dfg svg.dfg")
    assert page.locator(".an-dfg svg.dfg .node-channel").count() == 25
    assert "Запись на приём" in graph.inner_html()
    # What the browser drew: no two node boxes and no two label lines overlap.
    boxes = page.eval_on_selector_all(
        ".an-dfg svg.dfg .node rect:first-of-type, .an-dfg svg.dfg .node-label tspan",
        "els => els.map(e => { const b = e.getBBox(); return [e.tagName, b.x, b.y, b.width, b.height]; })",
    )
    for kind in ("rect", "tspan"):
        mine = [tuple(b[1:]) for b in boxes if b[0] == kind]
        for a, b in combinations(mine, 2):
            assert not dfg_layout.overlaps(a, b, -0.5), (kind, a, b)
    page.locator("#dfg").screenshot(path=f"{screenshot_dir}/analytics-dfg-25-ru.png")
