"""In a real browser: a log bigger than the page accepts is refused before it is sent; a small
log is uploaded, mapped and run; the attribution chart and the directly-follows graph are drawn;
a candidate goes to the inventory; the results page in English, Russian and Spanish."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from touchpoints.analytics.models import AnalysisRun
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.testing_browser import browser_login

from .conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {"en": "Attribution of conversions", "ru": "Атрибуция конверсий", "es": "Atribución de conversiones"}


def test_upload_map_run_and_see_the_results(
    browser: Any, live_server: Any, world: Any, inventory: Any, screenshot_dir: str, settings: Any, tmp_path: Path
) -> None:
    log = tmp_path / "clinic-log.csv"
    log.write_bytes(csv_bytes())
    base = live_server.url
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    browser_login(page, base, "editor", "pw-" + "editor" * 2)

    # Too big for the page: the browser says so, with the command, before sending anything.
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 300
    page.goto(f"{base}/w/{world.slug}/analytics/")
    page.set_input_files("input[type=file]", str(log))
    refusal = page.locator(".an-too-big")
    refusal.wait_for(state="visible")
    assert "touchpoints journeys analyze clinic-log.csv --map" in refusal.inner_text()
    assert f"--workspace {world.slug}" in refusal.inner_text()
    assert page.locator("form.an-upload button[type=submit]").is_disabled()
    assert not AnalysisRun.objects.exists()

    settings.ANALYTICS_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
    page.goto(f"{base}/w/{world.slug}/analytics/")
    page.set_input_files("input[type=file]", str(log))
    assert not page.locator(".an-too-big").is_visible()
    page.click("form.an-upload button[type=submit]")
    page.wait_for_url("**/map/**")
    # The mapping is guessed from the column names.
    assert page.locator("#id_customer").input_value() == "client_id"
    assert page.locator("#id_timestamp").input_value() == "event_time"
    assert page.locator("#id_touchpoint").input_value() == "channel"
    assert page.locator("#id_conversion").input_value() == "converted"
    page.fill("#id_name", "March log")
    page.click("text=Models and options")
    page.select_option("#id_bootstrap", "50")
    page.click("form.an-map button[type=submit]:not([name=action])")
    page.wait_for_url("**/runs/*/")
    assert page.locator("[data-kpi=conversions]").inner_text() == "3"
    page.wait_for_selector("#attribution-chart svg .mark-rect path", state="attached")
    assert page.locator(".an-dfg svg.dfg .node-channel").count() == 5
    assert page.locator(".an-dfg svg.dfg .edge-flow").count() >= 3
    assert page.locator("[data-cell='phone|last_touch']").inner_text().startswith("3")

    # An unmatched channel goes to the inventory.
    page.check("input[name=channels][value='Instagram ads']")
    page.click("text=Add the selected to the inventory")
    page.wait_for_selector(".msg")
    assert "Added 1 touchpoint to the inventory" in page.locator(".messages").inner_text()
    assert Touchpoint.objects.filter(workspace=world.workspace, name="Instagram ads").exists()

    run_url = page.url.split("#")[0]
    for lang in ("en", "ru", "es"):
        context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
        page.goto(run_url)
        page.wait_for_selector("#attribution-chart svg .mark-rect path", state="attached")
        assert HEADINGS[lang] in page.locator("#attribution h2").inner_text()
        page.screenshot(path=os.path.join(screenshot_dir, f"analytics-results-{lang}.png"), full_page=True)
    context.close()
