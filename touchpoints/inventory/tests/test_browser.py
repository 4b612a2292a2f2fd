"""A real browser (Playwright + Debian's Chromium) going through the inventory as a user would."""

from __future__ import annotations

import csv
import io
import os
from typing import Any

import pytest
from django.contrib.auth.models import User

from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.testing_browser import browser_login
from touchpoints.library.loader import library_load
from touchpoints.workspaces.services import brand_create, workspace_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inventory_from_library_to_export(browser: Any, live_server: Any, screenshot_dir: str) -> None:
    library_load()
    user = User.objects.create_user("maria", "maria@example.com", "maria-pass-123")
    ws = workspace_create(name="Bright Smile Dental", owner=user, own_brand="Bright Smile")
    brand_create(workspace=ws, name="City Dental")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    browser_login(page, base, "maria", "maria-pass-123")

    # Add ten top-level library touchpoints (without their nested ones).
    page.goto(f"{base}/w/{ws.slug}/library/?pack=general")
    page.uncheck("input[name=children]")
    boxes = page.locator("#library tbody input.select-row:not([disabled])")
    picked = 0
    for i in range(boxes.count()):
        row = boxes.nth(i).locator("xpath=ancestor::tr")
        if row.locator("text=↳").count():
            continue
        boxes.nth(i).check()
        picked += 1
        if picked == 10:
            break
    page.click("#add-selected")
    page.wait_for_url(f"{base}/w/{ws.slug}/touchpoints/")
    assert Touchpoint.objects.filter(workspace=ws).count() == 10
    assert page.locator("#inventory tbody tr").count() == 10

    # Nest one under another and classify it, through the edit form.
    first, second = list(Touchpoint.objects.filter(workspace=ws).order_by("name")[:2])
    page.goto(f"{base}/w/{ws.slug}/touchpoints/{second.pk}/edit/")
    page.select_option("#id_parent", str(first.pk))
    page.select_option("#id_area", "personnel")
    page.select_option("#id_channel", "people")
    page.check("input[name=stages][value=after]")
    page.select_option(f"#id_presence_{ws.brands.get(is_own=True).pk}", "missing")
    page.click("form button.btn")
    page.wait_for_url(f"{base}/w/{ws.slug}/touchpoints/{second.pk}/")
    second.refresh_from_db()
    assert second.parent == first and second.area == "personnel" and "after" in second.stages

    # Inline edit (HTMX) of another row.
    third = Touchpoint.objects.filter(workspace=ws).exclude(pk__in=[first.pk, second.pk]).first()
    assert third is not None
    page.goto(f"{base}/w/{ws.slug}/touchpoints/")
    page.click(f"#tp-{third.pk} button:has-text('Edit')")
    page.select_option(f"#tp-{third.pk} select[name=control]", "uncontrolled")
    page.click(f"#tp-{third.pk} button:has-text('Save')")
    page.wait_for_selector(f"#tp-{third.pk} a")
    third.refresh_from_db()
    assert third.control == "uncontrolled"

    # Filter: the missing one only, then export what is shown.
    page.goto(f"{base}/w/{ws.slug}/touchpoints/?status=missing")
    assert page.locator("#inventory tbody tr").count() == 1
    assert second.name in page.locator("#inventory").inner_text()
    with page.expect_download() as download_info:
        page.click("a:has-text('CSV')")
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(io.StringIO(fh.read())))
    assert [r[0] for r in rows[1:]] == [second.name]

    # The inventory in each language.
    page.goto(f"{base}/w/{ws.slug}/touchpoints/")
    for lang, word in [("ru", "Инвентаризация"), ("es", "Inventario"), ("en", "Inventory")]:
        page.click(f"form.lang button[value={lang}]")
        page.wait_for_load_state()
        assert word in page.locator("nav.sections").inner_text()
        page.screenshot(path=os.path.join(screenshot_dir, f"inventory-{lang}.png"), full_page=False)
    page.close()


def test_inline_edit_shows_the_error_in_the_row(browser: Any, live_server: Any) -> None:
    """An inline edit the server refuses (400 with the row's form and its errors) is swapped in,
    so the user sees why nothing was saved instead of a form that silently does nothing."""
    user = User.objects.create_user("maria", "maria@example.com", "maria-pass-123")
    ws = workspace_create(name="Bright Smile Dental", owner=user, own_brand="Bright Smile")
    tp = Touchpoint.objects.create(workspace=ws, name="Reception desk")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    browser_login(page, base, "maria", "maria-pass-123")
    page.goto(f"{base}/w/{ws.slug}/touchpoints/")
    page.click(f"#tp-{tp.pk} button:has-text('Edit')")
    page.fill(f"#tp-{tp.pk} input[name=owner_unit]", "x" * 201)
    page.click(f"#tp-{tp.pk} button:has-text('Save')")
    alert = page.wait_for_selector(f"#tp-{tp.pk} .errors[role=alert]")
    assert alert is not None and "200" in alert.inner_text()
    tp.refresh_from_db()
    assert tp.owner_unit == ""
    page.close()


@pytest.mark.parametrize(
    ("lang", "width", "label"),
    [
        ("ru", 390, "Ответственный (подразделение)"),
        # A small phone in Spanish: the stage tag "Reconocimiento de la necesidad" did not wrap.
        ("es", 360, "Reconocimiento de la necesidad"),
    ],
)
def test_a_touchpoint_page_fits_a_phone(browser: Any, live_server: Any, lang: str, width: int, label: str) -> None:
    """Long Russian labels ("Ответственный (подразделение)") made the classification list, and so the
    page, wider than a phone's screen; they wrap now, and so do long stage tags."""
    user = User.objects.create_user("olga", "olga@example.com", "olga-pass-123")
    ws = workspace_create(name="Клиника", owner=user, own_brand="Клиника")
    tp = Touchpoint.objects.create(
        workspace=ws,
        name="SMS-напоминание о приёме",
        code="sms-reminder",
        area="sale",
        stages=["need"],
        moment="fmot",
        attention="short",
        control="own",
        owner_unit="Колл-центр",
    )
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    browser_login(page, live_server.url, "olga", "olga-pass-123")
    page.goto(f"{live_server.url}/w/{ws.slug}/touchpoints/{tp.pk}/")
    assert label in page.inner_text("dl.props")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    context.close()
