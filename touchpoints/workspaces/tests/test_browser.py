"""The workspace's navigation in a real browser: on a phone the sections fold under a menu button."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.lib.testing_browser import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "menu", "here", "other"), [("es", "Menú", "Auditorías", "Prioridades")])
def test_on_a_phone_the_sections_open_from_a_menu_that_names_the_page(
    browser: Any, live_server: Any, world: Any, language: str, menu: str, here: str, other: str
) -> None:
    page = phone_page(
        browser, live_server.url, "viewer", "pw-" + "viewer" * 2, f"/w/{world.slug}/audits/", language=language
    )
    toggle = page.locator("button.nav-toggle")
    sections = page.locator("nav.sections")
    # The sixteen sections no longer push the page below the fold: one button says where one is.
    assert toggle.is_visible()
    assert toggle.inner_text() == f"☰ {menu}: {here}"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not sections.is_visible()
    assert page.locator("h1").bounding_box()["y"] < 200
    toggle.click()
    assert sections.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.click(f"nav.sections a:has-text('{other}')")
    page.wait_for_url(f"{live_server.url}/w/{world.slug}/priorities/")
    toggle.click()
    assert page.locator("nav.sections a.active").inner_text() == other
    # Wider than a phone, the sections are in view and the button is not.
    page.set_viewport_size({"width": 1024, "height": 800})
    assert sections.is_visible()
    assert not toggle.is_visible()
    page.close()


def test_without_javascript_the_sections_stay_in_view_on_a_phone(browser: Any, live_server: Any, world: Any) -> None:
    from touchpoints.lib.testing_browser import browser_login

    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    browser_login(page, live_server.url, "viewer", "pw-" + "viewer" * 2)
    page.goto(f"{live_server.url}/w/{world.slug}/audits/")
    assert page.locator("nav.sections").is_visible()
    assert not page.locator("button.nav-toggle").is_visible()
    context.close()
