"""A workbook that unpacks to far more than an import reads is refused early and cheaply: by the
zip's declared sizes, by the sheet's declared dimension, or (when the dimension lies) after one
row past the limit, never by reading it all."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from touchpoints.inventory import tabular
from touchpoints.inventory.models import Touchpoint


def workbook(rows: int, *, dimension: str | None) -> bytes:
    """An XLSX whose sheet has ``rows`` data rows, written straight as XML (fast), with the given
    <dimension> (None: no dimension element, as some writers do)."""
    base = io.BytesIO()
    wb = Workbook()
    wb.active.append(["name", "code"])
    wb.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
                continue
            with dst.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                if dimension:
                    sheet.write(f'<dimension ref="{dimension}"/>'.encode())
                sheet.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>')
                chunk = []
                for r in range(2, rows + 2):
                    chunk.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Touchpoint {r}</t></is></c></row>')
                    if len(chunk) == 5000:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture
def rows_read(monkeypatch: Any) -> list[int]:
    """Counts the rows openpyxl hands out while a workbook is read."""
    count = [0]
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        for row in original(self, *args, **kwargs):
            count[0] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return count


def test_a_declared_million_rows_is_refused_before_any_row_is_read(rows_read: list[int]) -> None:
    data = workbook(60_000, dimension="A1:A1000001")
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="Too many rows"):
        tabular.read_rows(data, "xlsx")
    assert rows_read[0] == 0
    assert time.perf_counter() - started < 5


@pytest.fixture
def small_limit(monkeypatch: Any) -> int:
    """A lower row limit keeps the streaming tests fast; the code path is the same."""
    monkeypatch.setattr(tabular, "MAX_IMPORT_ROWS", 2_000)
    return 2_000


def test_a_lying_dimension_stops_one_row_past_the_limit(rows_read: list[int], small_limit: int) -> None:
    data = workbook(12_000, dimension="A1:A10")
    with pytest.raises(ValidationError, match="Too many rows"):
        tabular.read_rows(data, "xlsx")
    assert rows_read[0] == tabular.MAX_IMPORT_ROWS + 2  # the header, the limit, and one more


def test_no_dimension_is_counted_in_a_stream_that_stops_early(rows_read: list[int], small_limit: int) -> None:
    # Far too many rows: refused by the row count of the XML stream, before openpyxl reads one.
    with pytest.raises(ValidationError, match="more than 2,000"):
        tabular.read_rows(workbook(12_000, dimension=None), "xlsx")
    assert rows_read[0] == 0
    # A few too many: read one row past the limit, no further.
    with pytest.raises(ValidationError, match="more than 2,000"):
        tabular.read_rows(workbook(3_000, dimension=None), "xlsx")
    assert rows_read[0] == tabular.MAX_IMPORT_ROWS + 2


def test_the_unpacked_size_is_checked_before_inflating(settings: Any, rows_read: list[int]) -> None:
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    data = workbook(30_000, dimension=None)  # about 2.5 MB unpacked, far less packed
    assert len(data) < 400_000
    with pytest.raises(ValidationError, match="unpacks to"):
        tabular.read_rows(data, "xlsx")
    assert rows_read[0] == 0


def test_a_workbook_within_the_limit_imports(world: Any) -> None:
    header, rows = tabular.read_rows(workbook(300, dimension="A1:A301"), "xlsx")
    assert header == ["name"] and len(rows) == 300
    client = world.client("editor")
    response = client.post(
        f"/w/{world.slug}/touchpoints/import/",
        {"file": SimpleUploadedFile("bomb.xlsx", workbook(3_000, dimension="A1:A1000001"))},
    )
    assert response.status_code == 400 and "Too many rows" in response.content.decode()
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()
