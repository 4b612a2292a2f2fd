"""A real browser (Playwright + Debian's Chromium): an auditor on a phone scores a ten-touchpoint
audit, reloads half-way and finds every answer, loses the connection and loses nothing; and the
results page in each language."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from touchpoints.audits import services
from touchpoints.audits.models import Assessment, Audit, Score
from touchpoints.audits.tests.helpers import score_all, started_audit
from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib.testing_browser import browser_login, phone_page, scrolls_sideways
from touchpoints.library.loader import library_load
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
NAMES = [
    "Contextual ad",
    "Website",
    "Prices page",
    "Online chat",
    "Phone line",
    "Greeting on the phone",
    "Reception desk",
    "Waiting area",
    "Doctor's consultation",
    "Follow-up SMS",
]
CHANNELS = ["advertising", "website", "website", "messenger", "phone", "phone", "people", "premises", "people", "sms"]
AREAS = ["sale", "business", "sale", "sale", "sale", "personnel", "personnel", "business", "product", "sale"]


def make_clinic() -> tuple[Any, list[Any], dict[str, User]]:
    library_load()
    users = {
        name: User.objects.create_user(name, f"{name}@example.com", f"{name}-pass-123") for name in ("olga", "sam")
    }
    ws = workspace_create(name="VenaCare", owner=users["olga"], own_brand="VenaCare")
    brand_create(workspace=ws, name="PhleboExpert", color="#c62828")
    segment_create(workspace=ws, name="Women 35–55", share=62)
    Membership.objects.create(workspace=ws, user=users["sam"], role="auditor")
    stages = ["need", "search", "compare", "decision", "after"]
    tps = [
        touchpoint_create(workspace=ws, name=name, channel=channel, area=area, stages=[stages[i // 2]])
        for i, (name, channel, area) in enumerate(zip(NAMES, CHANNELS, AREAS, strict=True))
    ]
    return ws, tps, users


def wait_saved(page: Any) -> None:
    page.wait_for_function("() => document.getElementById('sheet').dataset.pending === '0'", timeout=15000)


def score_card(page: Any, tp_id: int, points: str, impression: str) -> int:
    """Opens a touchpoint's card and answers it the way a thumb would; returns the answers given."""
    card = page.locator(f"#tp-{tp_id}")
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    criteria = card.locator("fieldset.criterion")
    n = criteria.count()
    for i in range(n):
        if i == n - 1:
            criteria.nth(i).locator(".chip.na").click()
        else:
            criteria.nth(i).locator(f"label.chip:has(input[value='{points}'])").click()
    card.locator(f"label.chip.{impression}").click()
    card.locator("select[data-field=expectation]").select_option("8")
    card.locator("textarea[data-field=note]").fill(f"Seen at {tp_id}")
    card.locator("textarea[data-field=note]").blur()
    return n


def assert_card_shows(page: Any, tp_id: int, points: str, impression: str) -> None:
    card = page.locator(f"#tp-{tp_id}")
    criteria = card.locator("fieldset.criterion")
    n = criteria.count()
    for i in range(n - 1):
        assert criteria.nth(i).locator(f"input[value='{points}']").is_checked(), (tp_id, i)
    assert criteria.nth(n - 1).locator("input[data-field=criterion_na]").is_checked()
    assert card.locator(f"input[data-field=impression][value={impression}]").is_checked()
    assert card.locator("select[data-field=expectation]").input_value() == "8"
    assert card.locator("textarea[data-field=note]").input_value() == f"Seen at {tp_id}"


