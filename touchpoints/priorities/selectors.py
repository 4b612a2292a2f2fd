"""Reads of the priorities app. Stable names, used by the audit report too:

- ``benchmark_matrix(*, workspace) -> benchmark.BenchmarkMatrix``: touchpoints × brands. Each
  row (``BenchRow``) has ``cells[brand_id] -> Cell(status: exists/missing/planned/unknown,
  score: latest finished audit score 0–100 or None, feedback: ``benchmark.FeedbackFigure`` of
  customers' answers or None)``; ``matrix.brands`` (``BrandColumn(id, name, color, is_own)``, own brand first),
  ``matrix.own_id``; views ``matrix.unique`` (only we have it), ``matrix.missing`` (a rival has
  it, we don't), ``matrix.gaps`` (both have it, we score worse; worst ``row.gap`` first),
  ``matrix.by_stage`` / ``matrix.by_area`` (``GroupRow(key, touchpoints, present[brand_id],
  scores[brand_id])``).
- ``radar_spec(*, workspace, by="stage"|"area") -> dict``: Vega-Lite spec of the mean score per
  stage or area, one polygon per brand (render with ``lib.charts.chart_html`` / ``chart_svg``).
- ``priority_list(*, workspace) -> list[formula.PriorityRow]``: every touchpoint, highest
  priority first (rows with a missing factor last; ``row.missing`` names them).
- ``matrix_spec(*, workspace) -> dict``: the impact–performance Vega-Lite spec (quadrants).
- ``top_ten(*, workspace) -> list[topten.TopTenEntry]``: the current top ten (position 1–10,
  touchpoint, reason, its computed rank); empty when the team has not saved one.
- ``market_weight(*, workspace) -> market.MarketWeight``: how much the comparison matters.

Every function takes a bounded number of queries whatever the workspace's size.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.urls import reverse

from touchpoints.audits import choices as ac
from touchpoints.audits import selectors as audit_selectors
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.lib.fields import decode_values
from touchpoints.priorities import benchmark, charts, formula, market
from touchpoints.priorities.inputs import cost_inputs, estimate_rows, impact_inputs
from touchpoints.priorities.models import MarketSettings, TopTenPlace, TopTenVersion
from touchpoints.priorities.topten import TopTenEntry
from touchpoints.workspaces.models import Brand, CustomerType, Workspace

STAGE_ORDER = audit_selectors.STAGE_ORDER
AREA_ORDER = audit_selectors.AREA_ORDER


# ---- the benchmark -------------------------------------------------------------------------


def latest_scores(*, workspace: Workspace) -> dict[tuple[int, int], float]:
    """(brand id, touchpoint id) → the score in the brand's latest finished audit that scored
    the touchpoint. One query (the audits' frozen summaries)."""
    out: dict[tuple[int, int], float] = {}
    for audit in audit_selectors.finished_audits(workspace=workspace):
        brand = audit.brand_id
        # ``audits.selectors.summary_scores`` read in one pass (a thousand touchpoints per audit).
        for key, value in ((audit.summary or {}).get("touchpoints") or {}).items():
            if value is not None and (brand, int(key)) not in out:
                out[(brand, int(key))] = float(value)
    return out


def feedback_figures(*, workspace: Workspace, touchpoint_ids: Collection[int]) -> dict[tuple[int, int], Any]:
    """(brand id, touchpoint id) → ``benchmark.FeedbackFigure``: customers' answers over every
    study of the workspace (the feedback app's roll-up plus answers not rolled up yet), with its
    "too few answers" minimum. Two queries."""
    from django.conf import settings

    from touchpoints.feedback.results import workspace_sums

    minimum = settings.FEEDBACK_MIN_ANSWERS
    wanted = set(touchpoint_ids)
    out: dict[tuple[int, int], Any] = {}
    for (tp_id, brand_id), cell in workspace_sums(workspace=workspace).items():
        if tp_id in wanted and cell.n:
            out[(brand_id, tp_id)] = benchmark.FeedbackFigure(
                cell.n, cell.share_pos, cell.share_neu, cell.share_neg, cell.mean_pos, cell.mean_like, cell.n >= minimum
            )
    return out


def _touchpoints(workspace: Workspace) -> list[tuple[int, str, list[str], str]]:
    rows = (
        Touchpoint.objects.filter(workspace=workspace)
        .order_by("name", "id")
        .values_list("pk", "name", "stages", "area")
    )
    return [
        (pk, name, decode_values(stages) if isinstance(stages, str) else list(stages or []), area)
        for pk, name, stages, area in rows
    ]


def benchmark_matrix(*, workspace: Workspace, groups: bool = True) -> benchmark.BenchmarkMatrix:
    """Four queries. ``groups=False`` leaves ``by_stage`` and ``by_area`` empty (faster)."""
    brands = [
        benchmark.BrandColumn(b.pk, b.name, b.color, b.is_own)
        for b in workspace.brands.order_by("-is_own", "name", "id")
    ]
    touchpoints = _touchpoints(workspace)
    presence = {
        (b, t): s
        for t, b, s in Presence.objects.filter(touchpoint__workspace=workspace).values_list(
            "touchpoint_id", "brand_id", "status"
        )
    }
    return benchmark.build_matrix(
        brands=brands,
        touchpoints=touchpoints,
        presence=presence,
        scores=latest_scores(workspace=workspace),
        feedback=feedback_figures(workspace=workspace, touchpoint_ids=[t[0] for t in touchpoints]),
        stage_order=STAGE_ORDER,
        area_order=AREA_ORDER,
        groups=groups,
    )


def radar_spec(
    *, workspace: Workspace, by: str = "stage", matrix: benchmark.BenchmarkMatrix | None = None
) -> dict[str, Any]:
    matrix = matrix or benchmark_matrix(workspace=workspace)
    return charts.radar_spec(matrix, by=by)


# ---- market --------------------------------------------------------------------------------


def market_settings(*, workspace: Workspace) -> MarketSettings:
    """The workspace's market settings (an unsaved blank one when never set)."""
    return MarketSettings.objects.filter(workspace=workspace).first() or MarketSettings(workspace=workspace)


def new_customer_share(*, workspace: Workspace) -> float | None:
    return market.new_customer_share(
        [
            (float(share), ctype)
            for share, ctype in workspace.segments.values_list("share", "customer_type")
            if share is not None
        ],
        new=CustomerType.NEW,
        returning=CustomerType.RETURNING,
    )


def competitors_not_audited(*, workspace: Workspace) -> list[Brand]:
    """The competitor brands with no finished audit yet, by name: the benchmark's next step."""
    return list(workspace.brands.filter(is_own=False).exclude(audits__status__in=ac.FINISHED).order_by("name", "pk"))


def market_weight(*, workspace: Workspace) -> market.MarketWeight:
    s = market_settings(workspace=workspace)
    competitors = workspace.brands.filter(is_own=False).count()
    return market.market_weight(
        market.MarketInputs(
            competitors=competitors,
            company_size=s.company_size or None,
            brand_strength=s.brand_strength or None,
            loyalty=s.loyalty or None,
            new_share=new_customer_share(workspace=workspace),
        )
    )


# ---- priorities ----------------------------------------------------------------------------


def priority_list(
    *, workspace: Workspace, matrix: benchmark.BenchmarkMatrix | None = None
) -> list[formula.PriorityRow]:
    """Every touchpoint with its factors and score, highest priority first. Nine queries."""
    matrix = matrix or benchmark_matrix(workspace=workspace, groups=False)
    est = estimate_rows(workspace=workspace)
    impacts = impact_inputs(workspace=workspace, rows=est)
    costs = cost_inputs(workspace=workspace, rows=est)
    names = {b.id: b.name for b in matrix.brands}
    rows = []
    for r in matrix.rows:
        own = r.own
        imp = impacts.get(r.touchpoint_id)
        cost = costs.get(r.touchpoint_id)
        rows.append(
            formula.PriorityRow(
                touchpoint_id=r.touchpoint_id,
                name=r.name,
                stages=r.stages,
                area=r.area,
                own_score=own.score if own.status not in benchmark.LACKING else None,
                feedback_n=own.feedback.n if own.feedback else None,
                feedback_mean=own.feedback.mean_pos if own.feedback else None,
                feedback_score=formula.feedback_score(own.feedback.mean_pos)
                if own.feedback and own.feedback.enough
                else None,
                lacking=own.status in benchmark.LACKING,
                rivals_with_it=tuple(names[b] for b in r.rivals_with_it),
                impact_value=imp.value if imp else None,
                impact_low=imp.low if imp else None,
                impact_high=imp.high if imp else None,
                impact_source=imp.source if imp else "",
                impact_reason=imp.reason if imp else "",
                impact_raw=imp.raw if imp else None,
                impact_raw_low=imp.raw_low if imp else None,
                impact_raw_high=imp.raw_high if imp else None,
                impact_unit=imp.unit if imp else "",
                impact_origin=imp.origin if imp else "",
                impact_estimate=imp.estimate if imp else None,
                effort=cost.effort if cost else None,
                cost=cost.cost if cost else None,
            )
        )
    return formula.rank(rows, max_cost=formula.max_money([c.cost for c in costs.values()]))


def touchpoint_url_pattern(workspace: Workspace) -> str:
    """The touchpoint page's URL with ``{id}`` for the id (one ``reverse`` for many links)."""
    return reverse("inventory:detail", args=[workspace.slug, 999999999]).replace("999999999", "{id}")


def matrix_spec(
    *, workspace: Workspace, rows: list[formula.PriorityRow] | None = None, width: int | str = 640
) -> dict[str, Any]:
    """640 px wide for SVG / PDF; pass ``width="container"`` to fill a page's column."""
    rows = rows if rows is not None else priority_list(workspace=workspace)
    return charts.matrix_spec(rows, url_pattern=touchpoint_url_pattern(workspace), width=width)


# ---- the top ten ---------------------------------------------------------------------------


def current_version(*, workspace: Workspace) -> TopTenVersion | None:
    return (
        TopTenVersion.objects.filter(workspace=workspace)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
    )


def current_version_id(*, workspace: Workspace) -> int | None:
    """The id of the current top ten (the latest saved), or None before the first."""
    return (
        TopTenVersion.objects.filter(workspace=workspace)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


def version_places(version: TopTenVersion) -> list[tuple[int, int, str]]:
    return list(version.places.order_by("position").values_list("position", "touchpoint_id", "reason"))


def top_ten(*, workspace: Workspace, rows: list[formula.PriorityRow] | None = None) -> list[TopTenEntry]:
    """The current top ten with each place's computed priority. Bounded queries."""
    version = current_version(workspace=workspace)
    if version is None:
        return []
    places = list(
        TopTenPlace.objects.filter(version=version)
        .order_by("position")
        .values_list("pk", "touchpoint_id", "touchpoint__name", "reason")
    )
    rows = rows if rows is not None else priority_list(workspace=workspace)
    by_tp = {r.touchpoint_id: r for r in rows}
    out = []
    # Places are numbered in order (a touchpoint deleted since leaves no hole).
    for pos, (place_id, tp_id, name, reason) in enumerate(places, start=1):
        r = by_tp.get(tp_id)
        out.append(
            TopTenEntry(
                pos,
                tp_id,
                name,
                reason,
                r.rank if r else None,
                r.score if r else None,
                r.own_score if r else None,
                place_id=place_id,
            )
        )
    return out


def top_ten_versions(*, workspace: Workspace, limit: int = 50) -> list[TopTenVersion]:
    return list(
        TopTenVersion.objects.filter(workspace=workspace)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )


def top_ten_history(*, workspace: Workspace, limit: int = 50) -> list[dict[str, Any]]:
    """Each saved version (newest first) with its places and what changed from the one before.
    Three queries."""
    from touchpoints.priorities.topten import diff

    versions = top_ten_versions(workspace=workspace, limit=limit + 1)
    places: dict[int, list[tuple[int, int, str]]] = {v.pk: [] for v in versions}
    names: dict[int, str] = {}
    for vid, _pos, tp_id, name, reason in (
        TopTenPlace.objects.filter(version__in=versions)
        .order_by("version_id", "position")
        .values_list("version_id", "position", "touchpoint_id", "touchpoint__name", "reason")
    ):
        places[vid].append((len(places[vid]) + 1, tp_id, reason))  # in order, no hole left by a deletion
        names[tp_id] = name
    out = []
    for i, v in enumerate(versions[:limit]):
        older = places[versions[i + 1].pk] if i + 1 < len(versions) else []
        changes = [
            {
                "kind": ch.kind,
                "touchpoint_id": ch.touchpoint_id,
                "name": names.get(ch.touchpoint_id, "?"),
                "before": ch.before,
                "after": ch.after,
                "reason": ch.reason,
            }
            for ch in diff(older, places[v.pk])
        ]
        out.append(
            {"version": v, "places": [(p, names.get(t, "?"), r) for p, t, r in places[v.pk]], "changes": changes}
        )
    return out
