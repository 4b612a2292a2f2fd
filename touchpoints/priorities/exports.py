"""The benchmark and the priorities as tables for ``lib.exporting`` (CSV / XLSX / JSON)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touchpoints.inventory import choices as ic
from touchpoints.lib.exporting import Table
from touchpoints.priorities import formula
from touchpoints.priorities.benchmark import BenchmarkMatrix
from touchpoints.priorities.choices import Quadrant
from touchpoints.priorities.presentation import impact_source_label


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def benchmark_table(matrix: BenchmarkMatrix) -> Table:
    stages, areas, statuses = dict(ic.Stage.choices), dict(ic.Area.choices), dict(ic.PresenceStatus.choices)
    columns = [_("Touchpoint"), _("Stages"), _("Area")]
    keys = ["touchpoint", "stages", "area"]
    for b in matrix.brands:
        columns += [
            f"{b.name}: " + _("status"),
            f"{b.name}: " + _("score, 0–100"),
            f"{b.name}: " + _("customers' answers"),
            f"{b.name}: " + _("customers' mean positivity, −2…+2"),
        ]
        keys += [f"brand_{b.id}_status", f"brand_{b.id}_score", f"brand_{b.id}_answers", f"brand_{b.id}_positivity"]
    columns += [_("Only we have it"), _("A rival has it, we don't"), _("Gap to the best rival")]
    keys += ["unique", "missing", "gap"]
    rows = []
    for r in matrix.rows:
        row: list[object] = [r.name, ", ".join(str(stages.get(s, s)) for s in r.stages), str(areas.get(r.area, r.area))]
        for b in matrix.brands:
            cell = r.cells[b.id]
            fb = cell.feedback
            row += [
                str(statuses.get(cell.status, cell.status)),
                _r(cell.score),
                fb.n if fb else None,
                _r(fb.mean_pos, 2) if fb else None,
            ]
        row += [r.unique, r.missing, r.gap]
        rows.append(row)
    return Table(_("Benchmark"), columns, rows, keys)


def priority_table(rows: list[formula.PriorityRow]) -> Table:
    stages, areas, quadrants = dict(ic.Stage.choices), dict(ic.Area.choices), dict(Quadrant.choices)
    factor_names = {formula.EXPERIENCE: _("experience"), formula.IMPACT: _("impact"), formula.COST: _("cost")}
    columns = [
        _("Rank"),
        _("Touchpoint"),
        _("Stages"),
        _("Area"),
        _("Latest own score, 0–100"),
        _("Customers' answers"),
        _("Customers' score, 0–100"),
        _("Experience score, 0–100"),
        _("We lack it, rivals have it"),
        _("Poor experience, 0–1"),
        _("Impact, 0–1"),
        _("Impact source"),
        _("Why this impact"),
        _("Effort, 1–5"),
        _("Cost estimate"),
        _("Cost-effectiveness, 0–1"),
        _("Priority, 0–100"),
        _("Missing factors"),
        _("Quadrant"),
    ]
    keys = [
        "rank",
        "touchpoint",
        "stages",
        "area",
        "own_score",
        "feedback_answers",
        "feedback_score",
        "experience_score",
        "lacking_rivals_have",
        "poor_experience",
        "impact",
        "impact_source",
        "impact_reason",
        "effort",
        "cost",
        "cost_effectiveness",
        "priority",
        "missing",
        "quadrant",
    ]
    out = []
    for r in rows:
        out.append(
            [
                r.rank,
                r.name,
                ", ".join(str(stages.get(s, s)) for s in r.stages),
                str(areas.get(r.area, r.area)),
                _r(r.own_score),
                r.feedback_n,
                _r(r.feedback_score),
                _r(r.experience_score),
                ", ".join(r.rivals_with_it) if r.lacking else "",
                _r(r.factors.experience, 3),
                _r(r.factors.impact, 3),
                impact_source_label(r),
                r.impact_reason,
                r.effort,
                r.cost,
                _r(r.factors.cost, 3),
                r.score,
                ", ".join(str(factor_names[m]) for m in r.missing),
                str(quadrants.get(r.quadrant, "")) if r.quadrant else "",
            ]
        )
    return Table(_("Priorities"), columns, out, keys)
