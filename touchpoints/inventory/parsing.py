"""The parse step of the inventory import: a table's cells turned into the keyword arguments the
services take (one :class:`ImportRow` per row), without deciding what is valid — that is
``importing.touchpoint_import``'s work, by the rules of a single edit.

Parsing refuses only what cannot be turned into a value: an unknown column, brand, segment or
status, a choice that is neither a stored value nor a label ("website", or "Сайт" in Russian), a
number that is not one. List cells are separated by commas (segments by ";").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from touchpoints.inventory import choices as c
from touchpoints.inventory.columns import BASE_COLUMNS
from touchpoints.inventory.tabular import BRAND_PREFIX, MAX_IMPORT_ROWS, Fault, too_many_rows
from touchpoints.lib.i18n import PRODUCT_LANGUAGES
from touchpoints.workspaces.models import Segment, Workspace


@dataclass
class ImportRow:
    """One parsed row: the keyword arguments of ``services.touchpoint_create``, with the parent
    still a reference (a code or a name, in the file or in the inventory)."""

    line: int  # the row's line in the file (the header is line 1), for faults
    fields: dict[str, Any]  # services.EDITABLE_FIELDS values
    parent: str = ""
    segments: list[Segment] = field(default_factory=list)
    presence: dict[int, str] = field(default_factory=dict)  # brand id → status

    @property
    def name(self) -> str:
        return str(self.fields.get("name", "")).strip()

    @property
    def code(self) -> str:
        return str(self.fields.get("code", ""))


@dataclass
class ParsedTable:
    rows: list[ImportRow]
    faults: list[Fault]
    complete: bool  # False when the table cannot be imported at all (no name column, no rows…)


def _label_lookup(cls: type[Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in cls.choices:
        lookup[value.lower()] = value
        for lang in PRODUCT_LANGUAGES:
            with translation.override(lang):
                lookup[str(label).strip().lower()] = value
    return lookup


def _not_allowed(line: int, column: str, value: str, allowed: type[Any]) -> Fault:
    message = _("“%(v)s” is not allowed. Use one of: %(ok)s.") % {"v": value, "ok": ", ".join(allowed.values)}
    return Fault(line, column, message)


def _header_faults(workspace: Workspace, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Fault]:
    faults: list[Fault] = []
    brands = {b.name.lower() for b in workspace.brands.all()}
    for col in header:
        if col.lower().startswith(BRAND_PREFIX):
            if col[len(BRAND_PREFIX) :].strip().lower() not in brands:
                faults.append(Fault(1, col, _("No brand with this name in the workspace.")))
        elif col and col not in BASE_COLUMNS:
            faults.append(Fault(1, col, _("Unknown column. Download the template to see the expected columns.")))
    if "name" not in header:
        faults.append(Fault(1, "name", _("The required column “name” is missing.")))
    if len(rows) > MAX_IMPORT_ROWS:
        faults.append(Fault(1, "-", too_many_rows(len(rows))))
    if not rows:
        faults.append(Fault(2, "-", _("The file has no data rows.")))
    return faults


class _Parser:
    """The workspace's reference data (choice labels, segments, brands), read once per table."""

    def __init__(self, workspace: Workspace) -> None:
        self.lookups = {axis: _label_lookup(cls) for axis, cls in {**c.SINGLE_AXES, **c.MULTI_AXES}.items()}
        self.order = {axis: list(cls.values) for axis, cls in c.MULTI_AXES.items()}
        self.presence = _label_lookup(c.PresenceStatus)
        self.segments = {s.name.lower(): s for s in workspace.segments.all()}
        self.brands = {b.name.lower(): b.pk for b in workspace.brands.all()}

    def row(self, line: int, cells: dict[str, str], faults: list[Fault]) -> ImportRow:
        row = ImportRow(line=line, fields={})
        for col, raw in cells.items():
            value = raw.strip()
            if col.startswith(BRAND_PREFIX):
                self._presence(row, col, value, faults)
            elif col in c.SINGLE_AXES:
                found = self.lookups[col].get(value.lower()) if value else ""
                if found is None:
                    faults.append(_not_allowed(line, col, value, c.SINGLE_AXES[col]))
                row.fields[col] = found or ""
            elif col in c.MULTI_AXES:
                values = set()
                for part in [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]:
                    found = self.lookups[col].get(part.lower())
                    if found is None:
                        faults.append(_not_allowed(line, col, part, c.MULTI_AXES[col]))
                    else:
                        values.add(found)
                row.fields[col] = [v for v in self.order[col] if v in values]
            elif col == "segments":
                for part in [p.strip() for p in value.split(";") if p.strip()]:
                    segment = self.segments.get(part.lower())
                    if segment is None:
                        faults.append(Fault(line, col, _("No segment “%(v)s” in the workspace.") % {"v": part}))
                    else:
                        row.segments.append(segment)
            elif col == "parent":
                row.parent = value
            elif col == "review_interval_days":
                row.fields[col] = self._days(line, col, value, faults)
            else:
                row.fields[col] = value
        return row

    def _presence(self, row: ImportRow, col: str, value: str, faults: list[Fault]) -> None:
        if not value:
            return
        status = self.presence.get(value.lower())
        if status is None:
            message = _("“%(v)s” is not a status. Use one of: %(ok)s.") % {
                "v": value,
                "ok": ", ".join(c.PresenceStatus.values),
            }
            faults.append(Fault(row.line, col, message))
        else:
            row.presence[self.brands[col[len(BRAND_PREFIX) :].strip().lower()]] = status

    @staticmethod
    def _days(line: int, col: str, value: str, faults: list[Fault]) -> int | None:
        if not value:
            return None
        try:
            days = int(float(value))
        except (ValueError, OverflowError):
            days = -1
        if days < 0:
            faults.append(Fault(line, col, _("Give a whole number of days.")))
            return None
        return days


def parse_table(*, workspace: Workspace, header: Sequence[str], rows: Sequence[Sequence[str]]) -> ParsedTable:
    """Header and rows as read from the file (tabular.read_rows) → rows of service arguments."""
    if not header:
        return ParsedTable([], [Fault(1, "-", _("The file has no header row."))], complete=False)
    faults = _header_faults(workspace, header, rows)
    if not rows or len(rows) > MAX_IMPORT_ROWS:
        return ParsedTable([], faults, complete=False)
    # A bad header does not hide the rows' own faults: the rows are read on the columns that are
    # known, so one attempt reports everything to fix.
    bad_columns = {f.column for f in faults}
    header = [col if col not in bad_columns else "" for col in header]
    parser = _Parser(workspace)
    parsed: list[ImportRow] = []
    for index, raw in enumerate(rows):
        if any(raw):
            cells = {col: (raw[i] if i < len(raw) else "") for i, col in enumerate(header) if col}
            parsed.append(parser.row(index + 2, cells, faults))
    return ParsedTable(parsed, faults, complete="name" in header)