def test_an_auditor_scores_ten_touchpoints_on_a_phone(browser: Any, live_server: Any, screenshot_dir: str) -> None:
    ws, tps, users = make_clinic()
    audit = started_audit(
        ws, "Patient path walk", tps, auditors=[users["sam"]], segment=ws.segments.get(), created_by=users["olga"]
    )
    base = live_server.url
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    browser_login(page, base, "sam", "sam-pass-123")
    page.goto(f"{base}/w/{ws.slug}/audits/")
    page.get_by_role("link", name="Score", exact=True).click()
    page.wait_for_url(f"{base}/w/{ws.slug}/audits/{audit.pk}/score/")
    sheet = f"{base}/w/{ws.slug}/audits/{audit.pk}/score/"

    plan = {tp.pk: (str(3 + i % 7), ["positive", "neutral", "negative"][i % 3]) for i, tp in enumerate(tps)}
    answered = {}
    # The first five, online; every answer is saved as it is given.
    for tp in tps[:5]:
        answered[tp.pk] = score_card(page, tp.pk, *plan[tp.pk])
        page.locator(f"#tp-{tp.pk} .next-tp").click()
    wait_saved(page)
    assert "All answers saved" in page.locator("#sync").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "audits-phone-scoring.png"))

    # Reload half-way: every answer is there.
    page.reload()
    for tp in tps[:5]:
        page.locator(f"#tp-{tp.pk} summary").click() if page.locator(f"#tp-{tp.pk}").get_attribute(
            "open"
        ) is None else None
        assert_card_shows(page, tp.pk, *plan[tp.pk])
        assert page.locator(f"#tp-{tp.pk}.is-done").count() == 1

    # The connection drops (answers cannot reach the server) while two more touchpoints are scored,
    # and the page is reloaded before it comes back: the answers wait on the phone.
    page.route("**/answer/", lambda route: route.abort("internetdisconnected"))
    for tp in tps[5:7]:
        answered[tp.pk] = score_card(page, tp.pk, *plan[tp.pk])
    page.wait_for_function("() => Number(document.getElementById('sheet').dataset.pending) > 0")
    # The status reads "Saving…" until the failed request comes back, then says the answers wait.
    page.wait_for_function(
        "() => document.getElementById('sync').innerText.includes('waiting for a connection')", timeout=15000
    )
    assert not Assessment.objects.filter(item__touchpoint__in=tps[5:7]).exists()
    page.reload()
    for tp in tps[5:7]:
        if page.locator(f"#tp-{tp.pk}").get_attribute("open") is None:
            page.locator(f"#tp-{tp.pk} summary").click()
        assert_card_shows(page, tp.pk, *plan[tp.pk])  # put back from this device
    page.screenshot(path=os.path.join(screenshot_dir, "audits-phone-offline.png"))
    page.unroute("**/answer/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)

    # Offline the browser's way, then back online.
    context.set_offline(True)
    answered[tps[7].pk] = score_card(page, tps[7].pk, *plan[tps[7].pk])
    page.wait_for_function("() => Number(document.getElementById('sheet').dataset.pending) > 0")
    context.set_offline(False)
    wait_saved(page)

    for tp in tps[8:]:
        answered[tp.pk] = score_card(page, tp.pk, *plan[tp.pk])
    wait_saved(page)
    page.reload()
    for tp in tps:
        if page.locator(f"#tp-{tp.pk}").get_attribute("open") is None:
            page.locator(f"#tp-{tp.pk} summary").click()
        assert_card_shows(page, tp.pk, *plan[tp.pk])
    assert page.locator(".tp-card.is-done").count() == 10

    # Every answer is in the database, once.
    for tp in tps:
        scores = Score.objects.filter(item__audit=audit, item__touchpoint=tp, auditor=users["sam"])
        assert scores.count() == answered[tp.pk]
        assert scores.filter(not_applicable=True).count() == 1
        assert set(scores.exclude(not_applicable=True).values_list("raw", flat=True)) == {plan[tp.pk][0]}
        a = Assessment.objects.get(item__audit=audit, item__touchpoint=tp)
        assert (a.impression, a.expectation_raw, a.note) == (plan[tp.pk][1], "8", f"Seen at {tp.pk}")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[value=submit]")
    page.wait_for_url(f"{base}/w/{ws.slug}/audits/{audit.pk}/")
    assert Audit.objects.get(pk=audit.pk).status == "submitted"
    page.goto(sheet)
    assert "was submitted" in page.content()
    context.close()


def finished(
    ws: Any,
    tps: list[Any],
    user: User,
    *,
    brand: Any,
    name: str,
    scale: str,
    quality: list[int],
    days_ago: int,
    method: str = "self",
) -> Audit:
    from touchpoints.audits import scales

    audit = started_audit(ws, name, tps, brand=brand, scale=scale, method=method, auditors=[user])
    quality_of = dict(zip(audit.items.order_by("position").values_list("pk", flat=True), quality, strict=True))

    def raw(item: Any, n: int) -> str:
        return scales.nearest_raw(scale, max(0, min(100, quality_of[item.pk] + (n % 3 - 1) * 12)))

    def impression(item: Any) -> str:
        q = quality_of[item.pk]
        return "positive" if q >= 75 else ("neutral" if q >= 55 else "negative")

    score_all(audit, user, raw=raw, impression=impression, expectation=scales.nearest_raw(scale, 78))
    services.audit_transition(audit=audit, action="submit")
    services.audit_transition(audit=audit, action="close")
    Audit.objects.filter(pk=audit.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=days_ago))
    return audit


