"""A real browser walks a new user, in each language, from sign-up through the home page's "where
to next" strip to a first audit result; screenshots of the home page at desktop and phone width.

It fails on any console error, on any horizontal overflow of the page body, and on untranslated
text: every page's visible text in Russian and Spanish is compared with the same page in English,
and an English line found unchanged is a leftover (proper names, numbers and codes excepted)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from touchpoints.library.loader import library_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WORKSPACE = "VenaCare"
# Lines that are the same in every language: the product's and the user's names, codes, formats.
ALLOWED = {
    "Touchpoints",
    "◎ Touchpoints",
    WORKSPACE,
    "EN",
    "RU",
    "ES",
    "CSV",
    "Excel",
    "JSON",
    "SMS",
    "PDF",
    "CSV · Excel",
    "Email",
    "FAQ",
    "First walk",
}
NAV_STEPS = ("Home", "Inventory", "Library", "Journeys", "Audits", "Analytics")


class Walk:
    """One user's walk in one language, recording each page's visible text under a name."""

    def __init__(self, page: Any, base: str, lang: str, shots: str) -> None:
        self.page, self.base, self.lang, self.shots = page, base, lang, shots
        self.errors: list[str] = []
        self.texts: dict[str, str] = {}
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(300)  # let charts draw
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (self.lang, name, "page body overflows horizontally by", overflow)
        assert not self.errors, (self.lang, name, self.errors)
        self.texts[name] = self.page.inner_text("main")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=os.path.join(self.shots, f"dashboard-{name}-{self.lang}.png"), full_page=True)


def _sentences(text: str) -> set[str]:
    """Pieces of visible text (lines, table cells) that read as a phrase of two words or more; a
    lone word (Blog, Control, Ideal…) is often the same in Spanish, and numbers or codes are not text."""
    out = set()
    for line in re.split(r"[\n\t]", text):
        line = line.strip(" ·→←↓↑★▾▸✓×:—-")
        if len(re.findall(r"[A-Za-z]{2,}", line)) < 2:
            continue
        out.add(line)
    return out


def _leftovers(english: str, other: str) -> set[str]:
    return {
        line
        for line in _sentences(other) & _sentences(english)
        if line not in ALLOWED and not line.startswith(WORKSPACE) and re.search(r"[a-z]{3}", line)
    }


def _walk(browser: Any, base: str, lang: str, shots: str) -> Walk:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    walk = Walk(page, base, lang, shots)
    # Sign up, in the language picked on the first page.
    page.goto(f"{base}/accounts/signup/")
    if lang != "en":
        with page.expect_navigation():  # back to the same address: wait for the new page itself
            page.click(f".lang button[value={lang}]")
    walk.check("signup")
    page.fill("#id_username", f"newcomer-{lang}")
    page.fill("#id_email", f"newcomer-{lang}@example.com")
    page.fill("#id_password1", "a-long-pass-4321")
    page.fill("#id_password2", "a-long-pass-4321")
    page.click("main button.btn")
    page.wait_for_url(f"{base}/")
    walk.check("workspaces")
    # A first workspace; then its home, where the strip says what to do first.
    page.fill("#id_name", WORKSPACE)
    page.click("main form.card button.btn")
    page.wait_for_url(re.compile(r".*/library/$"))
    slug = page.url.rstrip("/").split("/")[-2]
    page.click(f".sections a[href='/w/{slug}/home/']")
    page.wait_for_url(f"{base}/w/{slug}/home/")
    walk.check("home-empty")
    assert page.locator(".method-strip li.step-next").get_attribute("data-step") == "inventory"
    assert page.locator(".widget-empty").count() >= 5  # sentences, not empty boxes
    walk.shot("home-empty-desktop")
    # The next step, one click away: the inventory; touchpoints come from the library.
    page.click(".next-action a")
    page.wait_for_url(f"{base}/w/{slug}/touchpoints/")
    walk.check("inventory-empty")
    page.goto(f"{base}/w/{slug}/home/")
    page.click("#widget-coverage-stage .widget-empty a")
    page.wait_for_url(f"{base}/w/{slug}/library/")
    walk.check("library")
    page.locator("details.lib-pack > summary").first.click()
    page.locator("details.lib-pack[open] details.lib-area > summary").first.click()
    boxes = page.locator("details.lib-area[open] input.select-row:not([disabled])")
    for i in range(min(3, boxes.count())):
        boxes.nth(i).check()
    page.click("#add-selected")
    page.wait_for_url(f"{base}/w/{slug}/touchpoints/")
    walk.check("inventory")
    # Back home: the strip now leads on; the audit step is one click away.
    page.click(f".sections a[href='/w/{slug}/home/']")
    walk.check("home-inventory")
    assert page.locator(".method-strip li[data-step=inventory].step-done").count() == 1
    page.click(".method-strip li[data-step=audit] a")
    page.wait_for_url(f"{base}/w/{slug}/audits/")
    walk.check("audits")
    page.click(f"main a.btn[href='/w/{slug}/audits/new/']")
    walk.check("audit-form")
    page.fill("#id_name", "First walk")
    page.click("main form button.btn[type=submit], main form button.btn:not([name])")
    page.wait_for_url(re.compile(rf".*/w/{slug}/audits/\d+/$"))
    page.click("button[name=action][value=start]")
    page.wait_for_url(re.compile(rf".*/w/{slug}/audits/\d+/$"))
    walk.check("audit-started")
    page.click("main a.btn[href$='/score/']")
    walk.check("score")
    cards = page.locator(".tp-card")
    for i in range(cards.count()):
        card = cards.nth(i)
        if card.get_attribute("open") is None:
            card.locator("summary").click()
        criteria = card.locator("fieldset.criterion")
        for j in range(criteria.count()):
            criteria.nth(j).locator("label.chip:has(input[value='7'])").click()
        card.locator("label.chip.positive").click()
    page.wait_for_function("() => document.getElementById('sheet').dataset.pending === '0'", timeout=15000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(rf".*/w/{slug}/audits/\d+/$"))
    page.click("main a.btn[href$='/results/']")
    page.wait_for_selector("#chart-stages svg, .chart-empty", timeout=20000)
    walk.check("results")
    # The home page now shows the audit's scores: screenshots at desktop and phone width.
    page.goto(f"{base}/w/{slug}/home/")
    page.wait_for_selector("#widget-audit-stage svg", timeout=20000)
    walk.check("home")
    assert page.locator(".method-strip li[data-step=audit].step-done").count() == 1
    walk.shot("home-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("#widget-audit-stage svg", timeout=20000)
    walk.check("home-phone")
    walk.shot("home-phone")
    context.close()
    return walk


def test_a_new_user_walks_from_sign_up_to_a_first_audit_result(
    browser: Any, live_server: Any, screenshot_dir: str
) -> None:
    library_load()
    walks = {lang: _walk(browser, live_server.url, lang, screenshot_dir) for lang in ("en", "ru", "es")}
    english = walks["en"].texts
    problems = {}
    for lang in ("ru", "es"):
        for name, text in walks[lang].texts.items():
            left = _leftovers(english.get(name, ""), text)
            if left:
                problems[f"{lang}/{name}"] = sorted(left)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


CHART_TEXT_OUTSIDE = """() => {
  const out = [];
  document.querySelectorAll("[data-chart] svg").forEach((svg) => {
    const box = svg.getBoundingClientRect();  // the drawing: what lies past it is cut off
    svg.querySelectorAll(".role-legend text, .role-axis-title text, .role-title text").forEach((t) => {
      const r = t.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) out.push(t.textContent);
    });
  });
  return out;
}"""


@pytest.mark.parametrize("lang", ["ru", "es"])
def test_chart_legends_and_titles_stay_inside_their_charts_on_a_phone(
    browser: Any, live_server: Any, filled: Any, lang: str
) -> None:
    """A legend in one row and an axis title wider than the plot ran past a phone's chart and were
    cut off (the home's segment coverage read "Número de puntos de contac", legend "Audi")."""
    from touchpoints.lib.testing_browser import phone_page

    # A long segment name: its label pushes the plot, and so the legend under it, to the right.
    filled.world.workspace.segments.update(name="Pacientes que vuelven a la clínica")
    path = f"/w/{filled.world.slug}/home/"
    page = phone_page(browser, live_server.url, "owner", "pw-" + "owner" * 2, path, language=lang)
    page.wait_for_selector("#widget-segments svg.marks", timeout=20000)
    page.wait_for_timeout(500)  # the other widgets' charts
    assert page.locator("[data-chart] svg.marks").count() >= 5
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
    # The audit's results: the touchpoints' long names and the brands' legend beside the plot left
    # the plot no room and ran off the chart.
    page.goto(f"{live_server.url}/w/{filled.world.slug}/audits/{filled.audit.pk}/results/")
    page.wait_for_selector("#chart-stages svg.marks", timeout=20000)
    page.wait_for_timeout(500)
    assert page.locator("[data-chart] svg.marks").count() >= 2
    assert page.evaluate(CHART_TEXT_OUTSIDE) == []
    page.close()


def test_a_chart_wider_than_a_phone_scrolls_in_its_box_at_full_size(
    browser: Any, live_server: Any, filled: Any
) -> None:
    """The heat map of touchpoints × criteria is wider than a phone: shrunk to the screen's width its
    scores and names were 5 px high. It keeps its size and scrolls inside its box; the page does not."""
    from touchpoints.lib.testing_browser import phone_page, scrolls_sideways, shrunk_charts

    path = f"/w/{filled.world.slug}/audits/{filled.audit.pk}/results/"
    page = phone_page(browser, live_server.url, "owner", "pw-" + "owner" * 2, path, language="es", width=360)
    page.wait_for_selector("#chart-heatmap svg.marks", timeout=20000)
    box = page.evaluate(
        """() => { const el = document.querySelector("#chart-heatmap");
        return [el.scrollWidth, el.clientWidth]; }"""
    )
    assert box[0] > box[1]  # wider than the phone: it scrolls in its box
    assert shrunk_charts(page) == []
    assert not scrolls_sideways(page)
    page.close()


@pytest.mark.parametrize("path", ["touchpoints/import/", "priorities/benchmark/", "analytics/runs/{run}/"])
def test_desk_pages_fit_the_smallest_phone_in_russian(browser: Any, live_server: Any, filled: Any, path: str) -> None:
    """At 320 px the import page's column help, the market weight table and an analysis run's
    two-column cards (300 px minimum) were wider than the screen."""
    from touchpoints.analytics.models import AnalysisRun
    from touchpoints.lib.testing_browser import phone_page, scrolls_sideways

    run = AnalysisRun.objects.get(workspace=filled.world.workspace)
    address = f"/w/{filled.world.slug}/" + path.format(run=run.pk)
    page = phone_page(browser, live_server.url, "owner", "pw-" + "owner" * 2, address, language="ru", width=320)
    assert page.locator("main").inner_text()
    assert not scrolls_sideways(page)
    page.close()


ARIA_LABELS = """() => Array.from(document.querySelectorAll("[data-chart] [aria-label]"))
  .map((e) => e.getAttribute("aria-label")).filter(Boolean)"""


def test_a_screen_reader_hears_the_home_charts_in_russian(browser: Any, live_server: Any, filled: Any) -> None:
    """Vega wrote English sentences into the charts' aria-labels ("X-axis titled '…' for a linear
    scale", "Vega visualization") and described marks by raw field names ("url: /w/…",
    "label: …", "criterion: …"); now the chart, its axes and legends are named in the page's
    language (``lib.charts.aria_words``), each chart by its card's title, and each mark is read as
    its tooltip."""
    from django.utils import translation

    from touchpoints.dashboard import widgets
    from touchpoints.lib.charts import aria_words
    from touchpoints.lib.testing_browser import browser_login

    with translation.override("ru"):
        words = aria_words()
        titles = {str(widget.title) for widget in widgets.REGISTRY.values()}
    page = browser.new_page(viewport=DESKTOP)
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": live_server.url}])
    browser_login(page, live_server.url, "owner", "pw-" + "owner" * 2)
    page.goto(f"{live_server.url}/w/{filled.world.slug}/home/")
    page.wait_for_selector("#widget-segments svg.marks", timeout=20000)
    page.wait_for_timeout(1000)  # the other widgets' charts
    charts = page.locator("[data-chart] svg.marks").count()
    assert charts >= 5
    labels: list[str] = page.evaluate(ARIA_LABELS)
    page.close()
    roots = [label for label in labels if label in titles]
    axes = [label for label in labels if label.split(":")[0] in (words.x_axis, words.y_axis)]
    legends = [label for label in labels if label.split(":")[0] == words.legend]
    marks = [label for label in labels if label not in roots + axes + legends]
    assert len(roots) == charts and axes and legends and marks, labels
    assert any(re.search(r": [А-Яа-яЁё]", axis) for axis in axes), axes  # a Russian title
    for label in labels:
        text = label
        for word in (words.chart, words.x_axis, words.y_axis, words.legend):  # the catalogue's
            text = text.replace(word, "")
        for english in ("axis", "titled", "scale", "Vega visualization", "legend", "mark", "url:", "label:"):
            assert english not in text, (english, label)
        assert not re.search(r"\b[a-z_]+:", text), label  # a raw field name
    for mark in marks:
        assert re.search(r"[А-Яа-яЁё]{3}", mark), mark  # read under Russian titles
