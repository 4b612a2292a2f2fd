"""The latest analysis of interaction logs and its attribution: which channels earn the conversions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import RunStatus, model_label
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.selectors import attribution_rows, touchpoint_names
from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import inventory_url
from touchpoints.dashboard.widgets import Widget, register

CHANNELS = 8
# The model shown, the first one the run has.
PREFERRED_MODELS = ("markov_1", "markov_2", "shapley", "position_based", "linear", "last_touch")


@register
class LatestAnalysis(Widget):
    name = "analytics"

    def select(self, workspace: Any) -> dict[str, Any]:
        runs = AnalysisRun.objects.filter(workspace=workspace).defer("result", "progress", "columns", "options")
        # The result (deferred here) is read for the one finished run shown: it holds the attribution.
        latest = runs.order_by("-created_at", "-id").first()
        if latest is None:
            return {}
        done = (
            latest
            if latest.status == RunStatus.DONE
            else runs.filter(status=RunStatus.DONE).order_by("-finished_at", "-id").first()
        )
        out: dict[str, Any] = {"latest": latest, "done": done, "rows": [], "model": ""}
        if done is not None:
            attribution = attribution_rows(run=done)
            models = {r.model for r in attribution}
            model = next((m for m in PREFERRED_MODELS if m in models), min(models) if models else "")
            if model:
                rows = sorted((r for r in attribution if r.model == model), key=lambda r: (-r.share, r.channel))
                rows = rows[:CHANNELS]
                names = touchpoint_names(workspace=workspace, ids=[r.touchpoint_id for r in rows])
                out["model"] = model_label(model)
                out["rows"] = [
                    {
                        "label": names.get(r.touchpoint_id, r.channel) if r.touchpoint_id else r.channel,
                        "count": round(r.share * 100, 1),
                        "url": reverse("inventory:detail", kwargs={"slug": workspace.slug, "pk": r.touchpoint_id})
                        if r.touchpoint_id
                        else inventory_url(workspace, q=r.channel),
                    }
                    for r in rows
                ]
            out["run_url"] = reverse("analytics:run", kwargs={"slug": workspace.slug, "pk": done.pk})
        out["latest_url"] = reverse("analytics:run", kwargs={"slug": workspace.slug, "pk": latest.pk})
        return out

    def spec(self, data: dict[str, Any], workspace: Any) -> dict[str, Any] | None:
        if not data["rows"]:
            return None
        return specs.count_bars(data["rows"], value_title=_("Share of conversions, %"), label_title=_("Channel"))
