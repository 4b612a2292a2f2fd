"""Channel names come from uploaded logs: whatever they contain, the run page (its graph, its
charts, its tables) shows them as text. Parsed with the HTML parser a browser would use."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from touchpoints.analytics import report

from .conftest import ROWS, csv_bytes, make_run

PAYLOADS = [
    '"><script>window.__xss=1</script>',
    '" onload="window.__xss=1',
    "<!--<script>window.__xss=1//",
    "</script><img src=x onerror=window.__xss=1>",
    "' onmouseover='window.__xss=1",
]


class Tags(HTMLParser):
    """Every element and attribute the browser would build from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_inert(html: str) -> list[tuple[str, dict[str, str | None]]]:
    tags = parse(html)
    handlers = [(t, name) for t, attrs in tags for name in attrs if name.startswith("on")]
    assert not handlers, handlers
    assert "<!--<script>" not in html
    return tags


def part_with(names: list[str]) -> dict[str, Any]:
    return {
        "channels": [
            {
                "channel": n,
                "events": 10 - i,
                "conversions": 1,
                "drop_offs": 1,
                "drop_off_rate": 0.5,
                "starts": 1,
                "ends": 1,
            }
            for i, n in enumerate(names)
        ],
        "transitions": [
            {"source": a, "target": b, "count": 3, "median_seconds": 60.0} for a, b in zip(names, names[1:])
        ],
        "start_touchpoints": [{"channel": names[0], "journeys": 2}],
        "variants": [{"path": names, "journeys": 2}],
    }


def test_the_graph_keeps_channel_names_as_text() -> None:
    svg, _graph = report.dfg_svg(part_with(PAYLOADS), matched=[PAYLOADS[0]])
    tags = assert_inert(str(svg))
    assert not [t for t, _a in tags if t == "script"]
    channels = [a["data-channel"] or "" for t, a in tags if t == "g" and a.get("class") == "node node-channel"]
    assert sorted(channels) == sorted(PAYLOADS)


@pytest.mark.django_db
def test_the_run_page_shows_payload_channels_as_text(world: Any) -> None:
    rows = [
        (c, t, PAYLOADS[i % len(PAYLOADS)] if ch == "Website" else ch, conv, rev, seg)
        for i, (c, t, ch, conv, rev, seg) in enumerate(ROWS)
    ]
    run = make_run(world, csv_bytes(rows))
    run.refresh_from_db()
    assert run.status == "done", run.error
    page = world.client("viewer").get(reverse("analytics:run", kwargs={"slug": world.slug, "pk": run.pk}))
    html = page.content.decode()
    tags = assert_inert(html)
    # Only the app's own scripts: the chart data islands and the scripts from static files.
    scripts = [a for t, a in tags if t == "script"]
    assert all(a.get("src") or a.get("type") == "application/json" or "nonce" in a for a in scripts), scripts
    progress = world.client("viewer").get(
        reverse("analytics:progress", kwargs={"slug": world.slug, "pk": run.pk}), HTTP_HX_REQUEST="true"
    )
    assert_inert(progress.content.decode())
