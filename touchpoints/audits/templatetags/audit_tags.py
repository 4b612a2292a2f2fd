from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def score(value: Any, digits: int = 0) -> str:
    """A 0–100 figure for people: rounded, or a dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def number(value: Any) -> str:
    """1 → "1", 1.5 → "1.5", 1.25 → "1.25"."""
    if value is None:
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return "—"
    v = round(float(value))
    return f"+{v}" if v > 0 else ("±0" if v == 0 else f"−{abs(v)}")


@register.filter
def tone(value: Any) -> str:
    """CSS class for a 0–100 score: bad below 50, fair below 75, good from 75."""
    if value is None:
        return "none"
    v = float(value)
    return "bad" if v < 50 else ("fair" if v < 75 else "good")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