@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_results_page_in_each_language(browser: Any, live_server: Any, screenshot_dir: str, lang: str) -> None:
    ws, tps, users = make_clinic()
    own, rival = ws.brands.get(is_own=True), ws.brands.get(is_own=False)
    # Spring and autumn audits of the own brand, and a walk through a rival's clinic (8 touchpoints).
    fields = ("brand", "name", "scale", "method", "days_ago", "quality")
    audits = [
        (own, "Spring", "points", "self", 180, [50, 45, 60, 35, 40, 45, 70, 60, 80, 58]),
        (rival, "PhleboExpert walk", "words", "competitor_walk", 14, [70, 78, 65, 80, 82, 75, 62, 58]),
        (own, "Autumn", "points", "self", 7, [62, 72, 70, 64, 50, 60, 80, 74, 88, 52]),
    ]
    done = {
        row[1]: finished(ws, tps[: len(row[-1])], users["olga"], **dict(zip(fields, row, strict=True)))
        for row in audits
    }
    autumn = done["Autumn"]
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    browser_login(page, base, "olga", "olga-pass-123")
    url = f"{base}/w/{ws.slug}/audits/{autumn.pk}/results/"
    page.goto(url)
    if lang != "en":
        page.click(f"button[name=language][value={lang}]")
        page.wait_for_load_state()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None)
    page.goto(url)
    for chart in ("#chart-heatmap", "#chart-stages", "#chart-brands", "#chart-trend"):
        page.wait_for_selector(f"{chart} svg", timeout=20000)
    # The stage curve's audits have one legend (colour and dash), not two that conflict. Vega-Lite's
    # "Dropping fit-y" is said for any chart sized by steps and cannot be avoided by the spec.
    assert not [w for w in warnings if "fit-y" not in w], warnings
    text = page.inner_text("main")
    expected = {
        "en": ["Worst touchpoints first", "Heat map", "Own brand and competitors", "previous one"],
        "ru": ["Худшие точки контакта", "Тепловая карта", "конкуренты", "предыдущим"],
        "es": ["Los peores puntos de contacto", "Mapa de calor", "competidores", "anterior"],
    }[lang]
    for phrase in expected:
        assert phrase in text, (lang, phrase)
    assert "PhleboExpert" in text
    # Each kind's heat map is titled with the kind, and a screen reader hears just that, not Vega's
    # English "Title text '…'".
    titles = page.eval_on_selector_all(
        "#chart-heatmap .role-title-text", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert titles and not any("Title text" in t for t in titles), titles
    page.screenshot(path=os.path.join(screenshot_dir, f"audits-results-{lang}.png"), full_page=True)
    page.close()


def test_a_photo_added_on_a_phone_can_be_removed_by_its_named_button(
    browser: Any, live_server: Any, tmp_path: Any, settings: Any
) -> None:
    """The remove button of a photo just added is named for a screen reader, as it is after a reload."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ws, tps, users = make_clinic()
    audit = started_audit(ws, "Photo walk", tps[:2], auditors=[users["sam"]], created_by=users["olga"])
    photo = tmp_path / "sign.png"
    photo.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5e1"
            "d0e60000000049454e44ae426082"
        )
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    browser_login(page, live_server.url, "sam", "sam-pass-123")
    page.goto(f"{live_server.url}/w/{ws.slug}/audits/{audit.pk}/score/")
    card = page.locator(f"#tp-{tps[0].pk}")
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    card.locator("[data-evidence] input[type=file]").set_input_files(str(photo))
    card.locator(".evidence-list li").wait_for()
    assert card.locator(".evidence-list button").get_attribute("aria-label") == "Remove"
    page.reload()
    assert page.locator(f"#tp-{tps[0].pk} .evidence-list button").get_attribute("aria-label") == "Remove"
    context.close()


@pytest.mark.parametrize("path", ["/", "{audit}/score/"])
def test_the_audits_fit_the_smallest_phone_in_russian(browser: Any, live_server: Any, path: str) -> None:
    """At 320 px in Russian the impression chips («Положительное», «Отрицательное») stood three in a
    row wider than the screen, and the audit cards kept a 320 px minimum: an auditor scrolled
    sideways on every touchpoint."""
    ws, tps, users = make_clinic()
    audit = started_audit(ws, "Patient path walk", tps[:2], auditors=[users["sam"]], created_by=users["olga"])
    address = f"/w/{ws.slug}/audits/" + path.format(audit=audit.pk).lstrip("/")
    page = phone_page(browser, live_server.url, "sam", "sam-pass-123", address, language="ru", width=320)
    card = page.locator(f"#tp-{tps[0].pk}")
    if card.count() and card.get_attribute("open") is None:
        card.locator("summary").click()  # an open card: its chips are laid out
    assert page.locator("main").inner_text()
    assert not scrolls_sideways(page)
    page.close()
