"""Real-browser tests (Playwright + Debian's Chromium): a respondent on a 390×844 phone answers
through a QR deep link in each language; the form works with JavaScript off; keyboard only works."""

from __future__ import annotations

import os
from typing import Any

import pytest

from touchpoints.feedback.models import Response
from touchpoints.lib.testing_browser import browser_login, shrunk_charts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TEXT = {
    "en": ("How was your visit to Our clinic?", "Very good", "Send", "Thank you!"),
    "ru": ("Our clinic: как прошёл ваш визит?", "Отлично", "Отправить", "Спасибо!"),
    "es": ("¿Qué tal su visita a Our clinic?", "Muy bien", "Enviar", "¡Gracias!"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_answer_through_qr_deep_link_on_a_phone(
    browser: Any, live_server: Any, study: Any, screenshot_dir: str, lang: str
) -> None:
    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.get(label_en="Front desk").touchpoint
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale={"en": "en-GB", "ru": "ru-RU", "es": "es-ES"}[lang],
    )
    page = context.new_page()
    # The QR code of the study page holds this deep link; the browser's language picks the page's.
    page.goto(f"{live_server.url}/s/{study.token}/{own.pk}/{tp.pk}/")
    title, very_good, send, thanks = TEXT[lang]
    assert page.locator("h1").inner_text() == title
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("input[name=brand]").count() == 0  # brand and touchpoint are preselected
    page.screenshot(path=os.path.join(screenshot_dir, f"feedback-phone-{lang}.png"), full_page=True)
    page.get_by_text(very_good, exact=True).tap()
    page.locator("label.fb-num", has_text="9").first.tap()
    page.get_by_role("button", name=send).tap()
    page.wait_for_url("**/thanks/**")
    assert page.locator("h1").inner_text() == thanks
    page.screenshot(path=os.path.join(screenshot_dir, f"feedback-phone-{lang}-thanks.png"))
    row = Response.objects.get()
    assert (row.brand_id, row.touchpoint_id, row.positivity, row.likelihood, row.language) == (
        own.pk,
        tp.pk,
        2,
        9,
        lang,
    )
    # Back and send again: the same form is stored once.
    page.go_back()
    context.close()
    assert Response.objects.count() == 1


@pytest.mark.parametrize("lang", ["ru", "es"])
def test_the_faces_fit_the_smallest_phone(browser: Any, live_server: Any, study: Any, lang: str) -> None:
    """At 320 px the longest labels ("Отлично", "Muy bien") widened their columns: the faces came
    in four sizes and the question's card pushed the page sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale={"ru": "ru-RU", "es": "es-ES"}[lang])
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{study.token}/")
    widths = page.eval_on_selector_all(".fb-face", "els => els.map(e => Math.round(e.getBoundingClientRect().width))")
    assert len(widths) == 5 and max(widths) - min(widths) <= 1, widths
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_form_works_without_javascript(browser: Any, live_server: Any, study: Any, screenshot_dir: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{study.token}/?lang=en")
    page.get_by_role("button", name="Send").click()  # nothing chosen: errors, in English, nothing stored
    assert page.locator(".fb-errors").is_visible()
    assert page.get_by_text("Please choose one of the five faces.").is_visible()
    assert Response.objects.count() == 0
    page.get_by_text("Rival", exact=True).click()
    page.get_by_text("Front desk", exact=True).click()
    page.get_by_text("Bad", exact=True).click()
    page.locator("label.fb-num", has_text="3").first.click()
    page.fill("textarea[name=comment]", "Long wait at the desk")
    page.screenshot(path=os.path.join(screenshot_dir, "feedback-no-js.png"), full_page=True)
    page.get_by_role("button", name="Send").click()
    assert page.locator("h1").inner_text() == "Thank you!"
    row = Response.objects.get()
    assert (row.positivity, row.likelihood, row.comment, row.brand.name) == (-1, 3, "Long wait at the desk", "Rival")
    context.close()


def test_keyboard_only(browser: Any, live_server: Any, study: Any) -> None:
    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.get(label_en="Front desk").touchpoint
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{study.token}/{own.pk}/{tp.pk}/?lang=en")
    page.locator("input[name=positivity]").first.focus()  # the first face: arrows move within the group
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # "So-so" (0)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # likelihood 0
    page.keyboard.press("ArrowRight")  # 1
    page.locator("textarea[name=comment]").focus()
    page.keyboard.type("ok")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks/**")
    row = Response.objects.get()
    assert (row.positivity, row.likelihood, row.comment) == (0, 1, "ok")
    context.close()


def test_editor_sees_results_and_prints_the_sheet(
    browser: Any, live_server: Any, world: Any, study: Any, screenshot_dir: str
) -> None:
    from django.conf import settings as dj_settings

    from touchpoints.feedback.models import Respondent

    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.first().touchpoint
    who = Respondent.objects.create(study=study)
    Response.objects.bulk_create(
        [
            Response(
                study=study,
                respondent=who,
                brand=own,
                touchpoint=tp,
                positivity=p % 5 - 2,
                likelihood=p % 11,
                comment="Nice" if p % 3 == 0 else "",
            )
            for p in range(40)
        ]
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    client = world.client("editor")
    cookie = client.cookies[dj_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": dj_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/w/{world.slug}/feedback/{study.pk}/results/")
    assert page.get_by_role("heading", name="By touchpoint and brand").is_visible()
    page.locator("#fb-trend svg").first.wait_for(timeout=60_000)  # the weekly trend chart rendered
    page.screenshot(path=os.path.join(screenshot_dir, "feedback-results.png"), full_page=True)
    page.goto(f"{live_server.url}/w/{world.slug}/feedback/{study.pk}/sheet/")
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()


def test_the_study_forms_checkboxes_lead_their_labels(browser: Any, live_server: Any, world: Any) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    browser_login(page, live_server.url, "editor", "pw-" + "editor" * 2)
    page.goto(f"{live_server.url}/w/{world.slug}/feedback/new/")
    label = page.locator("label:has(#id_ask_comment)")
    text, box = label.bounding_box(), page.locator("#id_ask_comment").bounding_box()
    assert text and box
    # At the start of its line: not stretched across the form with the box drawn in the middle.
    assert abs(box["x"] - text["x"]) < 40 and box["width"] < 40
    checked = page.locator("#id_ask_comment").is_checked()
    label.get_by_text("Ask for a comment").click()  # the words tick the box too
    assert page.locator("#id_ask_comment").is_checked() != checked
    page.close()


@pytest.mark.parametrize(
    ("lang", "day", "month", "wrong"), [("ru", "сен", "октябрь", "октября"), ("es", "sep", "octubre", "")]
)
def test_the_weekly_trend_writes_dates_as_the_language_does_in_the_page_and_the_pdf(
    browser: Any, live_server: Any, world: Any, study: Any, lang: str, day: str, month: str, wrong: str
) -> None:
    """The results page's weekly trend in Russian or Spanish: day before month (14 сен), a month
    tick names the month (октябрь, not октября), and the SVG drawn for a PDF has the same labels."""
    import datetime as dt
    import json
    import re

    from django.conf import settings as dj_settings
    from django.utils import timezone, translation

    from touchpoints.feedback.models import Respondent
    from touchpoints.lib.charts import chart_svg

    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.first().touchpoint
    who = Respondent.objects.create(study=study)
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 12))
    Response.objects.bulk_create(
        [
            Response(study=study, respondent=who, brand=own, touchpoint=tp, positivity=w % 5 - 2, likelihood=7)
            for w in range(10)
        ]
    )
    for w, response in enumerate(Response.objects.filter(study=study).order_by("pk")):
        Response.objects.filter(pk=response.pk).update(created_at=start + dt.timedelta(weeks=w))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    client = world.client("editor")
    cookie = client.cookies[dj_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {"name": dj_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url},
            {"name": dj_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/w/{world.slug}/feedback/{study.pk}/results/")
    page.locator("#fb-trend svg text").first.wait_for(timeout=60_000)
    in_page = page.eval_on_selector_all("#fb-trend svg .role-axis-label text", "els => els.map(e => e.textContent)")
    spec = json.loads(page.locator("#fb-trend-spec").text_content() or "{}")
    # On a phone the trend is drawn at the phone's width (it had a desktop's 720 px, shrunk).
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator("#fb-trend svg text").first.wait_for(timeout=60_000)
    assert shrunk_charts(page) == []
    context.close()
    # The chart fills the page's width, so an SVG drawn at a fixed width may have other ticks: its
    # labels follow the same rules.
    with translation.override(lang):
        svg = chart_svg({**spec, "width": 720})
    in_svg = re.findall(r">([^<>]+)</text>", svg)
    for where, labels in (("page", in_page), ("PDF", in_svg)):
        assert any(re.fullmatch(rf"\d{{1,2}} {day}", label) for label in labels), (where, labels)
        assert month in labels and (not wrong or wrong not in labels), (where, labels)


@pytest.mark.parametrize("lang", ["ru", "es"])
def test_the_study_form_finds_and_ticks_touchpoints_in_a_long_list(
    browser: Any, live_server: Any, world: Any, lang: str
) -> None:
    """A study of part of a large inventory: the touchpoints' list has a search that ignores case and
    accents, a box ticking only the ones found, and the count ticked; the study offers just those."""
    from touchpoints.feedback.models import Study
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.lib.testing_browser import phone_page

    ws = world.workspace
    Touchpoint.objects.bulk_create(Touchpoint(workspace=ws, name=f"Touchpoint {i:03d}") for i in range(120))
    found = [Touchpoint.objects.create(workspace=ws, name=n) for n in ("Recepción", "Reception desk")]
    Touchpoint.objects.create(workspace=ws, name="Receipt by email")
    page = phone_page(
        browser, live_server.url, "editor", "pw-" + "editor" * 2, f"/w/{ws.slug}/feedback/new/", language=lang
    )
    tools = page.locator("[data-checklist]")
    assert tools.is_visible()
    page.fill("[data-checklist-filter]", "RECEPCION")
    assert page.locator("input[name=touchpoints]:visible").count() == 1  # Recepción
    page.fill("[data-checklist-filter]", "recep")
    assert page.locator("input[name=touchpoints]:visible").count() == 2
    tools.locator("[data-checklist-all]").check()
    assert tools.locator("[data-checklist-count]").inner_text() == "2"
    page.fill("[data-checklist-filter]", "nothing like it")
    assert tools.locator("[data-checklist-none]").is_visible()
    page.fill("[data-checklist-filter]", "")
    assert page.locator("input[name=touchpoints]:visible").count() == 123
    assert not tools.locator("[data-checklist-all]").is_checked()  # not every one shown is ticked
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.fill("input[name=name]", "Front desk")
    page.locator("main form.card button.btn").first.click()
    page.wait_for_url("**/feedback/*/")
    study = Study.objects.get(name="Front desk")
    assert sorted(study.study_touchpoints.values_list("touchpoint_id", flat=True)) == sorted(tp.pk for tp in found)
    page.close()


@pytest.mark.parametrize("lang", ["ru", "es"])
def test_the_words_panel_fits_a_phone_and_opens_a_words_comments(
    browser: Any, live_server: Any, world: Any, study: Any, lang: str
) -> None:
    """On a 360 px phone the panel of what sets negative comments apart wraps its words; a tap on
    one opens the negative comments that hold it."""
    from touchpoints.feedback.tests.helpers import store_answers
    from touchpoints.lib.testing_browser import phone_page, scrolls_sideways

    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.first().touchpoint_id
    said = ["Никто не взял трубку", "Трубку не берут весь день", "Снова никто не взял трубку", "Трубку бросили"]
    for text in said + ["Долго ждала, трубку не взяли"]:
        store_answers(study, [(-2, 2)], brand_id=own.pk, touchpoint_id=tp, comment=text, language="ru")
    for text in ["Приветливый персонал, спасибо"] * 5:
        store_answers(study, [(2, 9)], brand_id=own.pk, touchpoint_id=tp, comment=text, language="ru")
    path = f"/w/{world.slug}/feedback/{study.pk}/comments/"
    page = phone_page(browser, live_server.url, "viewer", "pw-" + "viewer" * 2, path, language=lang, width=360)
    panel = page.locator(".words-panel")
    assert panel.is_visible() and not scrolls_sideways(page)
    panel.locator(".words-sides > div").first.locator("a", has_text="трубку").click()
    page.wait_for_url("**sentiment=negative**")
    assert page.locator("article.fb-comment").count() == 5  # the five negative ones: each holds "трубку"
    assert page.locator("input[name=q]").input_value() == "трубку"
    page.close()
