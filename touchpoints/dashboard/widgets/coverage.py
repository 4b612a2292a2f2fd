"""Coverage of the inventory by purchase stage, by area and by channel (three widgets)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import coverage, inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c


class _CoverageWidget(Widget):
    empty_text = gettext_lazy("No touchpoints yet. Pick the ones your business has from the library.")
    empty_link = ("library:browse", gettext_lazy("Open the library"))
    axis = ""
    choices: Any = None

    def counts(self, cov: Any) -> dict[str, int]:
        raise NotImplementedError

    def select(self, workspace: Any) -> list[dict[str, Any]]:
        cov = coverage(workspace)
        if not cov.total:
            return []
        counts = self.counts(cov)
        labels = dict(self.choices.choices)
        return [
            {
                "label": str(labels[value]),
                "count": counts.get(value, 0),
                "url": inventory_url(workspace, **{self.axis: value}),
            }
            for value in self.choices.values
            if value in counts
        ]

    def spec(self, data: list[dict[str, Any]], workspace: Any) -> dict[str, Any]:
        return specs.count_bars(data, value_title=pgettext("number of", "Touchpoints"), label_title=str(self.title))

    def context(self, data: list[dict[str, Any]], workspace: Any) -> dict[str, Any]:
        gaps = [row for row in data if not row["count"]]
        return {"gaps": gaps, "total": coverage(workspace).total}


@register
class CoverageByStage(_CoverageWidget):
    name = "coverage-stage"
    title = gettext_lazy("Coverage by purchase stage")
    order = 10
    axis = "stage"
    choices = c.Stage
    template = "dashboard/widgets/coverage.html"

    def counts(self, cov: Any) -> dict[str, int]:
        return cov.by_stage


@register
class CoverageByArea(_CoverageWidget):
    name = "coverage-area"
    title = gettext_lazy("Coverage by area")
    order = 20
    axis = "area"
    choices = c.Area
    template = "dashboard/widgets/coverage.html"

    def counts(self, cov: Any) -> dict[str, int]:
        return cov.by_area


@register
class CoverageByChannel(_CoverageWidget):
    name = "coverage-channel"
    title = gettext_lazy("Coverage by channel")
    order = 30
    axis = "channel"
    choices = c.Channel

    def counts(self, cov: Any) -> dict[str, int]:
        return cov.by_channel

    def empty_message(self, workspace: Any) -> tuple[str, str | None, str]:
        if coverage(workspace).total:
            return (
                _("None of your touchpoints has a channel yet. Classify them in the inventory."),
                inventory_url(workspace, unclassified="true"),
                _("Classify"),
            )
        return super().empty_message(workspace)
