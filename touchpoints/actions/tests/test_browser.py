"""A real browser (Playwright + Debian's Chromium): the plan's settings pages on a 390×844 phone."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.actions import services
from touchpoints.lib.testing_browser import phone_page, scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_calendar_feeds_fit_a_phone(world: Any, live_server: Any, browser: Any) -> None:
    editor = world.users["editor"]
    services.feed_create(
        workspace=world.workspace, user=editor, scope="workspace", name="Phone calendar of the front desk"
    )
    page = phone_page(browser, live_server.url, "editor", "pw-editoreditor", f"/w/{world.slug}/actions/calendar/")
    assert page.locator("table tbody tr").count() == 1
    assert not scrolls_sideways(page)  # the table scrolls inside its frame
    page.close()


def test_the_board_fits_a_small_phone_in_russian(plan: Any, live_server: Any, browser: Any) -> None:
    # Russian status buttons ("→ Запланировано") and long titles are the widest the board gets.
    plan.action(title="Выполнять обещание перезвонить за 15 минут", status="in_progress")
    page = phone_page(
        browser,
        live_server.url,
        "editor",
        "pw-editoreditor",
        f"/w/{plan.world.slug}/actions/",
        language="ru",
        width=360,
    )
    assert "Выполнять обещание" in page.locator(".board").inner_text()
    assert not scrolls_sideways(page)
    page.close()


def _action_page_in_spanish(plan: Any, live_server: Any, browser: Any) -> Any:
    """The first action's page as the editor sees it on a 360 px phone, in Spanish."""
    path = f"/w/{plan.world.slug}/actions/{plan.actions[0].pk}/"
    return phone_page(browser, live_server.url, "editor", "pw-editoreditor", path, language="es", width=360)


def test_an_action_page_fits_a_small_phone_in_spanish(plan: Any, live_server: Any, browser: Any) -> None:
    # The facts list kept its labels' full width, so a long Spanish date pushed the page sideways.
    page = _action_page_in_spanish(plan, live_server, browser)
    assert "Responsable" in page.locator("dl").inner_text()
    assert not scrolls_sideways(page)
    page.close()


def test_a_date_field_looks_like_the_fields_beside_it(world: Any, live_server: Any, browser: Any) -> None:
    """The deadline (and every date of a form outside the audits', which styled its own) was a
    bare browser control, narrower and lower than the fields around it."""
    page = phone_page(browser, live_server.url, "editor", "pw-editoreditor", f"/w/{world.slug}/actions/new/")
    title, deadline = page.locator("#id_title").bounding_box(), page.locator("#id_deadline").bounding_box()
    assert title and deadline
    assert abs(deadline["width"] - title["width"]) < 2 and abs(deadline["height"] - title["height"]) < 4
    page.close()


def test_the_plan_list_reads_row_by_row_on_a_phone(plan: Any, live_server: Any, browser: Any) -> None:
    """Seven columns were squeezed into a frame to scroll sideways, the deadline and the owner out
    of sight: on a phone each action is a block, its title first, then a line per column named in
    the reader's language; a column with nothing to say (no KPI) takes no line."""
    page = phone_page(
        browser,
        live_server.url,
        "editor",
        "pw-editoreditor",
        f"/w/{plan.world.slug}/actions/list/",
        language="es",
        width=360,
    )
    table = page.locator("table.actions-table")
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    row = page.locator("table.actions-table tbody tr", has_text="Rewrite the price page")
    title, deadline = row.locator("td").first, row.locator("td[data-label=Plazo]")
    assert title.bounding_box()["y"] < deadline.bounding_box()["y"]
    label = deadline.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Plazo"'
    assert "Marketing" in row.locator("td[data-label=Responsable]").inner_text()
    assert row.locator("td[data-label=KPI]").bounding_box() is None
    page.close()


def test_a_comment_is_written_and_read_on_a_phone_in_spanish(plan: Any, live_server: Any, browser: Any) -> None:
    page = _action_page_in_spanish(plan, live_server, browser)
    assert "Aún no hay comentarios." in page.locator("#comments").inner_text()
    long_word = "https://proveedor.example.com/pedidos/segunda-linea-telefonica-confirmada"
    page.fill("#id_body", f"<b>Pedido</b> hecho.\n{long_word}")
    page.click("#comments button:has-text('Añadir el comentario')")
    page.wait_for_load_state()
    comments = page.locator("#comments")
    assert "Comentario añadido." in page.inner_text("body")
    assert "<b>Pedido</b> hecho." in comments.inner_text() and "Comentarios (1)" in comments.inner_text()
    assert not scrolls_sideways(page)  # a long address wraps inside the comment
    # The remove button sits on the author's line (a form inside a <p> broke the line before it).
    author, remove = (
        page.locator(".comment-meta strong").bounding_box(),
        page.locator(".comment-meta button").bounding_box(),
    )
    assert author and remove and abs(author["y"] + author["height"] / 2 - (remove["y"] + remove["height"] / 2)) < 6
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#comments button:has-text('Quitar')")
    page.wait_for_load_state()
    assert "Comentario quitado." in page.inner_text("body")
    assert "Aún no hay comentarios." in page.locator("#comments").inner_text()
    page.close()
