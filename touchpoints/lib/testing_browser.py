"""Helpers of the real-browser tests (Playwright with Debian's Chromium): signing in, a page as a
phone shows it, and what a reader of that page would notice (a page wider than the screen, a chart
shrunk with its text)."""

from __future__ import annotations

from typing import Any


def browser_login(page: Any, base: str, username: str, password: str) -> None:
    """Signs in through the login page of a real browser (Playwright) and waits for the home page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button.btn")
    page.wait_for_url(f"{base}/")


PHONE = {"width": 390, "height": 844}


def phone_page(
    browser: Any, base: str, username: str, password: str, path: str, *, language: str = "", width: int = 390
) -> Any:
    """A new page the size of a phone (390×844 unless ``width`` says a smaller one, 320 or 360),
    signed in as ``username``, in ``language`` when one is given, and showing ``path``. Not a mobile
    browser's emulation: that zooms out to show what is too wide, which hides the overflow."""
    page = browser.new_page(viewport={**PHONE, "width": width})
    if language:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    browser_login(page, base, username, password)
    page.goto(f"{base}{path}")
    return page


def shrunk_charts(page: Any) -> list[str]:
    """The charts of the page drawn wider than they are shown, which the browser shrinks with their
    text (a chart of a fixed 560 px on a 390 px phone): their ids."""
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll("[data-chart] svg.marks"))
              .filter((svg) => Number(svg.getAttribute("width")) > svg.getBoundingClientRect().width + 1)
              .map((svg) => svg.closest("[data-chart]").getAttribute("data-chart"))"""
        )
    )


def scrolls_sideways(page: Any) -> bool:
    """True when the page is wider than the window (the reader has to scroll sideways)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))
