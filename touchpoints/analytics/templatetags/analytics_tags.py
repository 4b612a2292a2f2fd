from __future__ import annotations

from typing import Any

from django import template

from touchpoints.analytics import report
from touchpoints.analytics.choices import model_label
from touchpoints.analytics.uploads import human_size

register = template.Library()


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    return report.percent(value, int(digits)) if value is not None else "—"


@register.filter
def num(value: Any, digits: int = 1) -> str:
    return report.num(value, int(digits)) if value is not None else "—"


@register.filter
def dur(value: Any) -> str:
    return report.duration(value)


@register.filter
def size(value: Any) -> str:
    return human_size(value)


@register.filter
def modellabel(value: str) -> str:
    return model_label(value)


@register.filter
def bar(value: Any) -> str:
    """A 0–1 fraction as a CSS width."""
    try:
        return f"{max(0.0, min(1.0, float(value))) * 100:.1f}%"
    except (TypeError, ValueError):
        return "0%"
