"""What the results page shows and exports, built from computed results and plain label maps:
Vega-Lite specs (heat map, stage bars, brands side by side, trend) and export tables. No ORM."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from touchpoints.audits import comparisons, scoring
from touchpoints.audits.comparisons import Column
from touchpoints.lib import vega
from touchpoints.lib.exporting import Table

HEAT_ROWS_PER_KIND = 25


def fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


@dataclass
class HeatGroup:
    kind: str
    label: str
    touchpoints: list[scoring.TouchpointResult]
    shown: int


def heat_groups(
    results: Sequence[scoring.TouchpointResult],
    criterion_kind: Mapping[int, str],
    kind_labels: Mapping[str, str],
    limit: int | None = HEAT_ROWS_PER_KIND,
) -> list[HeatGroup]:
    """Touchpoints grouped by the kind of their checklist (worst first within a group), so each
    heat map has the criteria of one kind as its columns."""
    groups: dict[str, list[scoring.TouchpointResult]] = defaultdict(list)
    for r in scoring.worst_first(results):
        kinds = [criterion_kind.get(cid, "") for cid in r.criteria]
        if not kinds:
            continue
        kind = max(set(kinds), key=kinds.count)
        groups[kind].append(r)
    out = [HeatGroup(k, kind_labels.get(k, k), rows, min(len(rows), limit or len(rows))) for k, rows in groups.items()]
    return sorted(out, key=lambda g: (-len(g.touchpoints), g.label))


def heatmap_spec(
    groups: Sequence[HeatGroup], criterion_label: Mapping[int, str], *, limit: int | None = HEAT_ROWS_PER_KIND
) -> dict[str, Any]:
    charts = []
    for group in groups:
        rows = group.touchpoints[:limit] if limit else group.touchpoints
        values = []
        for order, r in enumerate(rows):
            for cid, value in r.criteria.items():
                values.append(
                    {
                        "touchpoint": f"{r.position + 1}. {r.name}",
                        "criterion": criterion_label.get(cid, str(cid)),
                        "value": None if value is None else round(value, 1),
                        "na": cid in r.na_criteria,
                        "order": order,
                    }
                )
        charts.append(
            {
                "title": {"text": group.label, "anchor": "start", "fontSize": 13},
                "data": {"values": values},
                "width": {"step": 34},
                "height": {"step": 20},
                "layer": [
                    {
                        "mark": {"type": "rect", "stroke": "#fff"},
                        "encoding": {
                            "color": {
                                "condition": {"test": "datum.value === null", "value": vega.FAINT},
                                "field": "value",
                                "type": "quantitative",
                                "title": _("Score"),
                                "scale": vega.SCORE_SCALE,
                            },
                        },
                    },
                    {
                        "mark": {"type": "text", "fontSize": 10},
                        "encoding": {
                            "text": {
                                "condition": [
                                    {"test": "datum.na", "value": "n/a"},
                                    {"test": "datum.value === null", "value": ""},
                                ],
                                "field": "value",
                                "type": "quantitative",
                                "format": ".0f",
                            },
                            "color": {"value": vega.INK},
                        },
                    },
                ],
                "encoding": {
                    **vega.grid_axes("criterion", "touchpoint", column_labels=160, row_labels=240),
                    "tooltip": vega.tooltip(
                        ("touchpoint", _("Touchpoint")), ("criterion", _("Criterion")), ("value", _("Score"), ".1f")
                    ),
                },
            }
        )
    return {"vconcat": charts, "resolve": {"scale": {"x": "independent", "y": "independent", "color": "shared"}}}


def stage_curve_spec(
    series: Sequence[tuple[str, str, Sequence[scoring.GroupScore]]], labels: Mapping[str, str]
) -> dict[str, Any]:
    """The experience along the five purchase stages: one line per audit (this one, the previous
    one, competitors), each on this audit's touchpoints. series: (name, colour, stage scores)."""
    values = [
        {"stage": str(labels.get(g.key, g.key)), "order": i, "audit": name, "score": round(g.score, 1), "n": g.scored}
        for name, _color, groups in series
        for i, g in enumerate(groups)
        if g.score is not None
    ]
    names = [name for name, _c, _g in series]
    legend = {"orient": "bottom", "columns": 1}
    return {
        "data": {"values": values},
        **vega.sized(vega.MEDIUM),
        "mark": {"type": "line", "point": {"size": 60}, "strokeWidth": 2.5},
        "encoding": {
            "x": {
                "field": "stage",
                "type": "ordinal",
                "title": None,
                "sort": {"field": "order"},
                "axis": {"labelAngle": -20, "labelLimit": 130},
            },
            "y": {"field": "score", "type": "quantitative", "title": _("Score, 0–100"), "scale": {"domain": [0, 100]}},
            # One legend for both: each audit's colour with its dash (Vega-Lite merges legends of the
            # same field when they are alike; hiding one of them conflicts).
            "color": {
                "field": "audit",
                "type": "nominal",
                "title": None,
                "legend": legend,
                "scale": vega.colour_scale(names, {name: color for name, color, _g in series}),
            },
            "strokeDash": {
                "field": "audit",
                "type": "nominal",
                "title": None,
                "legend": legend,
                "scale": {"domain": names, "range": [[1, 0]] + [[5, 3]] * (len(names) - 1)},
            },
            "tooltip": vega.tooltip(
                ("audit", vega.UNTITLED),
                ("stage", vega.UNTITLED),
                ("score", _("Score")),
                ("n", _("Touchpoints scored")),
            ),
        },
    }


