"""Reading an uploaded table (CSV or XLSX) into a header and rows of strings, with bounded cost
whatever the file claims, and the fault an import reports by row and column.

The inventory's import (inventory/importing.py) and the reviews' import read files here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touchpoints.lib.exporting import restored
from touchpoints.lib.i18n import grouped

BRAND_PREFIX = "brand:"
MAX_IMPORT_ROWS = 20000
MAX_IMPORT_COLUMNS = 200


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


def too_many_rows(rows: int | str, limit: int = MAX_IMPORT_ROWS) -> str:
    """What an import says of a file over its row limit; ``rows`` is a count or a text ("more than
    20,000" when reading stopped early)."""
    shown = grouped(rows) if isinstance(rows, int) else rows
    return _("Too many rows (%(n)s); the limit is %(max)s.") % {"n": shown, "max": grouped(limit)}


def _too_many_rows(rows: int | str) -> ValidationError:
    return ValidationError(too_many_rows(rows))


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
                            raise _too_many_rows(_("more than %(n)s") % {"n": grouped(MAX_IMPORT_ROWS)})


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
            cells = ["" if v is None else restored(str(v)).strip() for v in row[:MAX_IMPORT_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()
            filled += any(cells)
            if filled > MAX_IMPORT_ROWS + 1 or len(table) >= most:  # header + limit rows already read
                raise _too_many_rows(_("more than %(n)s") % {"n": grouped(MAX_IMPORT_ROWS)})
            table.append(cells)
    finally:
        wb.close()
    return table


def read_rows(data: bytes, fmt: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows as strings, from CSV (any common delimiter) or XLSX (first sheet); a cell
    our own export neutralised reads as it was typed."""
    if fmt == "xlsx":
        table = _read_xlsx(data)
    else:
        text = data.decode("utf-8-sig")
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        # Only the delimiter is guessed: spreadsheets quote with ", and a guessed ' would take two
        # neutralised cells ('-30%,…,'+7…) for one quoted field.
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        table = [[restored(cell).strip() for cell in row] for row in rows]
    while table and not any(table[-1]):
        table.pop()
    if not table:
        return [], []
    header = [h.strip().lower() if not h.lower().startswith(BRAND_PREFIX) else h.strip() for h in table[0]]
    return header, table[1:]


__all__ = ["BRAND_PREFIX", "MAX_IMPORT_ROWS", "Fault", "read_rows"]
