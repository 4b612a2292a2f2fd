"""Labels and explanations for the pages (translated; the pure modules stay language-free)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from touchpoints.inventory import choices as ic
from touchpoints.lib.i18n import grouped
from touchpoints.priorities import formula, market
from touchpoints.priorities.benchmark import BenchmarkMatrix, BenchRow
from touchpoints.priorities.choices import QUADRANT_COLORS, Quadrant

FACTOR_LABELS = {
    formula.EXPERIENCE: gettext_lazy("experience (no audit score yet)"),
    formula.IMPACT: gettext_lazy("impact (no estimate yet)"),
    formula.COST: gettext_lazy("cost (no effort or money estimate yet)"),
}
MARKET_LABELS = {
    market.COMPETITORS: gettext_lazy("Number of competitors"),
    market.NEW_CUSTOMERS: gettext_lazy("Share of new customers"),
    market.BRAND: gettext_lazy("Brand strength (weaker: matters more)"),
    market.LOYALTY: gettext_lazy("Customer loyalty (lower: matters more)"),
    market.SIZE: gettext_lazy("Company size (smaller: matters more)"),
}
LEVEL_LABELS = {
    market.LOW: gettext_lazy("low"),
    market.MEDIUM: gettext_lazy("medium"),
    market.HIGH: gettext_lazy("high"),
}


def number_formatter() -> Any:
    """A cheap localised number format for long tables (the decimal separator read once)."""
    from django.utils.formats import get_format

    sep = get_format("DECIMAL_SEPARATOR")

    def fmt(value: float | None, digits: int = 2) -> str:
        return "" if value is None else f"{value:.{digits}f}".replace(".", sep)

    return fmt


def decorate_rows(rows: list[formula.PriorityRow], *, slug: str) -> list[formula.PriorityRow]:
    """Adds what the template shows: formatted factors, links, missing factors, quadrant label
    and colour, stage labels."""
    from django.urls import reverse

    quadrants = dict(Quadrant.choices)
    stages, areas = dict(ic.Stage.choices), dict(ic.Area.choices)
    fmt = number_formatter()
    tp_url = reverse("inventory:detail", args=[slug, 999999999]).replace("999999999", "{}")
    edit_url = reverse("priorities:estimate", args=[slug, 999999999]).replace("999999999", "{}")
    for r in rows:
        r.url = tp_url.format(r.touchpoint_id)  # type: ignore[attr-defined]
        r.edit_url = edit_url.format(r.touchpoint_id)  # type: ignore[attr-defined]
        f = {
            "experience": fmt(r.factors.experience),
            "impact": fmt(r.factors.impact),
            "cost": fmt(r.factors.cost),
            "score": fmt(r.score, 1),
            "own": fmt(r.own_score, 0),
            "money": "" if r.cost is None else grouped(round(r.cost)),
            # A measured impact's uncertainty (a manual estimate has none).
            "impact_range": f"{fmt(r.impact_low)}–{fmt(r.impact_high)}"
            if r.impact_low is not None and r.impact_high is not None and r.impact_low != r.impact_high
            else "",
        }
        f["experience_score"] = fmt(r.experience_score, 0)
        f["feedback_mean"] = ("+" if (r.feedback_mean or 0) > 0 else "") + fmt(r.feedback_mean)
        f["feedback_score"] = fmt(r.feedback_score, 0)
        # The display fields are added for the template only: PriorityRow stays the pure
        # formula's result.
        r.f = f  # type: ignore[attr-defined]
        r.impact_source_label = impact_source_label(r)  # type: ignore[attr-defined]
        r.impact_measured = _measured_text(r, fmt)  # type: ignore[attr-defined]
        r.missing_labels = [str(FACTOR_LABELS[m]) for m in r.missing]  # type: ignore[attr-defined]
        r.quadrant_label = str(quadrants[r.quadrant]) if r.quadrant else ""  # type: ignore[attr-defined]
        r.quadrant_color = QUADRANT_COLORS.get(r.quadrant or "", "#98a2b3")  # type: ignore[attr-defined]
        r.stage_labels = [str(stages.get(s, s)) for s in r.stages]  # type: ignore[attr-defined]
        r.area_label = str(areas.get(r.area, r.area)) if r.area else ""  # type: ignore[attr-defined]
        r.lacking_rivals = r.lacking and bool(r.rivals_with_it)  # type: ignore[attr-defined]
    return rows


def impact_source_label(r: formula.PriorityRow) -> str:
    """Survey key drivers / log attribution / a person's estimate (impact page) / the team's
    1–5 estimate (this page)."""
    from touchpoints.impact.choices import ImpactSource

    if not r.impact_source:
        return ""
    if r.impact_estimate is not None:
        return _("estimated by the team")
    if r.impact_source == ImpactSource.MANUAL:
        return _("manual estimate on the impact page")
    return str(dict(ImpactSource.choices).get(r.impact_source, r.impact_source))


def _measured_text(r: formula.PriorityRow, fmt: Any) -> str:
    """The measured figure in its own unit with its interval, e.g. “0.80 (0.50–1.10) likelihood
    points per step”; empty for the team's 1–5 estimate."""
    from touchpoints.impact.choices import UNIT_LABELS

    if r.impact_raw is None:
        return ""
    text = fmt(r.impact_raw)
    if r.impact_raw_low is not None and r.impact_raw_high is not None:
        text += f" ({fmt(r.impact_raw_low)}–{fmt(r.impact_raw_high)})"
    unit = str(UNIT_LABELS.get(r.impact_unit, r.impact_unit))
    return f"{text} {unit}".strip()


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}"


