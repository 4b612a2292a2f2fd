"""The results page and export of one audit: loads through ``selectors``, computes with
``scoring``, lays out with ``reports``. Bounded queries whatever the audit's size."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from touchpoints.audits import choices as c
from touchpoints.audits import comparisons, reports, scales, scoring, selectors
from touchpoints.audits.models import Audit, Score
from touchpoints.feedback.integrations import customer_experience
from touchpoints.inventory import choices as ic
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib import vega
from touchpoints.lib.charts import chart_html
from touchpoints.lib.exporting import Table
from touchpoints.workspaces.access import Access

WORST_ROWS = 50
LABELLED = {"stage": ic.Stage, "area": ic.Area, "channel": ic.Channel}


def labels() -> dict[str, dict[str, str]]:
    """Stage, area and channel codes → their names in the reader's language."""
    return {name: {value: str(label) for value, label in choices.choices} for name, choices in LABELLED.items()}


def _bar(value: float | None) -> int:
    return 0 if value is None else max(2, round(value))


def _customers(audit: Audit, touchpoint_ids: Any) -> dict[int, dict[str, Any]]:
    """What the brand's customers said of these touchpoints (feedback studies), on the audits'
    0–100 scale (mean positivity −2…+2 → 0…100), with the number of answers; a score only from
    FEEDBACK_MIN_ANSWERS answers on."""
    minimum = settings.FEEDBACK_MIN_ANSWERS
    return {
        tp: {"score": (mean + 2) * 25.0 if n >= minimum else None, "n": n}
        for tp, (mean, n) in customer_experience(brand=audit.brand, touchpoint_ids=touchpoint_ids).items()
    }


