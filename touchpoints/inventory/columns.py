"""The inventory as a table: its columns (the declared touchpoint fields, then one per brand), the
export, and the documented import template. The import reads the same columns back
(inventory/importing.py).

Cells: choice fields hold the stored value, list fields are separated by commas (segments by
";"), the parent is its code or else its name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from touchpoints.inventory import choices as c
from touchpoints.inventory.models import TOUCHPOINT_FIELDS, Touchpoint
from touchpoints.inventory.selectors import Relations, touchpoints_with_relations
from touchpoints.inventory.tabular import BRAND_PREFIX
from touchpoints.lib.exporting import Table
from touchpoints.workspaces.models import Workspace

BASE_COLUMNS = list(TOUCHPOINT_FIELDS)

COLUMN_HELP = {
    "name": gettext_lazy("Required. Unique name is not required, but parents are found by name or code."),
    "code": gettext_lazy(
        "Optional short identifier (Latin letters, digits, - and _). A row whose code exists updates that touchpoint."
    ),
    "parent": gettext_lazy("Name or code of the parent touchpoint (in this file or already in the inventory)."),
    "stages": format_lazy(gettext_lazy("Comma-separated: {values}"), values=", ".join(c.Stage.values)),
    "senses": format_lazy(gettext_lazy("Comma-separated: {values}"), values=", ".join(c.Sense.values)),
    "segments": gettext_lazy("Segment names separated by ';' (they must exist in the workspace)."),
    "review_interval_days": gettext_lazy("Whole number of days, or empty."),
}
for _axis, _cls in c.SINGLE_AXES.items():
    COLUMN_HELP[_axis] = format_lazy(gettext_lazy("One of: {values}"), values=", ".join(_cls.values))
COLUMN_HELP["brand:<Brand>"] = format_lazy(
    gettext_lazy("One column per brand: {values}"), values=", ".join(c.PresenceStatus.values)
)

# The template's two example rows, by column; a column not named here is left empty.
_SITE_PAGE = {
    "moment": "zmot",
    "mode": "online",
    "channel": "website",
    "attention": "long",
    "lifetime": "repeating",
    "senses": "sight",
    "control": "own",
    "owner_unit": "Marketing",
}
TEMPLATE_EXAMPLES: list[tuple[dict[str, str], str]] = [
    (
        {
            "name": "Website",
            "code": "site",
            "description": "Main site",
            "area": "business",
            "stages": "search,compare",
            **_SITE_PAGE,
            "review_interval_days": "90",
        },
        c.PresenceStatus.EXISTS,
    ),
    (
        {
            "name": "FAQ",
            "code": "site-faq",
            "parent": "site",
            "description": "Answers to common questions",
            "area": "sale",
            "stages": "search",
            **_SITE_PAGE,
        },
        c.PresenceStatus.PLANNED,
    ),
]


def export_columns(workspace: Workspace) -> list[str]:
    return BASE_COLUMNS + [BRAND_PREFIX + b.name for b in workspace.brands.all()]


def _cell(tp: Touchpoint, column: str, relations: Relations, segment_names: dict[int, str]) -> Any:
    if column == "parent":
        return (tp.parent.code or tp.parent.name) if tp.parent else ""
    if column == "segments":
        return ";".join(segment_names[s] for s in relations.segment_ids.get(tp.pk, []))
    value = getattr(tp, column)
    if column in c.MULTI_AXES:
        return ",".join(value)
    return "" if value is None else value


def export_table(workspace: Workspace, touchpoints: Any) -> Table:
    """``touchpoints``: a queryset of the workspace's touchpoints (read in chunks)."""
    brands = list(workspace.brands.all())
    segment_names = {s.pk: s.name for s in workspace.segments.all()}

    def rows() -> Iterable[list[Any]]:
        for tp, relations in touchpoints_with_relations(touchpoints):
            status = relations.status_of(tp.pk)
            yield [
                *[_cell(tp, column, relations, segment_names) for column in BASE_COLUMNS],
                *[status.get(b.pk, c.PresenceStatus.UNKNOWN) for b in brands],
            ]

    return Table(name="touchpoints", columns=export_columns(workspace), rows=rows())


def template_table(workspace: Workspace) -> Table:
    """The documented import template: the header and two example rows."""
    brands = list(workspace.brands.all())
    example = [
        [*[cells.get(column, "") for column in BASE_COLUMNS], *[str(status) for _b in brands]]
        for cells, status in TEMPLATE_EXAMPLES
    ]
    return Table(name="touchpoints", columns=export_columns(workspace), rows=example)
