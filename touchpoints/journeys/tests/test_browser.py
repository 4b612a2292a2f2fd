"""A real browser (Playwright + Debian's Chromium): build a five-step chain by drag-and-drop,
reorder it, see a weak link flagged, export the mind map; the map in each language."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from touchpoints.journeys import services
from touchpoints.journeys.models import JourneyStep
from touchpoints.lib.testing_browser import browser_login, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chain(journey: Any) -> list[str]:
    return list(
        JourneyStep.objects.filter(journey=journey).order_by("position").values_list("touchpoint__code", flat=True)
    )


def test_build_a_chain_by_drag_and_drop(browser: Any, live_server: Any, screenshot_dir: str, chainworld: Any) -> None:
    cw = chainworld
    journey = services.journey_create(
        workspace=cw.world.workspace, name="Visit by drag and drop", process="Book a visit", brand=cw.own
    )
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(page, base, "editor", "pw-" + "editor" * 2)
    map_url = f"{base}/w/{cw.slug}/journeys/{journey.pk}/"
    page.goto(map_url)
    assert page.locator(".jcard").count() == 0

    # Five touchpoints dragged from the inventory panel onto the stages of the map.
    drops = [
        ("Contextual ad", "need"),
        ("Site chat", "search"),
        ("Phone booking", "decision"),
        ("Review request", "after"),
        ("Doctor", "decision"),
    ]
    for n, (name, stage) in enumerate(drops, 1):
        source = page.locator(".pal-item", has=page.locator(".pal-name", has_text=re.compile(f"^{name}$")))
        source.drag_to(page.locator(f".stage-head[data-stage={stage}]"))
        page.wait_for_function(f"() => document.querySelectorAll('.jcard').length === {n}")
    # The doctor, dropped on "Purchase decision", went after the phone and before the after-purchase step.
    assert chain(journey) == ["ad", "chat", "phone", "doctor", "review"]
    assert page.locator("#chain-list .chain-step").count() == 5

    # Reorder in the chain by drag-and-drop: the doctor before the phone.
    doctor = page.locator("#chain-list .chain-step", has=page.locator(".tp", has_text=re.compile("^Doctor$")))
    phone = page.locator("#chain-list .chain-step", has_text="Phone booking")
    box = phone.bounding_box()
    doctor.drag_to(phone, target_position={"x": 20, "y": 4})
    page.wait_for_function(
        "() => document.querySelector('#chain-list .chain-step:nth-child(3) .tp').textContent.includes('Doctor')"
    )
    assert chain(journey) == ["ad", "chat", "doctor", "phone", "review"]
    assert box is not None

    # Keyboard: move the phone back up with its button; focus stays on the moved step's buttons.
    page.locator("#chain-list .chain-step", has_text="Phone booking").locator("button[data-focus-key^=up-]").click()
    page.wait_for_function(
        "() => document.querySelector('#chain-list .chain-step:nth-child(3) .tp').textContent.includes('Phone booking')"
    )
    assert chain(journey) == ["ad", "chat", "phone", "doctor", "review"]
    assert page.evaluate("document.activeElement.getAttribute('data-focus-key') || ''").startswith(("up-", "down-"))

    # A card dropped on another stage changes the step's stage.
    page.locator(".jcard", has_text="Site chat").drag_to(page.locator(".stage-head[data-stage=compare]"))
    page.wait_for_function("() => document.querySelector('.stage-head[data-stage=search] .gap-note') !== null")
    assert JourneyStep.objects.get(journey=journey, touchpoint__code="chat").stage == "compare"

    # Weak links are flagged on the card and explained in the list.
    review_card = page.locator(".jcard", has_text="Review request")
    assert review_card.locator(".flag", has_text="Touchpoint only planned").count() == 1
    assert review_card.locator(".flag", has_text="No owner").count() == 1
    weak = page.locator("#weak-links")
    assert weak.locator("li[data-code=touchpoint_planned]", has_text="only planned for Our clinic").count() == 1
    assert weak.locator("li[data-code=no_final_chord]").count() == 1

    # A refused reorder (forged, with an unknown id) says why and changes nothing.
    message = page.evaluate("""async () => {
        const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
        const r = await fetch(document.getElementById('board').dataset.reorderUrl, {method: 'POST',
            headers: {'X-CSRFToken': token, 'X-Journey-Board': '1', 'Content-Type': 'application/json'},
            body: JSON.stringify({step_ids: [1, 1]})});
        return [r.status, (await r.json()).errors.join(' ')];
    }""")
    assert message[0] == 400 and "The order was not changed." in message[1]
    assert chain(journey) == ["ad", "chat", "phone", "doctor", "review"]

    # Export the chain as a FreeMind mind map.
    page.click(".menu summary")
    with page.expect_download() as info:
        page.click("a[data-export=mm]")
    path = info.value.path()
    root = ET.parse(path).getroot()
    steps = [n.get("TEXT") for n in root.iter("node") if (n.get("ID") or "").startswith("step_")]
    assert steps == ["1. Contextual ad", "2. Site chat", "3. Phone booking", "4. Doctor", "5. Review request"]
    assert info.value.suggested_filename == f"journey-{journey.pk}.mm"

    # A sixth step dropped into the chain list, then removed with its ✕ button (confirmed).
    page.keyboard.press("Escape")
    page.locator("#chain-list").scroll_into_view_if_needed()
    last = page.locator("#chain-list .chain-step").last
    height = last.bounding_box()["height"]
    page.locator(".pal-item", has=page.locator(".pal-name", has_text="Newsletter")).drag_to(
        last, target_position={"x": 30, "y": height - 4}
    )  # the lower half: after the last step
    page.wait_for_function("() => document.querySelectorAll('#chain-list .chain-step').length === 6")
    assert chain(journey)[-1] == "newsletter"
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#chain-list .chain-step", has_text="Newsletter").locator("button[formaction]").click()
    page.wait_for_function("() => document.querySelectorAll('#chain-list .chain-step').length === 5")
    assert chain(journey) == ["ad", "chat", "phone", "doctor", "review"]

    # The step form opens inside the chain: judge the first step there.
    first = page.locator("#chain-list .chain-step").first
    first.locator("a.edit-step").click()
    first.locator("select[name=expected]").select_option("1")
    first.locator("textarea[name=note]").fill("Clear offer")
    first.locator("button", has_text="Save").click()
    page.wait_for_function("() => document.querySelector('#chain-list .chain-step .exp').textContent.trim() === '+1'")
    step = JourneyStep.objects.get(journey=journey, touchpoint__code="ad")
    assert (step.expected, step.note) == (1, "Clear offer")

    # Judge the other steps (as the same form would) so the screenshots show a curve; then the map
    # in each language, switched with the language buttons of the top bar.
    for code, expected, note in [
        ("chat", 1, ""),
        ("phone", -1, "Answered at the third ring"),
        ("doctor", 2, ""),
        ("review", None, "Not sent yet"),
    ]:
        step = JourneyStep.objects.get(journey=journey, touchpoint__code=code)
        services.step_update(step=step, expected=expected, note=note, final_chord=code == "review")
    page.reload()
    for lang, heading in (("en", "Weak links"), ("ru", "Слабые звенья"), ("es", "Eslabones débiles")):
        page.click(f".lang button[value={lang}]")
        page.wait_for_selector(f"html[lang={lang}]")
        page.wait_for_selector("#curve svg")
        assert page.locator("#weak-links h2").inner_text() == heading
        assert page.locator(".jcard").count() == 5 and page.locator(".jcard .flag").count() > 0
        if lang == "ru":  # the curve is drawn as every chart: numbers and a screen reader's words in Russian
            labels = page.eval_on_selector_all(
                "#curve [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
            )
            assert "Ось Y: Опыт" in labels and "Кривая опыта" in labels, str(labels)
            assert any(re.search(r"Опыт: [+−-]\d,\d", label) for label in labels), labels
        page.screenshot(path=os.path.join(screenshot_dir, f"journeys-map-{lang}.png"), full_page=True)
    assert not errors, errors


def test_the_map_fits_a_phone_with_a_long_journey_to_compare(browser: Any, live_server: Any, chainworld: Any) -> None:
    """The "Compare with" list names each other journey and its brand; a long name made the list,
    and so the whole page, wider than a phone's screen."""
    cw = chainworld
    services.journey_create(
        workspace=cw.world.workspace,
        name="First visit through the contextual ad, the site chat and the phone booking",
        process=cw.journey.process,
        brand=cw.rival,
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    browser_login(page, live_server.url, "editor", "pw-" + "editor" * 2)
    page.goto(f"{live_server.url}/w/{cw.slug}/journeys/{cw.journey.pk}/")
    assert page.locator("select[name=b] option").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    page.close()


def test_a_phone_reads_the_map_stage_by_stage(browser: Any, live_server: Any, chainworld: Any) -> None:
    """Five stage columns do not fit a phone: the map lists each stage, then its cards with their
    lane (the channel) named above them, instead of a grid to scroll sideways; a stage with no step
    says so, and lanes with no card at a stage take no room."""
    cw = chainworld
    page = phone_page(
        browser,
        live_server.url,
        "viewer",
        "pw-" + "viewer" * 2,
        f"/w/{cw.slug}/journeys/{cw.journey.pk}/",
        language="es",
    )
    jmap = page.locator(".jmap")
    assert jmap.evaluate("m => m.scrollWidth <= m.clientWidth"), "the map scrolls sideways on a phone"

    def top(locator: Any) -> float:
        box = locator.bounding_box()
        assert box is not None and box["height"] > 0, "not shown"
        return float(box["y"])

    heads = [top(page.locator(f".stage-head[data-stage={s}]")) for s in ("need", "search", "compare", "decision")]
    cards = {
        code: top(page.locator(".jcard", has_text=name))
        for code, name in (("chat", "Site chat"), ("phone", "Phone booking"))
    }
    assert heads == sorted(heads)
    assert heads[1] < cards["chat"] < heads[2] < heads[3] < cards["phone"]  # each card under its own stage
    assert "sin pasos" in page.locator(".stage-head[data-stage=compare]").inner_text()
    phone_cell = page.locator(".jcell", has=page.locator(".jcard", has_text="Phone booking"))
    assert phone_cell.locator(".cell-lane").inner_text().lower() == "teléfono"
    assert page.locator(".jcell.vacant").first.bounding_box() is None  # an empty cell is not drawn
    page.close()


def test_a_shared_map_reads_on_a_phone_without_an_account(browser: Any, live_server: Any, chainworld: Any) -> None:
    """The page of a share link, opened by someone with no account on a phone in Russian: the map
    as a picture at the screen's width, the weak links and steps in Russian, nothing wider than
    the screen, and the map's downloads."""
    _link, token = services.journey_share(journey=chainworld.journey, days=7)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": live_server.url}])
    page.goto(f"{live_server.url}/j/{token}/")
    assert page.locator("h2", has_text="Слабые звенья").count() == 1
    image = page.locator("img.map")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0 && img.clientWidth <= window.innerWidth")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.locator("a[download]").count() == 3
    page.close()
