"""Coverage of the inventory by purchase stage, by area and by channel: one widget class, three
axes (``coverage_widget`` registers one per axis)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from touchpoints.dashboard import specs
from touchpoints.dashboard.selectors import coverage, inventory_url
from touchpoints.dashboard.widgets import Widget, register
from touchpoints.inventory import choices as c


class CoverageWidget(Widget):
    """How many touchpoints the inventory has for each value of ``axis`` (a touchpoint field that
    is also a filter of the inventory list and a ``by_<axis>`` count of the coverage)."""

    axis = ""
    choices: Any = None
    # Said when the workspace has touchpoints but none has a value on this axis (None: the above).
    unclassified_text: str | Promise | None = None

    def select(self, workspace: Any) -> list[dict[str, Any]]:
        cov = coverage(workspace)
        if not cov.total:
            return []
        counts: dict[str, int] = getattr(cov, f"by_{self.axis}")
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

    def empty_message(self, workspace: Any) -> tuple[str, str | None, str]:
        if self.unclassified_text and coverage(workspace).total:
            return (
                str(self.unclassified_text),
                inventory_url(workspace, unclassified="true"),
                _("Classify"),
            )
        return super().empty_message(workspace)


def coverage_widget(axis: str, choices: Any, **extra: Any) -> type[Widget]:
    """Registers the coverage widget of one axis (its card is ``coverage-<axis>``)."""
    attrs = {"axis": axis, "choices": choices, "name": f"coverage-{axis}", **extra}
    return register(type(f"Coverage_{axis}", (CoverageWidget,), attrs))


coverage_widget("stage", c.Stage)
coverage_widget("area", c.Area)
coverage_widget(
    "channel",
    c.Channel,
    unclassified_text=gettext_lazy("None of your touchpoints has a channel yet. Classify them in the inventory."),
)
