"""Competitor radar: each brand's mean audit score by purchase stage (the benchmark's radar).

The benchmark page builds the whole touchpoint × brand matrix (every touchpoint, every presence
mark); the home only needs each brand's mean score per stage, so it reads the scored touchpoints
alone: the latest scores (the audits' frozen summaries), the stages of the scored touchpoints,
and the presence marks that exclude a score (a touchpoint marked missing or planned for a brand).
The means are those of ``touchpoints.priorities.benchmark.group_rows`` (a test compares them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from touchpoints.dashboard.widgets import Widget, register


def stage_means(workspace: Any) -> Any:
    """A ``BenchmarkMatrix`` holding only the brands and the per-stage groups (four queries)."""
    from touchpoints.inventory.models import Presence, Touchpoint
    from touchpoints.lib.fields import decode_values
    from touchpoints.priorities import benchmark
    from touchpoints.priorities.selectors import STAGE_ORDER, latest_scores

    scores = latest_scores(workspace=workspace)
    if not scores:
        return None
    brands = [
        benchmark.BrandColumn(b.pk, b.name, b.color, b.is_own)
        for b in workspace.brands.order_by("-is_own", "name", "id")
    ]
    scored = {tp for _b, tp in scores}
    stages = {
        pk: decode_values(s) if isinstance(s, str) else list(s or [])
        for pk, s in Touchpoint.objects.filter(workspace=workspace).values_list("pk", "stages")
        if pk in scored
    }
    lacking = set(
        Presence.objects.filter(brand__workspace=workspace)
        .exclude(status__in=[benchmark.EXISTS, benchmark.UNKNOWN])
        .values_list("brand_id", "touchpoint_id")
    )
    values: dict[str, dict[int, list[float]]] = {}
    for (brand, tp), score in scores.items():
        if (brand, tp) in lacking or tp not in stages:
            continue
        for stage in stages[tp]:
            values.setdefault(stage, {}).setdefault(brand, []).append(score)
    if not values:
        return None
    order = [s for s in STAGE_ORDER if s in values] + sorted(set(values) - set(STAGE_ORDER))
    groups = [
        benchmark.GroupRow(key, 0, {}, {b.id: benchmark._mean(values[key].get(b.id, [])) for b in brands})
        for key in order
    ]
    own = next((b.id for b in brands if b.is_own), None)
    return benchmark.BenchmarkMatrix(brands=brands, own_id=own, rows=[], by_stage=groups)


@register
class CompetitorRadar(Widget):
    name = "radar"

    def select(self, workspace: Any) -> Any:
        return stage_means(workspace)

    def spec(self, data: Any, workspace: Any) -> dict[str, Any]:
        from touchpoints.priorities.selectors import radar_spec

        spec = radar_spec(workspace=workspace, matrix=data)
        spec.pop("title", None)  # the widget has its own title
        url = reverse("priorities:benchmark", kwargs={"slug": workspace.slug})
        for layer in spec["layer"]:
            if "tooltip" in layer.get("encoding", {}):
                # A click on a brand's point opens the benchmark table.
                layer["data"]["values"] = [dict(row, url=url) for row in layer["data"]["values"]]
                layer["encoding"]["href"] = {"field": "url"}
                layer["mark"]["cursor"] = "pointer"
        return spec
