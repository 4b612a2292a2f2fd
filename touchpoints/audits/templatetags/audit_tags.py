from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


# The scoring sheet repeats one input per criterion and step (25 touchpoints × 8 criteria × 10
# points is 2,000 chips a page); built here in Python rather than by nested template loops.


def _label(step: str, words: Any) -> str:
    return str(words.get(step, step)) if words else step


@register.simple_tag
def scale_input(
    scale: Any, name: str, raw: str, label: str, editable: bool, words: Any = None, field: str = "score"
) -> SafeString:
    """The answer input of one criterion on the audit's scale: chips, or a number for percent."""
    disabled = "" if editable else " disabled"
    if scale.code == "percent":
        return format_html(
            '<label class="percent"><input type="number" min="{}" max="{}" step="1" inputmode="numeric" '
            'data-field="{}" value="{}" aria-label="{}"{}> %</label>',
            scale.lowest,
            scale.highest,
            field,
            raw,
            label,
            disabled,
        )
    chips = "".join(
        f'<label class="chip"><input type="radio" name="{escape(name)}" value="{escape(step)}" data-field="{field}"'
        f"{' checked' if step == raw else ''}{disabled}><span>{escape(_label(step, words if scale.is_words else None))}"
        f"</span></label>"
        for step in scale.steps
    )
    return mark_safe(
        f'<div class="chips {escape(scale.code)}" role="radiogroup" aria-label="{escape(label)}">{chips}</div>'
    )


@register.simple_tag
def scale_select(scale: Any, field: str, raw: str, editable: bool, words: Any = None) -> SafeString:
    """A compact choice on the audit's scale (expectation, ideal): a select, or a number for percent."""
    disabled = "" if editable else " disabled"
    if scale.code == "percent":
        return format_html(
            '<input type="number" min="{}" max="{}" step="1" inputmode="numeric" data-field="{}" value="{}"{}>',
            scale.lowest,
            scale.highest,
            field,
            raw,
            disabled,
        )
    options = "".join(
        f'<option value="{escape(step)}"{" selected" if step == raw else ""}>'
        f"{escape(_label(step, words if scale.is_words else None))}</option>"
        for step in scale.steps
    )
    return mark_safe(f'<select data-field="{escape(field)}"{disabled}><option value="">—</option>{options}</select>')