def brands_spec(
    rows: Sequence[comparisons.SideBySideRow[Column]],
    names: Mapping[int, str],
    columns: Mapping[Column, str],
    colors: Mapping[Column, str],
) -> dict[str, Any]:
    values = [
        {"touchpoint": names.get(r.touchpoint_id, str(r.touchpoint_id)), "brand": columns[col], "score": round(v, 1)}
        for r in rows
        for col, v in r.scores.items()
        if v is not None
    ]
    return {
        "data": {"values": values},
        **vega.sized({"step": 22}),
        "mark": {"type": "point", "filled": True, "size": 90},
        "encoding": {
            "y": {"field": "touchpoint", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 240}},
            "x": {"field": "score", "type": "quantitative", "title": _("Score, 0–100"), "scale": {"domain": [0, 100]}},
            "color": {
                "field": "brand",
                "type": "nominal",
                "title": _("Brand"),
                "scale": vega.colour_scale(columns.values(), {columns[k]: colors[k] for k in columns}),
            },
            "tooltip": vega.tooltip(
                ("touchpoint", _("Touchpoint")), ("brand", _("Brand")), ("score", _("Score, 0–100"), ".1f")
            ),
        },
    }


def trend_spec(points: Sequence[dict[str, Any]], colors: Mapping[str, str]) -> dict[str, Any]:
    """points: {"date": iso date, "brand": name, "score": 0–100, "audit": name}."""
    brands = list(dict.fromkeys(p["brand"] for p in points))
    return {
        "data": {"values": list(points)},
        **vega.sized(vega.SMALL),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": None},
            "y": {"field": "score", "type": "quantitative", "title": _("Overall score"), "scale": {"domain": [0, 100]}},
            "color": {
                "field": "brand",
                "type": "nominal",
                "title": _("Brand"),
                "scale": vega.colour_scale(brands, colors),
            },
            "tooltip": vega.tooltip(
                ("audit", _("Audit")),
                vega.tip("date", _("Date"), type="temporal"),
                ("score", _("Overall score"), ".1f"),
            ),
        },
    }


def touchpoint_table(
    results: scoring.AuditResults,
    touchpoints: Mapping[int, Mapping[str, Any]],
    labels: Mapping[str, Mapping[str, str]],
    impression_labels: Mapping[str, str],
) -> Table:
    columns = [
        _("Rank (worst first)"),
        _("Position"),
        _("Touchpoint"),
        _("Code"),
        _("Stages"),
        _("Area"),
        _("Channel"),
        _("Score, 0–100"),
        _("Impression"),
        _("Failed to impress"),
        _("Expectation, 0–100"),
        _("Gap to expectation"),
        _("Ideal, 0–100"),
        _("Gap to ideal"),
        _("Criteria answered"),
        _("Criteria"),
        _("Not applicable"),
    ]
    keys = [
        "rank",
        "position",
        "touchpoint",
        "code",
        "stages",
        "area",
        "channel",
        "score",
        "impression",
        "failed_to_impress",
        "expectation",
        "gap_expectation",
        "ideal",
        "gap_ideal",
        "answered",
        "criteria",
        "not_applicable",
    ]
    rank = {r.touchpoint_id: i + 1 for i, r in enumerate(results.worst_first)}

    def num(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    rows = []
    for r in sorted(results.touchpoints, key=lambda r: (rank.get(r.touchpoint_id, 10**9), r.position)):
        tp = touchpoints.get(r.touchpoint_id, {})
        rows.append(
            [
                rank.get(r.touchpoint_id),
                r.position + 1,
                r.name,
                tp.get("code", ""),
                ", ".join(str(labels["stage"].get(s, s)) for s in r.stages),
                str(labels["area"].get(r.area, r.area)),
                str(labels["channel"].get(r.channel, r.channel)),
                num(r.score),
                str(impression_labels.get(r.impression, r.impression)),
                _("yes") if r.failed_to_impress else "",
                num(r.expectation),
                num(r.gap_expectation),
                num(r.ideal) if r.score is not None else None,
                num(r.gap_ideal),
                r.answered,
                len(r.criteria),
                _("yes") if r.not_applicable else "",
            ]
        )
    return Table(name=pgettext("audit results", "Touchpoints"), columns=columns, rows=rows, keys=keys)


def groups_table(name: str, groups: Sequence[scoring.GroupScore], labels: Mapping[str, str]) -> Table:
    return Table(
        name=name,
        columns=[name, _("Score, 0–100"), _("Touchpoints scored"), pgettext("audit results", "Touchpoints")],
        keys=["group", "score", "scored", "total"],
        rows=[
            [str(labels.get(g.key, g.key)), None if g.score is None else round(g.score, 2), g.scored, g.total]
            for g in groups
        ],
    )


def answers_table(rows: Sequence[Sequence[Any]]) -> Table:
    return Table(
        name=_("Answers"),
        columns=[
            _("Position"),
            _("Touchpoint"),
            _("Criterion"),
            _("Weight"),
            _("Auditor"),
            _("Answer as given"),
            _("Score, 0–100"),
            _("Not applicable"),
        ],
        keys=["position", "touchpoint", "criterion", "weight", "auditor", "raw", "score", "not_applicable"],
        rows=rows,
    )
