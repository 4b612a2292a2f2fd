from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


@register.filter
def signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}".replace("-", "−")


@register.filter
def one(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def tone(value: float | None) -> str:
    """A class for a mean positivity: good, so-so or bad."""
    if value is None:
        return "none"
    return "good" if value >= 0.5 else "bad" if value < 0 else "meh"
