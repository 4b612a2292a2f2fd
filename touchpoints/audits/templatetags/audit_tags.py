from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
    steps = list(scale.steps)
    texts = [_label(step, words if scale.is_words else None) for step in steps]
    checked = steps.index(raw) if raw in steps else None
    return format_html(
        _chips_format(len(steps), checked),
        name,
        field,
        disabled,
        "",
        " checked",
        scale.code,
        label,
        *(value for pair in zip(steps, texts) for value in pair),
    )


@lru_cache(maxsize=64)
def _chips_format(count: int, checked: int | None) -> str:
    """The format string of a row of ``count`` chips for ``format_html``, which escapes every
    value once: {0} name, {1} field, {2} disabled, {3} "", {4} " checked", {5} the scale's code,
    {6} the row's label, then each step's value and text (the same name, field and flags are
    referred to by every chip instead of being passed and escaped again for each)."""
    chips = "".join(
        f'<label class="chip"><input type="radio" name="{{0}}" value="{{{7 + 2 * i}}}" data-field="{{1}}"'
        f"{{{4 if i == checked else 3}}}{{2}}><span>{{{8 + 2 * i}}}</span></label>"
        for i in range(count)
    )
    return f'<div class="chips {{5}}" role="radiogroup" aria-label="{{6}}">{chips}</div>'


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
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (step, " selected" if step == raw else "", _label(step, words if scale.is_words else None))
            for step in scale.steps
        ),
    )
    return format_html('<select data-field="{}"{}><option value="">—</option>{}</select>', field, disabled, options)
