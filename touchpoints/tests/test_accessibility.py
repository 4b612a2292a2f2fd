"""Every kind of page of the demo clinic passes axe-core (Deque's accessibility engine, the one
browser extensions and CI services use) without a violation of any impact, minor ones included:
colour contrast of text, links told apart from the words around them, names of buttons, menus and
progress bars, table structure, keyboard access to scrolling frames, landmarks and headings.

A real browser signs in as the demo user and follows the workspace's links from its home, one page
for each kind of address (``/journeys/<id>/`` once, whatever the id), at desktop width in English
and at phone width in Russian; a new user's empty workspace in Spanish; then the pages people
without an account open (a study's answer page, a shared journey map, a shared report). The report
names each violation, its impact and where."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from touchpoints.lib.testing_browser import PHONE, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING = ("minor", "moderate", "serious", "critical")  # every impact axe reports
SKIP = re.compile(r"(export|download|delete|logout|\.(pdf|xlsx|csv|png|svg|json|mm|opml|mmd|ics|zip))")
MOST_PAGES = 80


def _violations(axe: Axe, page: Any, url: str) -> list[str]:
    response = axe.run(page).response
    return [
        f"{url}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in response["violations"]
        if v["impact"] in FAILING
    ]


def _walk(page: Any, base: str, slug: str) -> tuple[int, list[str]]:
    """Follows the workspace's links from its home, one page per kind of address."""
    axe, kinds, queue, found, visited = Axe(), set(), deque([f"/w/{slug}/"]), [], 0
    while queue and visited < MOST_PAGES:
        url = queue.popleft()
        kind = re.sub(r"\d+", "N", url.split("?")[0])
        if kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(base + url, wait_until="networkidle")
        if response is None or "html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        found += _violations(axe, page, url)
        for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))"):
            href = href.split("#")[0]
            if href.startswith(f"/w/{slug}/") and not SKIP.search(href):
                queue.append(href)
    return visited, found


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> Any:
    """Builds the demo clinic in a language (its report generated, as ``touchpoints demo`` does)."""
    from touchpoints.demo.services import demo_load
    from touchpoints.library.loader import library_load

    settings.MEDIA_ROOT = tmp_path
    library_load()
    return lambda language: demo_load(language=language)[0]


@pytest.mark.parametrize(
    ("language", "viewport", "slug"),
    [("en", {"width": 1280, "height": 900}, "demo-clinic"), ("ru", PHONE, "demo-clinic-ru")],
)
def test_the_workspace_pages_pass_axe(
    browser: Any, live_server: Any, demo: Any, language: str, viewport: dict[str, int], slug: str
) -> None:
    from touchpoints.demo.services import DEMO_PASSWORD, DEMO_USERNAME

    demo(language)
    context = browser.new_context(viewport=viewport, locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    browser_login(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    visited, found = _walk(page, live_server.url, slug)
    context.close()
    assert visited >= 50, visited  # the walk reached the whole product, not a login page
    assert not found, "\n".join(found)


def test_a_new_empty_workspace_passes_axe(browser: Any, live_server: Any, demo: Any) -> None:
    """What a new user sees first: every page of a workspace with nothing in it yet (empty states,
    first-step hints), in Spanish at desktop width."""
    from django.contrib.auth import get_user_model

    from touchpoints.workspaces.services import workspace_create

    user = get_user_model().objects.create_user("newcomer", password="newcomer-pass-123")
    workspace_create(name="Nueva", owner=user, own_brand="Mía", slug="nueva")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="es", extra_http_headers={"Accept-Language": "es"}
    )
    page = context.new_page()
    browser_login(page, live_server.url, "newcomer", "newcomer-pass-123")
    visited, found = _walk(page, live_server.url, "nueva")
    context.close()
    assert visited >= 30, visited
    assert not found, "\n".join(found)


def test_the_public_pages_pass_axe(browser: Any, live_server: Any, demo: Any) -> None:
    """What people without an account open: a study's answer page, a shared journey map and a
    shared report."""
    from touchpoints.feedback.models import Study
    from touchpoints.journeys.services import journey_share
    from touchpoints.reports.models import Report
    from touchpoints.reports.services import report_share

    workspace = demo("ru")
    study = Study.objects.filter(workspace=workspace).first()
    report = Report.objects.filter(workspace=workspace, status="done").first()
    assert study is not None and report is not None
    _map_link, map_token = journey_share(journey=workspace.journeys.first(), days=1)
    _report_link, report_token = report_share(report=report, days=1)
    context = browser.new_context(viewport=PHONE, locale="ru")
    page = context.new_page()
    found: list[str] = []
    for url in (f"/s/{study.token}/", f"/j/{map_token}/", f"/r/{report_token}/"):
        page.goto(live_server.url + url, wait_until="networkidle")
        found += _violations(Axe(), page, url)
    context.close()
    assert not found, "\n".join(found)
