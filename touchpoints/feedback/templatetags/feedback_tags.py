from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from touchpoints.lib.i18n import grouped

register = template.Library()
EMPTY_CELL = format_html('<td class="fb-cell"><span class="muted">{}</span></td>', "–")


@register.filter
def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


@register.filter
def signed(value: float | None) -> str:
    """+0,70 / −0,28: two decimals with a sign, in the reader's language."""
    return "–" if value is None else f"{value:+.2f}".replace("-", "−").replace(".", _separator(get_language()))


@register.filter
def one(value: float | None) -> str:
    """6,3: one decimal, in the reader's language."""
    return "–" if value is None else f"{value:.1f}".replace(".", _separator(get_language()))


@lru_cache(maxsize=8)
def _separator(lang: str) -> str:
    """The decimal separator of a language, read once (a results page formats hundreds of numbers)."""
    return str(get_format("DECIMAL_SEPARATOR", lang))


@register.filter
def tone(value: float | None) -> str:
    """A class for a mean positivity: good, so-so or bad."""
    if value is None:
        return "none"
    return "good" if value >= 0.5 else "bad" if value < 0 else "meh"


@register.simple_tag
def fb_cell(cell: Any, minimum: int) -> SafeString:
    """One results cell: mean positivity · mean likelihood, a positive / neutral / negative bar, the
    shares and the count, flagged when there are too few answers. Built here rather than with an
    included template: a results page has hundreds of cells. Only numbers formatted here and the
    translated labels go into it, escaped by ``format_html``."""
    if not cell.n:
        return EMPTY_CELL
    p, u, n = pct(cell.share_pos), pct(cell.share_neu), pct(cell.share_neg)
    few = cell.n < minimum
    mean_pos, mean_like, bar, too_few = _labels(get_language())
    return format_html(
        '<td class="fb-cell{}"><span class="{}" title="{}">{}</span> · <span title="{}">{}</span>'
        '<span class="fb-bar" role="img" aria-label="{}"><i class="p" style="width:{}%"></i>'
        '<i class="u" style="width:{}%"></i><i class="n" style="width:{}%"></i></span>'
        "<small>{} / {} / {} · {}</small>{}</td>",
        " few" if few else "",
        tone(cell.mean_pos),
        mean_pos,
        signed(cell.mean_pos),
        mean_like,
        one(cell.mean_like),
        bar % {"p": p, "u": u, "n": n},
        round(100 * cell.n_pos / cell.n),
        round(100 * cell.n_neu / cell.n),
        round(100 * cell.n_neg / cell.n),
        p,
        u,
        n,
        ngettext("%(n)s answer", "%(n)s answers", cell.n) % {"n": grouped(cell.n)},
        too_few if few else "",
    )


@lru_cache(maxsize=8)
def _labels(lang: str) -> tuple[str, str, str, SafeString]:
    """The cell's fixed texts, translated once per language (not once per cell)."""
    return (
        _("Mean positivity (−2…+2)"),
        _("Mean likelihood (0–10)"),
        _("%(p)s positive, %(u)s neutral, %(n)s negative"),
        format_html('<span class="fb-few">⚠ {}</span>', _("too few to trust")),
    )
