"""A real browser (Playwright + Debian's Chromium): an editor goes from the audit results to the
priorities, fills the top ten from the computed order, reorders it by drag and drop and with the
buttons, and the benchmark, the matrix chart and the top ten are screenshot in each language."""

from __future__ import annotations

import os
from typing import Any

import pytest

from touchpoints.audits.models import Audit
from touchpoints.lib.testing_browser import browser_login, phone_page, scrolls_sideways
from touchpoints.priorities import selectors
from touchpoints.priorities.tests.conftest import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def names(page: Any) -> list[str]:
    return page.locator("ol.top-list li[data-tp] .what > a").all_inner_texts()


def test_editor_from_results_to_a_reordered_top_ten(
    world: Any, live_server: Any, browser: Any, screenshot_dir: str
) -> None:
    plan = make_plan(world)
    ws, base = world.workspace, live_server.url
    audit = Audit.objects.get(workspace=ws, name="Own")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    browser_login(page, base, "editor", "pw-editoreditor")

    page.goto(f"{base}/w/{ws.slug}/audits/{audit.pk}/results/")
    page.click("nav.sections a:has-text('Priorities')")
    page.wait_for_selector("#chart-matrix svg")
    assert page.locator("table.priorities tbody tr").first.inner_text().startswith("1")
    assert "Chat" in page.locator("table.priorities tbody tr").first.inner_text()

    # Inline estimate for the newsletter (HTMX): the row comes back with its priority.
    news = plan.tps["Newsletter"].pk
    page.click(f"#tp-{news} a:has-text('Estimate')")
    page.fill(f"#tp-{news} input[name=impact]", "5")
    page.fill(f"#tp-{news} input[name=effort]", "1")
    page.fill(f"#tp-{news} input[name=impact_reason]", "Looks perfect; keeps patients coming back")
    page.click(f"#tp-{news} button:has-text('Save')")
    page.wait_for_selector(f"#tp-{news} .priority")
    assert page.locator(f"#tp-{news} .priority").inner_text() == "30.0"

    page.click("nav.pr-tabs a:has-text('Top ten')")
    page.click("#fill")
    page.wait_for_selector("ol.top-list li[data-tp]")
    assert names(page) == ["Chat", "Phone", "Newsletter", "Parking"]

    # Drag the last place to the top, write a reason, save.
    page.locator("ol.top-list li[data-tp]").nth(3).drag_to(
        page.locator("ol.top-list li[data-tp]").nth(0), target_position={"x": 20, "y": 3}
    )
    assert names(page)[0] == "Parking"
    assert page.locator(".moved-note").is_visible()
    page.locator("ol.top-list li[data-tp]").nth(0).locator("input[name=reason]").fill("Rivals lack it: our edge")
    page.click("#save-top")
    page.wait_for_selector(".msg.success")
    assert names(page) == ["Parking", "Chat", "Phone", "Newsletter"]
    # The up button (the same path without JavaScript).
    page.click(f"button[value='{plan.tps['Phone'].pk}:up']")
    page.wait_for_selector(".msg.success")
    assert names(page) == ["Parking", "Phone", "Chat", "Newsletter"]
    saved = selectors.top_ten(workspace=ws)
    assert [(e.position, e.name) for e in saved][:2] == [(1, "Parking"), (2, "Phone")]
    assert saved[0].reason == "Rivals lack it: our edge"

    page.click("nav.pr-tabs a:has-text('Top ten history')")
    history = page.locator("main").inner_text()
    assert "Phone moved up from 3 to 2" in history and "Parking moved up from 4 to 1" in history

    for lang in ("en", "ru", "es"):
        page.click(f"form.lang button[value={lang}]")
        page.goto(f"{base}/w/{ws.slug}/priorities/benchmark/")
        page.wait_for_selector("#chart-radar svg")
        page.screenshot(path=os.path.join(screenshot_dir, f"priorities-benchmark-{lang}.png"), full_page=True)
        page.goto(f"{base}/w/{ws.slug}/priorities/")
        page.wait_for_selector("#chart-matrix svg")
        page.locator("#chart-matrix").screenshot(path=os.path.join(screenshot_dir, f"priorities-matrix-{lang}.png"))
        page.goto(f"{base}/w/{ws.slug}/priorities/top/")
        page.screenshot(path=os.path.join(screenshot_dir, f"priorities-top-ten-{lang}.png"), full_page=True)
        heading = page.locator("h1").inner_text()
        assert heading == {"en": "Top ten", "ru": "Первая десятка", "es": "Top diez"}[lang]
    assert errors == []
    page.close()


def test_the_top_ten_fits_a_phone(world: Any, live_server: Any, browser: Any) -> None:
    from touchpoints.priorities import services

    plan = make_plan(world)
    services.top_ten_save(
        workspace=world.workspace,
        places=[(tp.pk, "A reason long enough to fill its field") for tp in plan.tps.values()],
    )
    page = phone_page(browser, live_server.url, "editor", "pw-editoreditor", f"/w/{world.slug}/priorities/top/")
    assert names(page) == list(plan.tps)
    # No sideways scrolling: the reason, the arrows and "remove" wrap under the touchpoint's name.
    assert not scrolls_sideways(page)
    page.close()


def test_the_matrix_axis_title_is_whole_on_a_phone_in_spanish(world: Any, live_server: Any, browser: Any) -> None:
    """On a phone the page narrows the charts (static/js/charts.js): an x-axis title may be as wide
    as the plot. The Spanish performance title, "puntuación de experiencia (auditoría y clientes),
    0–100" after its colon, was wider and ended in an ellipsis; it is now set on shorter lines."""
    make_plan(world)
    page = phone_page(
        browser, live_server.url, "editor", "pw-editoreditor", f"/w/{world.slug}/priorities/", language="es"
    )
    page.wait_for_selector("#chart-matrix svg")
    texts = page.locator("#chart-matrix svg text").all_text_contents()
    title = [t for t in texts if t.startswith("Desempeño:")]
    assert title and not any("…" in t for t in title), texts
    page.close()