def results_context(*, access: Access, audit: Audit, show_all: bool = False) -> dict[str, Any]:
    data = selectors.audit_results(audit=audit)
    res = data.results
    lab = labels()
    impression_labels = {value: str(label) for value, label in c.Impression.choices}
    worst = res.worst_first if show_all else res.worst_first[:WORST_ROWS]
    customers = _customers(audit, [r.touchpoint_id for r in worst])
    worst_rows = [
        {
            "rank": i + 1,
            "r": r,
            "tp": data.touchpoints.get(r.touchpoint_id, {}),
            "bar": _bar(r.score),
            "impression_label": impression_labels.get(r.impression, ""),
            "channel_label": lab["channel"].get(r.channel, r.channel),
            "customers": customers.get(r.touchpoint_id),
        }
        for i, r in enumerate(worst)
    ]
    scored = [r for r in res.touchpoints if r.score is not None]

    groups = {
        "stage": [(g, lab["stage"].get(g.key, g.key), _bar(g.score)) for g in res.by_stage],
        "area": [(g, lab["area"].get(g.key, g.key), _bar(g.score)) for g in res.by_area],
        "channel": [(g, lab["channel"].get(g.key, g.key), _bar(g.score)) for g in res.by_channel],
    }
    criterion_label = {cid: crit.label for cid, crit in data.criteria.items()}
    criterion_kind = {cid: crit.kind for cid, crit in data.criteria.items()}
    heat = reports.heat_groups(
        res.touchpoints, criterion_kind, selectors.kind_labels(), limit=None if show_all else reports.HEAT_ROWS_PER_KIND
    )
    heat_chart = (
        chart_html(
            reports.heatmap_spec(heat, criterion_label, limit=None if show_all else reports.HEAT_ROWS_PER_KIND),
            "chart-heatmap",
        )
        if heat
        else ""
    )
    current = res.scores()
    names = {tp_id: tp["name"] for tp_id, tp in data.touchpoints.items()}

    # Own brand against competitors on the same touchpoints.
    finished = selectors.finished_audits(access=access)
    others = selectors.other_brand_audits(
        access=access, audit=audit, finished=finished, touchpoint_ids=data.touchpoints.keys()
    )
    brands: dict[str, Any] = {}
    if others and current:
        columns: dict[int, dict[int, float | None]] = {audit.brand_id: dict(current)}
        col_names = {audit.brand_id: audit.brand.name}
        colors = {audit.brand_id: audit.brand.color}
        for other in others:
            columns[other.brand_id] = dict(selectors.summary_scores(other))
            col_names[other.brand_id] = other.brand.name
            colors[other.brand_id] = other.brand.color
        rows = comparisons.side_by_side(columns, base=audit.brand_id)
        if rows:
            order = list(columns)
            # Where this brand trails the best of the others most, first.
            rows.sort(
                key=lambda r: (
                    (r.scores[audit.brand_id] or 0)
                    - max(v for b, v in r.scores.items() if b != audit.brand_id and v is not None)
                )
            )
            shown = rows if show_all else rows[:WORST_ROWS]
            brands = {
                "audits": others,
                "order": order,
                "names": col_names,
                "total": len(rows),
                "shown": len(shown),
                "rows": [
                    {
                        "name": names.get(r.touchpoint_id, ""),
                        "tp_id": r.touchpoint_id,
                        "cells": [(r.scores.get(b), r.leader == b) for b in order],
                    }
                    for r in shown
                ],
                "means": [comparisons.column_means(rows).get(b) for b in order],
                "chart": chart_html(reports.brands_spec(shown, names, col_names, colors), "chart-brands"),
                "lead": sum(1 for r in rows if r.leader == audit.brand_id),
                "behind": sum(1 for r in rows if r.leader not in (None, audit.brand_id)),
            }

    # This audit against the previous one of the same brand.
    previous = selectors.previous_audit(access=access, audit=audit, finished=finished)
    change: dict[str, Any] = {}
    if previous is not None:
        before = selectors.summary_scores(previous)
        changes = comparisons.compare_scores(current, before)
        missing = [r.touchpoint_id for r in changes if r.touchpoint_id not in names]
        names.update(dict(Touchpoint.objects.filter(pk__in=missing).values_list("pk", "name")))
        counts = {k: 0 for k in c.Change.values}
        for r in changes:
            counts[r.change] += 1
        change_labels = dict(c.Change.choices)
        change = {
            "audit": previous,
            "counts": [(k, change_labels[k], counts[k]) for k in c.Change.values],
            "rows": [
                {"name": names.get(r.touchpoint_id, "?"), "r": r, "label": change_labels[r.change]}
                for r in changes
                if r.change in ("worse", "improved")
            ][: None if show_all else WORST_ROWS],
            "overall_before": (previous.summary or {}).get("overall"),
        }

    # The experience along the purchase stages: this audit, the previous one and the competitors,
    # each on this audit's touchpoints.
    stage_keys = {tp_id: tp["stages"] for tp_id, tp in data.touchpoints.items()}
    series = [(_("This audit"), audit.brand.color, res.by_stage)]
    if change:
        series.append(
            (
                _("Previous audit"),
                vega.MUTED,
                scoring.group_means(
                    {k: v for k, v in selectors.summary_scores(change["audit"]).items() if k in stage_keys},
                    stage_keys,
                    selectors.STAGE_ORDER,
                ),
            )
        )
    for other in brands.get("audits") or []:
        series.append(
            (
                other.brand.name,
                other.brand.color,
                scoring.group_means(
                    {k: v for k, v in selectors.summary_scores(other).items() if k in stage_keys},
                    stage_keys,
                    selectors.STAGE_ORDER,
                ),
            )
        )
    stage_chart = chart_html(reports.stage_curve_spec(series, lab["stage"]), "chart-stages") if scored else ""

    # Re-audits over time: every finished audit's overall score, per brand.
    trend_points = []
    trend_colors = {}
    for a in finished:
        overall = (a.summary or {}).get("overall")
        if overall is not None and a.audit_date:
            trend_points.append(
                {"date": a.audit_date.isoformat(), "brand": a.brand.name, "score": round(overall, 1), "audit": a.name}
            )
            trend_colors[a.brand.name] = a.brand.color
    trend_points.sort(key=lambda p: p["date"])
    trend_chart = (
        chart_html(reports.trend_spec(trend_points, trend_colors), "chart-trend") if len(trend_points) >= 2 else ""
    )

    failed = res.impressions.get("neutral", 0) + res.impressions.get("negative", 0)
    return {
        "audit": audit,
        "res": res,
        "worst_rows": worst_rows,
        "worst_total": len(res.worst_first),
        "has_customers": bool(customers),
        "show_all": show_all,
        "groups": groups,
        "stage_chart": stage_chart,
        "heat_chart": heat_chart,
        "heat_groups": heat,
        "brands": brands,
        "change": change,
        "trend_chart": trend_chart,
        "scored": len(scored),
        "items": len(res.touchpoints),
        "na_count": sum(1 for r in res.touchpoints if r.not_applicable),
        "overall_raw": scales.nearest_raw(audit.scale, res.overall) if res.overall is not None else "",
        "scale_spec": scales.spec(audit.scale),
        "word_labels": dict(c.Word.choices),
        "failed": failed,
        "impression_rows": [(k, label, res.impressions.get(k, 0)) for k, label in c.Impression.choices],
        "has_charts": bool(stage_chart or heat_chart or brands or trend_chart),
    }


def export_tables(*, audit: Audit) -> list[Table]:
    """Touchpoints (worst first), every answer, and the stage / area / channel scores."""
    data = selectors.audit_results(audit=audit)
    lab = labels()
    names = {tp_id: tp["name"] for tp_id, tp in data.touchpoints.items()}
    answer_rows = []
    for item_pos, tp_id, crit_id, checklist, username, raw, value, na in (
        Score.objects.filter(item__audit=audit)
        .order_by("item__position", "criterion_id", "auditor__username")
        .values_list(
            "item__position",
            "item__touchpoint_id",
            "criterion_id",
            "item__checklist",
            "auditor__username",
            "raw",
            "value",
            "not_applicable",
        )
    ):
        weight = next((w for cid, w in checklist if int(cid) == crit_id), None)
        crit = data.criteria.get(crit_id)
        answer_rows.append(
            [
                item_pos + 1,
                names.get(tp_id, ""),
                crit.label if crit else crit_id,
                weight,
                username or "",
                raw,
                None if value is None else round(value, 2),
                _("yes") if na else "",
            ]
        )
    return [
        reports.touchpoint_table(
            data.results, data.touchpoints, lab, {value: str(label) for value, label in c.Impression.choices}
        ),
        reports.answers_table(answer_rows),
        reports.groups_table(_("Purchase stage"), data.results.by_stage, lab["stage"]),
        reports.groups_table(_("Area"), data.results.by_area, lab["area"]),
        reports.groups_table(_("Channel"), data.results.by_channel, lab["channel"]),
    ]
