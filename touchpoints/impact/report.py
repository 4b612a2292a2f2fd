"""What the impact page and exports show: rows, the chart, the plain-words reading, the what-if."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.impact.choices import UNIT_LABELS, ImpactSource
from touchpoints.impact.selectors import ImpactFigure
from touchpoints.lib import vega
from touchpoints.lib.exporting import Table
from touchpoints.lib.i18n import figure


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def source_label(source: str) -> str:
    try:
        return str(ImpactSource(source).label)
    except ValueError:
        return source


@dataclass
class Row:
    touchpoint_id: int
    name: str
    figure: ImpactFigure

    @property
    def importance_share(self) -> float | None:
        return self.figure.details.get("importance_share")

    @property
    def shapley_share(self) -> float | None:
        """The touchpoint's Shapley value of R² over the R² (exact up to 12 touchpoints)."""
        value, total = self.figure.details.get("shapley_r2"), self.figure.details.get("r_squared")
        return float(value) / float(total) if value is not None and total else None


def rows(figures: dict[int, ImpactFigure], names: dict[int, str]) -> list[Row]:
    out = [Row(tp, names.get(tp, f"#{tp}"), f) for tp, f in figures.items()]
    return sorted(out, key=lambda r: (-r.figure.value, r.name))


# The most characters of a name a bar's label shows (about what fits the axis's 260 px).
LABEL_CHARS = 42


def bar_labels(names: list[str]) -> list[str]:
    """A label per bar: the name, or when it is long its start and its end around an ellipsis, so
    two long names that begin alike ("Запись на приём по телефону …", "… через сайт") stay two
    different rows; a label that still repeats gets a number."""
    labels: list[str] = []
    for name in names:
        label = name if len(name) <= LABEL_CHARS else f"{name[: LABEL_CHARS - 15].rstrip()}…{name[-14:].lstrip()}"
        base, n = label, 1
        while label in labels:
            n += 1
            label = f"{base} ({n})"
        labels.append(label)
    return labels


def chart_spec(rows_: list[Row], title_value: str) -> dict[str, Any]:
    """Bars with interval whiskers, sorted by impact; hovering a bar or its whisker gives the
    touchpoint's whole name and the figures."""
    labels = bar_labels([r.name for r in rows_])
    data = [
        {
            "label": label,
            "touchpoint": r.name,
            "value": r.figure.value,
            "low": r.figure.low if r.figure.low is not None else r.figure.value,
            "high": r.figure.high if r.figure.high is not None else r.figure.value,
        }
        for r, label in zip(rows_, labels, strict=True)
    ]
    y = {"field": "label", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 260}}
    tooltip = vega.tooltip(
        ("touchpoint", _("Touchpoint")),
        ("value", title_value, ".3f"),
        ("low", _("Lower bound"), ".3f"),
        ("high", _("Upper bound"), ".3f"),
    )
    return {
        "data": {"values": data},
        **vega.sized({"step": 22}),
        "layer": [
            {
                "mark": {"type": "bar", "color": vega.ACCENT, "opacity": 0.8},
                "encoding": {
                    "y": y,
                    "x": {"field": "value", "type": "quantitative", "title": title_value},
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "rule", "color": vega.INK},
                "encoding": {
                    "y": y,
                    "x": {"field": "low", "type": "quantitative"},
                    "x2": {"field": "high"},
                    "tooltip": tooltip,
                },
            },
        ],
    }


def reading(rows_: list[Row]) -> str:
    """A plain-words reading of survey key drivers, from translatable templates."""
    if not rows_:
        return ""
    ranked = sorted(rows_, key=lambda r: -r.figure.value)
    if len(ranked) == 1:
        return _(
            "Only %(most)s has enough answers: one step more positive there moves the likelihood to choose "
            "by %(value)s points."
        ) % {"most": ranked[0].name, "value": figure(ranked[0].figure.value, 2)}
    most, least = ranked[0], ranked[-1]
    text = _(
        "A better %(most)s moves the likelihood to choose most (%(most_value)s points per step); "
        "%(least)s moves it least (%(least_value)s)."
    ) % {
        "most": most.name,
        "most_value": figure(most.figure.value, 2),
        "least": least.name,
        "least_value": figure(least.figure.value, 2),
    }
    unsure = [r.name for r in ranked if r.figure.low is not None and r.figure.low <= 0 <= (r.figure.high or 0)]
    if unsure:
        text += " " + _("For %(names)s the answers cannot tell the effect from none.") % {
            "names": ", ".join(unsure[:5])
        }
    return text


@dataclass
class WhatIf:
    name: str
    survey_improve: list[float] | None  # change, low, high (likelihood points, mean over those who met it)
    survey_remove: list[float] | None
    logs_remove: list[float] | None  # change in conversions (negative: lost)
    logs_conversions: int | None

    @staticmethod
    def _text(triple: list[float] | None, digits: int) -> tuple[str, str, str] | None:
        if not triple or triple[0] is None:
            return None
        change, low, high = triple
        sign = "+" if change > 0 else ""
        return sign + figure(change, digits), figure(low, digits), figure(high, digits)

    @property
    def survey_improve_text(self) -> tuple[str, str, str] | None:
        return self._text(self.survey_improve, 2)

    @property
    def survey_remove_text(self) -> tuple[str, str, str] | None:
        return self._text(self.survey_remove, 2)

    @property
    def logs_remove_text(self) -> tuple[str, str, str] | None:
        return self._text(self.logs_remove, 1)


def what_if(name: str, by_source: dict[str, dict[int, ImpactFigure]], touchpoint_id: int) -> WhatIf:
    survey = by_source.get(ImpactSource.SURVEY, {}).get(touchpoint_id)
    logs = by_source.get(ImpactSource.LOGS, {}).get(touchpoint_id)
    return WhatIf(
        name=name,
        survey_improve=survey.details.get("improve") if survey else None,
        survey_remove=survey.details.get("remove") if survey else None,
        logs_remove=logs.details.get("remove") if logs else None,
        logs_conversions=logs.details.get("conversions") if logs else None,
    )


def export_table(rows_: list[Row], source: str) -> Table:
    return Table(
        name=f"impact-{source}",
        columns=[
            _("Touchpoint id"),
            _("Touchpoint"),
            _("Impact"),
            _("Lower bound"),
            _("Upper bound"),
            _("Unit"),
            _("Source"),
            _("Computed"),
            pgettext("impact source", "From"),
            _("Reason"),
            _("Share of importance"),
            _("Shapley share of R²"),
        ],
        keys=[
            "touchpoint_id",
            "touchpoint",
            "value",
            "low",
            "high",
            "unit",
            "source",
            "computed_at",
            "origin",
            "reason",
            "importance_share",
            "shapley_share",
        ],
        rows=[
            [
                r.touchpoint_id,
                r.name,
                r.figure.value,
                r.figure.low,
                r.figure.high,
                r.figure.unit,
                r.figure.source,
                r.figure.date.isoformat(),
                r.figure.origin_label or r.figure.origin,
                r.figure.reason,
                r.importance_share,
                r.shapley_share,
            ]
            for r in rows_
        ],
    )
