"""In a real browser: the impact page (chart, table, reading) and the what-if panel in English,
Russian and Spanish; an editor computes the figures from a study and from a log."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from touchpoints.lib.testing_browser import browser_login, phone_page, scrolls_sideways, shrunk_charts

from .conftest import log_rows, make_run, make_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {"en": "Impact on choice", "ru": "Влияние на выбор", "es": "Impacto en la elección"}
WHAT_IF = {"en": "Its experience one step better", "ru": "Опыт на шаг лучше", "es": "Su experiencia un paso mejor"}
READING = {"en": "A better Reception", "ru": "Reception", "es": "Una mejor experiencia en Reception"}


def test_impact_page_and_what_if_in_three_languages(
    browser: Any, live_server: Any, world: Any, screenshot_dir: str, tmp_path: Path
) -> None:
    from touchpoints.inventory.services import touchpoint_create

    from .conftest import NAMES

    tps = {n: touchpoint_create(workspace=world.workspace, name=n) for n in NAMES}
    make_study(world, tps)
    make_run(world, tmp_path, log_rows(), tps)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    browser_login(page, base, "editor", "pw-" + "editor" * 2)

    page.goto(f"{base}/w/{world.slug}/impact/")
    assert "No key drivers yet" in page.locator("#im-empty").inner_text()
    page.select_option("#id_study", label="Spring survey")
    page.click("text=Compute key drivers")
    page.wait_for_selector("#impact-chart svg.marks")
    assert "Reception" in page.locator(".im-table").inner_text()
    assert "moves the likelihood to choose most" in page.locator("#im-reading").inner_text()
    page.select_option("#id_run", label="March log")
    page.click("text=Compute from the analysis")
    page.wait_for_selector("#impact-chart svg.marks")
    assert "conversions lost" in page.locator("#im-figures h2").inner_text().lower()

    for lang in ("en", "ru", "es"):
        context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
        page.goto(f"{base}/w/{world.slug}/impact/?source=survey")
        page.wait_for_selector("#impact-chart svg.marks")
        assert HEADINGS[lang] in page.locator("h1").inner_text()
        assert READING[lang] in page.locator("#im-reading").inner_text()
        page.select_option("#im-tp", label="Reception")
        page.click("#im-whatif button")
        page.wait_for_selector(".im-whatif")
        panel = page.locator("#im-whatif").text_content() or ""
        assert WHAT_IF[lang] in panel
        assert "+" in panel  # a signed change with its interval
        page.screenshot(path=os.path.join(screenshot_dir, f"impact-page-{lang}.png"), full_page=True)

    # On a phone, in Russian (the longest labels), the what-if panel of a log figure stays within
    # the screen: its table scrolls inside its card, not the whole page.
    path = f"/w/{world.slug}/impact/?source=logs&touchpoint={tps['Reception'].pk}"
    phone = phone_page(browser, base, "editor", "pw-" + "editor" * 2, path, language="ru", width=360)
    phone.wait_for_selector(".im-whatif")
    assert not scrolls_sideways(phone)
    # The chart is drawn at the phone's width, not at a desktop's and shrunk with its text.
    phone.wait_for_selector("#impact-chart svg.marks")
    assert shrunk_charts(phone) == []
