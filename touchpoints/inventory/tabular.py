"""The inventory as a table: the export columns, and the import of the same columns from CSV/XLSX.

Import validates every row first and reports each fault by row and column; if any row fails,
nothing is written. Choice cells take the stored value ("website") or its label in English,
Russian or Spanish ("Сайт"); list cells are separated by commas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from touchpoints.inventory import cache as inventory_cache
from touchpoints.inventory import choices as c
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.inventory.services import check_parent
from touchpoints.lib.exporting import Table
from touchpoints.lib.i18n import PRODUCT_LANGUAGES
from touchpoints.workspaces.models import Workspace

BRAND_PREFIX = "brand:"
MAX_IMPORT_ROWS = 20000

BASE_COLUMNS = [
    "name",
    "code",
    "parent",
    "description",
    "area",
    "stages",
    "moment",
    "mode",
    "channel",
    "attention",
    "lifetime",
    "senses",
    "control",
    "owner_unit",
    "segments",
    "wow",
    "notes",
    "review_interval_days",
]
COLUMN_HELP = {
    "name": gettext_lazy("Required. Unique name is not required, but parents are found by name or code."),
    "code": gettext_lazy(
        "Optional short identifier (letters, digits, - and _). A row whose code exists updates that touchpoint."
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


def export_columns(workspace: Workspace) -> list[str]:
    return BASE_COLUMNS + [BRAND_PREFIX + b.name for b in workspace.brands.all()]


def export_table(workspace: Workspace, touchpoints: Any) -> Table:
    """``touchpoints``: a queryset of the workspace's touchpoints (read in chunks)."""
    from touchpoints.inventory.selectors import touchpoints_with_relations

    brands = list(workspace.brands.all())
    segment_names = {s.pk: s.name for s in workspace.segments.all()}

    def rows() -> Iterable[list[Any]]:
        for tp, relations in touchpoints_with_relations(touchpoints):
            status = relations.status_of(tp.pk)
            yield [
                tp.name,
                tp.code,
                (tp.parent.code or tp.parent.name) if tp.parent else "",
                tp.description,
                tp.area,
                ",".join(tp.stages),
                tp.moment,
                tp.mode,
                tp.channel,
                tp.attention,
                tp.lifetime,
                ",".join(tp.senses),
                tp.control,
                tp.owner_unit,
                ";".join(segment_names[s] for s in relations.segment_ids.get(tp.pk, [])),
                tp.wow,
                tp.notes,
                tp.review_interval_days if tp.review_interval_days is not None else "",
                *[status.get(b.pk, c.PresenceStatus.UNKNOWN) for b in brands],
            ]

    return Table(name="touchpoints", columns=export_columns(workspace), rows=rows())


