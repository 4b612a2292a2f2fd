"""A real browser (Playwright + Debian's Chromium): an editor goes from audit results to a plan —
three actions with owners and deadlines (a deadline in the past refused first), one moved to
"done" by dragging it on the board and one by its button — then generates the report in English,
Russian and Spanish, downloads each PDF and opens it: page count, headings, the failures before
the plan. Screenshots of the board and the report."""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from touchpoints.actions.models import Action
from touchpoints.audits import services as audit_services
from touchpoints.audits.tests.helpers import make_setup, score_all
from touchpoints.lib.testing_browser import browser_login, phone_page, scrolls_sideways
from touchpoints.reports import services
from touchpoints.reports.models import Report
from touchpoints.reports.tests.conftest import generate
from touchpoints.reports.tests.test_report import HEADINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_action(
    page: Any, base: str, slug: str, *, title: str, touchpoint: str, owner: str, unit: str, days: int
) -> None:
    page.goto(f"{base}/w/{slug}/actions/new/")
    page.fill("#id_title", title)
    page.select_option("#id_touchpoint", label=touchpoint)
    page.select_option("#id_owner_user", label=owner)
    page.fill("#id_owner_unit", unit)
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=days)).isoformat())
    page.click("form.card button.btn")


def test_from_results_to_plan_to_report(
    world: Any, browser: Any, live_server: Any, screenshot_dir: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    s = make_setup(world)
    score_all(s.audit, world.users["owner"], raw="8")
    phone = s.touchpoints[1]
    for item in s.audit.items.filter(touchpoint=phone):
        for cid, _w in item.checklist:
            audit_services.answer_save(
                audit=s.audit,
                auditor=world.users["owner"],
                touchpoint_id=phone.pk,
                field="score",
                value="2",
                criterion_id=cid,
            )
    audit_services.audit_transition(audit=s.audit, action="submit")
    base, slug = live_server.url, world.slug
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    browser_login(page, base, "editor", "pw-editoreditor")

    # From the audit results to the plan.
    page.goto(f"{base}/w/{slug}/audits/{s.audit.pk}/results/")
    assert "Phone line" in page.content()

    # A deadline in the past is refused with a clear message, and nothing typed is lost.
    add_action(
        page,
        base,
        slug,
        title="Answer within three rings",
        touchpoint="Phone line",
        owner="editor",
        unit="Call centre",
        days=-2,
    )
    assert "already passed" in page.locator(".field.has-error").inner_text()
    assert page.input_value("#id_title") == "Answer within three rings"
    assert Action.objects.count() == 0
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.click("form.card button.btn")
    page.wait_for_url(f"{base}/w/{slug}/actions/")
    add_action(
        page, base, slug, title="Rewrite the price page", touchpoint="Website", owner="owner", unit="Marketing", days=21
    )
    add_action(
        page, base, slug, title="Greet by name", touchpoint="Reception", owner="editor", unit="Reception", days=7
    )
    assert Action.objects.count() == 3

    # Drag one card to "Done"; move another with its button (the no-JavaScript way).
    card = page.locator(".action-card", has_text="Answer within three rings")
    card.drag_to(page.locator('.board-column[data-status="done"] .cards'))
    page.wait_for_function(
        "() => document.querySelector('.board-column[data-status=done]').innerText"
        ".includes('Answer within three rings')"
    )
    page.wait_for_load_state("load")
    with page.expect_navigation():  # the board answers with itself: wait for the new one, not the URL
        page.locator(".action-card", has_text="Greet by name").get_by_role("button", name="→ In progress").click()
    done = page.locator('.board-column[data-status="done"]').inner_text()
    assert "Answer within three rings" in done
    assert "Greet by name" in page.locator('.board-column[data-status="in_progress"]').inner_text()
    assert Action.objects.get(title="Answer within three rings").status == "done"
    page.screenshot(path=os.path.join(screenshot_dir, "plan-board.png"), full_page=True)

    # The report in each language, downloaded and opened.
    for language in ("en", "ru", "es"):
        page.goto(f"{base}/w/{slug}/reports/")
        page.select_option("#id_language", language)
        page.click("form.card button.btn")
        page.wait_for_selector("text=PDF")
        with page.expect_download() as info:
            page.locator("a.btn", has_text="PDF").first.click()
        with open(info.value.path(), "rb") as fh:
            reader = PdfReader(io.BytesIO(fh.read()))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert len(reader.pages) >= 2
        positions = [text.find(h) for h in HEADINGS[language]]
        assert all(p >= 0 for p in positions) and positions == sorted(positions), (language, positions)
        plan_at = text.find(HEADINGS[language][-2])
        assert text.find("Phone line") < plan_at < text.find("Answer within three rings")
        assert "Greet by name" in text[plan_at:] and "editor" in text[plan_at:]
        if language == "en":
            page.screenshot(path=os.path.join(screenshot_dir, "report-page.png"), full_page=False)


def test_the_list_of_reports_fits_a_phone(
    filled: Any, live_server: Any, browser: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.impact.services import impact_record_manual

    impact_record_manual(
        workspace=filled.workspace,
        touchpoint=filled.touchpoints[1],
        value=12345.678,
        low=-9876.543,
        high=23456.789,
        unit="conversions lost without it, per month",
        reason="The call centre's own count",
        author=None,
    )
    generate(filled.workspace, capture=django_capture_on_commit_callbacks)
    page = phone_page(browser, live_server.url, "editor", "pw-editoreditor", f"/w/{filled.world.slug}/reports/")
    assert page.locator("table tbody tr").count() == 1
    assert not scrolls_sideways(page)  # the table scrolls inside its frame
    # The report itself, as a share link shows it on a phone: its tables scroll inside their own
    # width (a figure with its interval widened the page to 553 px in the Russian demo).
    _link, token = services.report_share(report=Report.objects.get(), days=7)
    page.goto(f"{live_server.url}/r/{token}/document/")
    assert page.locator("#impact table").count() == 1
    assert not scrolls_sideways(page)
    page.close()
