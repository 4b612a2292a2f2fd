"""One table shape, many formats (after pretix's exporters): CSV, XLSX and JSON.

Cells a spreadsheet could run as a formula are neutralised: text starting with = + - @ (and their
full-width forms ＝ ＋ － ＠, which spreadsheets fold to ASCII), | or ; (DDE and field separators
some spreadsheets honour), or with a space, tab, line feed or carriage return (spreadsheets skip
them before reading a formula).

- In CSV such a cell gets a leading apostrophe: a CSV file has no types, so the apostrophe is the
  only way to say "text".
  An import reads it back without the apostrophe (``restored``).
- In XLSX the cell keeps its text exactly ("+7 495 123-45-67" reads as typed) and is written as a
  text cell with the quote-prefix mark, the one Excel and LibreOffice set when a user types an
  apostrophe: it shows no apostrophe and stays text when the cell is edited.

XLSX cells cannot hold the control characters XML forbids (U+0000–U+001F but tab, line feed and
carriage return): they are dropped, before the formula check, so they cannot hide a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.template.defaultfilters import yesno
from django.utils.functional import Promise

from touchpoints.lib.http import set_filename
from touchpoints.lib.text import xml_text

FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "|",
    ";",
    " ",
    "\t",
    "\n",
    "\r",
    "\u3000",
    "\u00a0",
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def readable(value: Any) -> Any:
    """A cell's value as a reader expects it: yes or no in the page's language (да/нет, sí/no), not
    Python's True/False; a lazily translated label as its text."""
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def could_run(value: Any) -> bool:
    """Whether a spreadsheet could take this cell for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: Any) -> Any:
    """A CSV cell: readable, and behind an apostrophe where it could run as a formula. A text that
    starts with an apostrophe itself gets one more, so an import reads every text back as typed
    (``restored``): "';" must not come back as ";"."""
    value = readable(value)
    return "'" + value if could_run(value) or (isinstance(value, str) and value.startswith("'")) else value


@dataclass
class Table:
    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    # Keys for JSON objects; defaults to the column names.
    keys: Sequence[str] | None = None


def restored(cell: str) -> str:
    """The text a CSV export neutralised (an import reads an exported file back as it was)."""
    return cell[1:] if cell.startswith("'") and (could_run(cell[1:]) or cell[1:].startswith("'")) else cell


def to_csv(table: Table) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(tables: Table | Sequence[Table]) -> bytes:
    """One sheet per table, written in openpyxl's streaming mode (fast and light on memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def xlsx_cell(ws: Any, value: Any, font: Any = None) -> Any:
        """The value as written: plain where it can be (streaming is fastest so), a cell where it
        needs a font or must stay text."""
        value = readable(value)
        if isinstance(value, str):  # openpyxl refuses what XML cannot hold
            value = xml_text(value)
        if font is None and not could_run(value):
            return value
        cell = WriteOnlyCell(ws, value=value)
        if could_run(value):
            cell.data_type = "s"  # openpyxl would store "=…" as a formula
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        return cell

    tables = [tables] if isinstance(tables, Table) else list(tables)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(title=table.name[:31] or "Sheet")
        ws.freeze_panes = "A2"
        for i, col in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(str(col)) + 4))
        ws.append([xlsx_cell(ws, str(col), bold) for col in table.columns])
        for row in table.rows:
            ws.append([xlsx_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_json(table: Table) -> bytes:
    keys = list(table.keys or table.columns)
    return json.dumps([dict(zip(keys, row)) for row in table.rows], ensure_ascii=False, indent=1, default=str).encode(
        "utf-8"
    )


def render(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    if fmt == "json":
        return to_json(table)
    raise ValueError(f"Unknown export format: {fmt}")


def download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    set_filename(response, filename)
    return response