@dataclass
class Fault:
    row: int  # 1-based line in the file, header = 1
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    faults: list[Fault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults


def _label_lookup(cls: type[Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in cls.choices:
        lookup[value.lower()] = value
        for lang in PRODUCT_LANGUAGES:
            with translation.override(lang):
                lookup[str(label).strip().lower()] = value
    return lookup


MAX_IMPORT_COLUMNS = 200


def _too_many_rows(n: int | str) -> ValidationError:
    return ValidationError(_("Too many rows (%(n)s); the limit is %(max)s.") % {"n": n, "max": MAX_IMPORT_ROWS})


def _check_sheet_sizes(data: bytes, most: int) -> None:
    """Every sheet's declared <dimension> (read up to it, never further), or, when a sheet has
    none, its rows counted in a stream that stops past ``most``: openpyxl would otherwise parse a
    dimensionless sheet whole just to size it."""
    import re
    import zipfile
    from xml.etree.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            rows = 0
            with archive.open(name) as source:
                for _event, element in iterparse(source, events=("start",)):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag == "dimension":
                        numbers = [int(n) for n in re.findall(r"\d+", element.get("ref", ""))]
                        if numbers and max(numbers) > most:
                            raise _too_many_rows(max(numbers) - 1)
                        break
                    if tag == "row":
                        rows += 1
                        if rows > most:
                            raise _too_many_rows(_("more than %(n)s") % {"n": MAX_IMPORT_ROWS})


def _read_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet, read with bounded cost whatever the file claims: the zip's declared
    uncompressed sizes are checked before anything is inflated (a zip bomb is refused at once),
    then the sheet's declared dimension, then the rows are streamed and reading stops one row
    past the limit (a file whose dimension lies is refused without reading the rest)."""
    import zipfile

    from openpyxl import load_workbook

    limit = int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 64 * 1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(_("The file could not be read as CSV or Excel.")) from None
    if inflated > limit:
        raise ValidationError(
            _("This workbook unpacks to %(size)s MB, more than the %(limit)s MB an import reads.")
            % {"size": inflated // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )
    # Blank (formatted) rows are tolerated up to as many again as the limit.
    most = 2 * MAX_IMPORT_ROWS + 1
    _check_sheet_sizes(data, most)
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a dimension may also claim too few rows: read what is there, bounded below
        table: list[list[str]] = []
        filled = 0
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).strip() for v in row[:MAX_IMPORT_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()
            filled += any(cells)
            if filled > MAX_IMPORT_ROWS + 1 or len(table) >= most:  # header + limit rows already read
                raise _too_many_rows(_("more than %(n)s") % {"n": MAX_IMPORT_ROWS})
            table.append(cells)
    finally:
        wb.close()
    return table


def read_rows(data: bytes, fmt: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows as strings, from CSV (any common delimiter) or XLSX (first sheet)."""
    if fmt == "xlsx":
        table = _read_xlsx(data)
    else:
        text = data.decode("utf-8-sig")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    while table and not any(table[-1]):
        table.pop()
    if not table:
        return [], []
    header = [h.strip().lower() if not h.lower().startswith(BRAND_PREFIX) else h.strip() for h in table[0]]
    return header, table[1:]


def import_touchpoints(
    *, workspace: Workspace, header: Sequence[str], rows: Sequence[Sequence[str]], created_by: Any = None
) -> ImportResult:
    result = ImportResult()
    faults = result.faults
    if not header:
        faults.append(Fault(1, "-", _("The file has no header row.")))
        return result
    brands = {b.name.lower(): b for b in workspace.brands.all()}
    known = set(BASE_COLUMNS)
    for col in header:
        if col.lower().startswith(BRAND_PREFIX):
            if col[len(BRAND_PREFIX) :].strip().lower() not in brands:
                faults.append(Fault(1, col, _("No brand with this name in the workspace.")))
        elif col and col not in known:
            faults.append(Fault(1, col, _("Unknown column. Download the template to see the expected columns.")))
    if "name" not in header:
        faults.append(Fault(1, "name", _("The required column “name” is missing.")))
    if len(rows) > MAX_IMPORT_ROWS:
        faults.append(
            Fault(1, "-", _("Too many rows (%(n)s); the limit is %(max)s.") % {"n": len(rows), "max": MAX_IMPORT_ROWS})
        )
    if not rows:
        faults.append(Fault(2, "-", _("The file has no data rows.")))
    if not rows or len(rows) > MAX_IMPORT_ROWS:
        return result
    # A bad header does not hide the rows' own faults: the rows are checked on the columns that
    # are known, so one attempt reports everything to fix.
    bad_columns = {f.column for f in faults}
    header = [col if col not in bad_columns else "" for col in header]
    has_name = "name" in header

    lookups = {axis: _label_lookup(cls) for axis, cls in {**c.SINGLE_AXES, **c.MULTI_AXES}.items()}
    presence_lookup = _label_lookup(c.PresenceStatus)
    segments = {s.name.lower(): s for s in workspace.segments.all()}
    existing = list(Touchpoint.objects.filter(workspace=workspace).only("id", "name", "code", "parent_id"))
    by_code = {t.code.lower(): t for t in existing if t.code}
    by_name = {t.name.lower(): t for t in existing}
    max_len = {f.name: f.max_length for f in Touchpoint._meta.get_fields() if getattr(f, "max_length", None)}

    parsed: list[dict[str, Any]] = []
    for index, raw in enumerate(rows):
        line = index + 2
        if not any(raw):
            continue
        cells = {col: (raw[i] if i < len(raw) else "") for i, col in enumerate(header) if col}
        item: dict[str, Any] = {"line": line, "fields": {}, "segments": [], "presence": {}, "parent": ""}
        name = cells.get("name", "").strip()
        if not name and has_name:
            faults.append(Fault(line, "name", _("The name is empty.")))
        for col, value in cells.items():
            value = value.strip()
            if col.startswith(BRAND_PREFIX):
                if value:
                    status = presence_lookup.get(value.lower())
                    if status is None:
                        faults.append(
                            Fault(
                                line,
                                col,
                                _("“%(v)s” is not a status. Use one of: %(ok)s.")
                                % {"v": value, "ok": ", ".join(c.PresenceStatus.values)},
                            )
                        )
                    else:
                        item["presence"][brands[col[len(BRAND_PREFIX) :].strip().lower()].pk] = status
            elif col in c.SINGLE_AXES:
                if value:
                    found = lookups[col].get(value.lower())
                    if found is None:
                        faults.append(
                            Fault(
                                line,
                                col,
                                _("“%(v)s” is not allowed. Use one of: %(ok)s.")
                                % {"v": value, "ok": ", ".join(c.SINGLE_AXES[col].values)},
                            )
                        )
                    item["fields"][col] = found or ""
            elif col in c.MULTI_AXES:
                values = []
                for part in [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]:
                    found = lookups[col].get(part.lower())
                    if found is None:
                        faults.append(
                            Fault(
                                line,
                                col,
                                _("“%(v)s” is not allowed. Use one of: %(ok)s.")
                                % {"v": part, "ok": ", ".join(c.MULTI_AXES[col].values)},
                            )
                        )
                    else:
                        values.append(found)
                item["fields"][col] = [v for v in c.MULTI_AXES[col].values if v in values]
            elif col == "segments":
                for part in [p.strip() for p in value.split(";") if p.strip()]:
                    seg = segments.get(part.lower())
                    if seg is None:
                        faults.append(Fault(line, col, _("No segment “%(v)s” in the workspace.") % {"v": part}))
                    else:
                        item["segments"].append(seg)
            elif col == "parent":
                item["parent"] = value
            elif col == "review_interval_days":
                if value:
                    try:
                        days = int(float(value))
                        if days < 0:
                            raise ValueError
                        item["fields"][col] = days
                    except ValueError:
                        faults.append(Fault(line, col, _("Give a whole number of days.")))
                else:
                    item["fields"][col] = None
            elif col == "code":
                if value and not all(ch.isalnum() or ch in "-_" for ch in value):
                    faults.append(Fault(line, col, _("Use only letters, digits, “-” and “_”.")))
                item["fields"][col] = value
            else:
                item["fields"][col] = value
            limit = max_len.get(col)
            if limit and isinstance(value, str) and len(value) > limit and col not in c.MULTI_AXES:
                faults.append(
                    Fault(
                        line,
                        col,
                        ngettext("Longer than %(n)s character.", "Longer than %(n)s characters.", limit) % {"n": limit},
                    )
                )
        parsed.append(item)

    # Codes: one row per code in a file (a second one would create a twin, or update the same
    # touchpoint twice).
    code_lines: dict[str, int] = {}
    for item in parsed:
        code = item["fields"].get("code", "").lower()
        if not code:
            continue
        if code in code_lines:
            faults.append(
                Fault(
                    item["line"],
                    "code",
                    _("The code “%(v)s” is already on row %(n)s of this file.")
                    % {"v": item["fields"]["code"], "n": code_lines[code]},
                )
            )
        else:
            code_lines[code] = item["line"]

    # Parents: a name or code in this file or in the inventory; no cycle in the inventory as the
    # file would leave it (stored parents with the file's rows applied), checked by the same
    # rule as every other write (services.check_parent).
    file_keys: dict[str, int] = {}
    for i, item in enumerate(parsed):
        for key in (item["fields"].get("code", ""), cells_name(item)):
            if key:
                file_keys.setdefault(key.lower(), i)
    for i, item in enumerate(parsed):
        ref = item["parent"].lower()
        if not ref:
            continue
        if ref not in file_keys and ref not in by_code and ref not in by_name:
            faults.append(
                Fault(
                    item["line"],
                    "parent",
                    _("No touchpoint “%(v)s” in the file or the inventory.") % {"v": item["parent"]},
                )
            )
        elif file_keys.get(ref) == i:
            faults.append(Fault(item["line"], "parent", _("A touchpoint cannot be its own parent.")))
    if not faults:
        keys = [_row_key(item, i, by_code) for i, item in enumerate(parsed)]
        graph: dict[Any, Any] = {t.pk: t.parent_id for t in existing}
        wanted: list[tuple[int, Any]] = []
        for i, item in enumerate(parsed):
            ref = item["parent"].lower()
            if ref:
                j = file_keys.get(ref)
                parent_key = keys[j] if j is not None else (by_code.get(ref) or by_name.get(ref)).pk
                graph[keys[i]] = parent_key
                wanted.append((i, parent_key))
        for i, parent_key in wanted:
            try:
                check_parent(
                    workspace=workspace, touchpoint=None, parent=None, parents=graph, key=keys[i], parent_key=parent_key
                )
            except ValidationError:
                faults.append(
                    Fault(
                        parsed[i]["line"],
                        "parent",
                        _(
                            "“%(parent)s” is inside “%(name)s” (in the file or the inventory): nesting it there would make "
                            "a cycle."
                        )
                        % {"parent": parsed[i]["parent"], "name": cells_name(parsed[i])},
                    )
                )
    if faults:
        return result

    with transaction.atomic():
        inventory_cache.bump(workspace.pk)  # bulk writes below send no signals
        objects: list[Touchpoint] = []
        for item in parsed:
            code = item["fields"].get("code", "")
            target = by_code.get(code.lower()) if code else None
            if target is not None:
                target = Touchpoint.objects.get(pk=target.pk)
                for key, value in item["fields"].items():
                    setattr(target, key, value)
                target.name = cells_name(item)
                target.save()
                result.updated += 1
            else:
                fields = dict(item["fields"])
                fields["name"] = cells_name(item)
                target = Touchpoint(workspace=workspace, created_by=created_by, **fields)
                result.created += 1
            objects.append(target)
        new = [o for o in objects if o.pk is None]
        Touchpoint.objects.bulk_create(new, batch_size=500)
        if any(o.pk is None for o in new):  # backends without RETURNING ids
            raise RuntimeError("bulk_create did not return ids")
        to_parent: list[Touchpoint] = []
        for item, obj in zip(parsed, objects):
            ref = item["parent"].lower()
            if not ref:
                continue
            j = file_keys.get(ref)
            parent = objects[j] if j is not None else (by_code.get(ref) or by_name.get(ref))
            obj.parent_id = parent.pk if parent else None
            to_parent.append(obj)
        # One UPDATE per parent (far cheaper than bulk_update's CASE over thousands of rows).
        by_parent: dict[int | None, list[int]] = {}
        for obj in to_parent:
            by_parent.setdefault(obj.parent_id, []).append(obj.pk)
        for parent_id, ids in by_parent.items():
            for start in range(0, len(ids), 500):
                Touchpoint.objects.filter(pk__in=ids[start : start + 500]).update(parent_id=parent_id)
        through = Touchpoint.segments.through
        through.objects.bulk_create(
            [
                through(touchpoint_id=o.pk, segment_id=s.pk)
                for item, o in zip(parsed, objects)
                for s in item["segments"]
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        presences = [
            (o.pk, brand_id, status)
            for item, o in zip(parsed, objects)
            for brand_id, status in item["presence"].items()
        ]
        if presences:
            Presence.objects.filter(touchpoint_id__in=[p[0] for p in presences]).delete()
            Presence.objects.bulk_create(
                [Presence(touchpoint_id=t, brand_id=b, status=s) for t, b, s in presences], batch_size=1000
            )
    return result


def _row_key(item: dict[str, Any], index: int, by_code: dict[str, Touchpoint]) -> Any:
    """A row's node in the parent graph: the stored touchpoint it updates, or a key of its own."""
    code = item["fields"].get("code", "").lower()
    target = by_code.get(code) if code else None
    return target.pk if target is not None else ("row", index)


def cells_name(item: dict[str, Any]) -> str:
    return str(item["fields"].get("name", "")).strip()


def template_table(workspace: Workspace) -> Table:
    """The documented import template: the header and two example rows."""
    brands = list(workspace.brands.all())
    example = [
        [
            "Website",
            "site",
            "",
            "Main site",
            "business",
            "search,compare",
            "zmot",
            "online",
            "website",
            "long",
            "repeating",
            "sight",
            "own",
            "Marketing",
            "",
            "",
            "",
            "90",
            *["exists" for _b in brands],
        ],
        [
            "FAQ",
            "site-faq",
            "site",
            "Answers to common questions",
            "sale",
            "search",
            "zmot",
            "online",
            "website",
            "long",
            "repeating",
            "sight",
            "own",
            "Marketing",
            "",
            "",
            "",
            "",
            *["planned" for _b in brands],
        ],
    ]
    return Table(name="touchpoints", columns=export_columns(workspace), rows=example)


__all__ = ["export_table", "import_touchpoints", "read_rows", "template_table", "ImportResult", "Fault", "COLUMN_HELP"]
