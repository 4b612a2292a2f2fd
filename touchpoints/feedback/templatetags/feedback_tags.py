from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

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


@register.simple_tag
def fb_cell(cell: Any, minimum: int) -> str:
    """One results cell: mean positivity · mean likelihood, a positive / neutral / negative bar, the
    shares and the count, flagged when there are too few answers. Built here rather than with an
    included template: a results page has hundreds of cells. Only numbers formatted here and the
    (escaped, cached) translated labels go into it."""
    if not cell.n:
        return mark_safe('<td class="fb-cell"><span class="muted">–</span></td>')
    p, u, n = pct(cell.share_pos), pct(cell.share_neu), pct(cell.share_neg)
    few = cell.n < minimum
    mean_pos, mean_like, bar, too_few = _labels(get_language())
    count = escape(ngettext("%(n)s answer", "%(n)s answers", cell.n) % {"n": cell.n})
    return mark_safe(
        f'<td class="fb-cell{" few" if few else ""}"><span class="{tone(cell.mean_pos)}" title="{mean_pos}">'
        f'{signed(cell.mean_pos)}</span> · <span title="{mean_like}">{one(cell.mean_like)}</span>'
        f'<span class="fb-bar" role="img" aria-label="{escape(bar % {"p": p, "u": u, "n": n})}">'
        f'<i class="p" style="width:{round(100 * cell.n_pos / cell.n)}%"></i>'
        f'<i class="u" style="width:{round(100 * cell.n_neu / cell.n)}%"></i>'
        f'<i class="n" style="width:{round(100 * cell.n_neg / cell.n)}%"></i></span>'
        f"<small>{p} / {u} / {n} · {count}</small>{too_few if few else ''}</td>"
    )


@lru_cache(maxsize=8)
def _labels(lang: str) -> tuple[str, str, str, str]:
    """The cell's fixed texts, translated once per language (not once per cell)."""
    return (
        escape(_("Mean positivity (−2…+2)")),
        escape(_("Mean likelihood (0–10)")),
        _("%(p)s positive, %(u)s neutral, %(n)s negative"),
        format_html('<span class="fb-few">⚠ {}</span>', _("too few to trust")),
    )