def feedback_text(fig: Any, fmt: Any) -> str:
    """One benchmark cell's customers' figures in a line, e.g. “customers: +0.60 · 60/20/20 % ·
    likelihood 7.20 · 120 answers”; “(too few answers)” below the feedback app's minimum."""
    if fig is None:
        return ""
    text = _("customers: %(mean)s · %(pos)s/%(neu)s/%(neg)s %% · likelihood %(like)s") % {
        "mean": ("+" if (fig.mean_pos or 0) > 0 else "") + fmt(fig.mean_pos),
        "pos": _pct(fig.share_pos),
        "neu": _pct(fig.share_neu),
        "neg": _pct(fig.share_neg),
        "like": fmt(fig.mean_like),
    }
    answers = ngettext("%(n)s answer", "%(n)s answers", fig.n) % {"n": grouped(fig.n)}
    text = f"{text} · {answers}"
    if not fig.enough:
        text += " " + _("(too few answers)")
    return text


def bench_rows(matrix: BenchmarkMatrix, rows: list[BenchRow]) -> list[dict[str, Any]]:
    stages, statuses = dict(ic.Stage.choices), dict(ic.PresenceStatus.choices)
    fmt = number_formatter()
    return [
        {
            "r": r,
            "cells": [
                (b, r.cells[b.id], statuses.get(r.cells[b.id].status, ""), feedback_text(r.cells[b.id].feedback, fmt))
                for b in matrix.brands
            ],
            "stages": [str(stages.get(s, s)) for s in r.stages],
        }
        for r in rows
    ]


def group_table(matrix: BenchmarkMatrix, by: str) -> list[dict[str, Any]]:
    groups = matrix.by_area if by == "area" else matrix.by_stage
    labels = dict(ic.Area.choices) if by == "area" else dict(ic.Stage.choices)
    return [
        {
            "label": str(labels.get(g.key, g.key)),
            "n": g.touchpoints,
            "cells": [(b, g.present.get(b.id, 0), g.scores.get(b.id)) for b in matrix.brands],
        }
        for g in groups
    ]


def market_rows(weight: market.MarketWeight) -> list[dict[str, Any]]:
    return [
        {
            "label": str(MARKET_LABELS[c.name]),
            "weight": c.weight,
            "value": None if c.value is None else round(c.value, 2),
            "contribution": c.contribution,
        }
        for c in weight.components
    ]


def market_level(weight: market.MarketWeight) -> str:
    return str(LEVEL_LABELS[weight.level]) if weight.level else _("not known yet")
