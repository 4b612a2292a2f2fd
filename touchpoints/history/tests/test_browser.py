"""A real browser (Playwright + Debian's Chromium): the history of changes on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.inventory.services import touchpoint_create, touchpoint_update
from touchpoints.lib.testing_browser import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_change_reads_whole_on_a_phone(world: Any, live_server: Any, browser: Any) -> None:
    """Four columns squeezed the changes into a sliver at the frame's right edge, cut off: on a
    phone each change is a block, when and who on its first line, then what changed, field by
    field, at the full width."""
    touchpoint = touchpoint_create(workspace=world.workspace, name="Телефонная линия", channel="phone")
    touchpoint_update(touchpoint=touchpoint, name="Телефонная линия колл-центра", notes="Отвечают после третьего гудка")
    page = phone_page(
        browser, live_server.url, "owner", "pw-" + "owner" * 2, f"/w/{world.slug}/history/", language="ru", width=360
    )
    wrap = page.locator(".table-wrap", has=page.locator("table.history"))
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the history scrolls sideways"
    row = page.locator("table.history tbody tr").first
    when, changes = row.locator("td").first.bounding_box(), row.locator("td").nth(3).bounding_box()
    assert when and changes and changes["y"] > when["y"]
    assert changes["width"] > 0.8 * (wrap.bounding_box() or {"width": 0})["width"]
    assert "Отвечают после третьего гудка" in row.locator("td").nth(3).inner_text()
    page.close()
