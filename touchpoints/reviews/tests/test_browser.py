"""A real browser (Playwright + Debian's Chromium): an editor sets up a campaign, imports the
contacts and sends through the locmem email backend; one customer answers on a 390×844 phone
through their own link, one answers with JavaScript off in another language, one opts out and
gets no reminder while the one who said nothing does."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from touchpoints.lib.testing_browser import browser_login
from touchpoints.reviews.models import Answer, Contact
from touchpoints.reviews.sending import send_due
from touchpoints.workspaces.services import workspace_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
CSV = (
    "name,email,phone,language,segment,visit,visit_date\n"
    "Ana García,ana@example.com,,es,Parents,Blood test,\n"
    "Bob Brown,bob@example.com,,en,,Reception,\n"
    "Иван Петров,ivan@example.com,,en,,Doctor,\n"
    "Carol White,carol@example.com,,en,,Doctor,\n"
)


def _link(to: str, kind: str = "") -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [to])
    links = re.findall(r"https?://\S+/review/[\w-]+/(?:opt-out/)?", str(body))
    return next(u for u in links if u.endswith("opt-out/") == (kind == "opt-out"))


def test_editor_sends_and_customers_answer_or_opt_out(
    live_server: Any, browser: Any, screenshot_dir: str, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    editor = User.objects.create_user("erin", "erin@example.com", "erin-pass-123")
    ws = workspace_create(name="VenaCare", owner=editor, own_brand="VenaCare")
    base = live_server.url

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = desk.new_page()
    browser_login(page, base, "erin", "erin-pass-123")

    page.goto(f"{base}/w/{ws.slug}/reviews/")
    page.click("text=New campaign")
    page.fill("#id_name", "After the visit")
    page.select_option("#id_channel", "email")
    page.fill("#id_delay_hours", "0")
    page.fill("#id_max_reminders", "1")
    page.fill("#id_reminder_interval_hours", "1")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    page.click("text=Import contacts")
    page.set_input_files("#id_file", files=[{"name": "contacts.csv", "mimeType": "text/csv", "buffer": CSV.encode()}])
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    assert "4 contacts imported" in page.content()
    page.click("button:has-text('Start sending')")
    page.wait_for_load_state()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.com",
        "bob@example.com",
        "carol@example.com",
        "ivan@example.com",
    ]

    # Ana answers on her phone, in Spanish, through her own link.
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    p = phone.new_page()
    p.goto(_link("ana@example.com"))
    assert p.locator("h1").inner_text() == "¿Qué tal su visita?"
    p.screenshot(path=os.path.join(screenshot_dir, "reviews-answer-390x844-es.png"))
    p.fill("#liked", "La enfermera fue muy amable.")
    p.fill("#improve", "La sala de espera.")
    p.locator("label.rv-score", has_text="9").first.tap()
    p.click("button.rv-send")
    p.wait_for_url(re.compile(r"/thanks/"))
    assert "¡Gracias!" in p.content()
    p.screenshot(path=os.path.join(screenshot_dir, "reviews-thanks-390x844-es.png"))
    p.go_back()  # a second submit of the same form is stored once
    p.wait_for_load_state()
    assert Answer.objects.count() == 1
    phone.close()

    # Ivan switches to Russian and answers with JavaScript off.
    nojs = browser.new_context(viewport=PHONE, java_script_enabled=False)
    p = nojs.new_page()
    p.goto(_link("ivan@example.com"))
    p.click("a[hreflang=ru]")
    assert p.locator("h1").inner_text() == "Как прошёл ваш визит?"
    p.click("button.rv-send")  # nothing chosen: told so, in Russian
    assert p.locator(".rv-error").count() == 1
    p.fill("#improve", "Очередь в регистратуру")
    p.check("input[name=recommend][value='6']", force=True)
    p.screenshot(path=os.path.join(screenshot_dir, "reviews-answer-nojs-ru.png"))
    p.click("button.rv-send")
    assert "Спасибо!" in p.content()
    nojs.close()

    # Bob opts out from his email's link.
    phone = browser.new_context(viewport=PHONE)
    p = phone.new_page()
    p.goto(_link("bob@example.com", "opt-out"))
    p.click("button.rv-send")
    assert p.locator("h1").inner_text() == "Done: no more messages"
    p.screenshot(path=os.path.join(screenshot_dir, "reviews-opt-out-390x844-en.png"))
    phone.close()

    # An hour later the worker sends reminders: Carol gets one; Bob, Ana and Ivan do not.
    mail.outbox.clear()
    send_due(now=timezone.now() + dt.timedelta(hours=1, minutes=1))
    send_due(now=timezone.now() + dt.timedelta(hours=5))
    assert [m.to[0] for m in mail.outbox] == ["carol@example.com"]
    assert Contact.objects.get(email="bob@example.com").messages_sent == 1

    # The editor sees the funnel and the answers.
    page.reload()
    text = page.locator("main").inner_text()
    assert "Answered" in text and "Opted out" in text
    page.wait_for_selector("#review-funnel svg", timeout=20000)
    page.screenshot(path=os.path.join(screenshot_dir, "reviews-campaign-funnel.png"), full_page=True)
    page.click("a.btn:has-text('Answers')")
    assert "La enfermera fue muy amable." in page.content() and "Ana García" in page.content()
    desk.close()
