"""Competitor radar: each brand's mean audit score by purchase stage (the benchmark's radar)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from touchpoints.dashboard.widgets import Widget, register


@register
class CompetitorRadar(Widget):
    name = "radar"
    title = gettext_lazy("You and your competitors")
    order = 75
    empty_text = gettext_lazy("The radar compares your brand with competitors stage by stage once their "
                              "touchpoints have been audited: audit a competitor as well as yourself.")
    empty_link = ("priorities:benchmark", gettext_lazy("Open the benchmark"))

    def select(self, workspace: Any) -> Any:
        from touchpoints.priorities.selectors import benchmark_matrix

        matrix = benchmark_matrix(workspace=workspace)
        scored = {b for g in matrix.by_stage for b, v in g.scores.items() if v is not None}
        return matrix if scored else None

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
