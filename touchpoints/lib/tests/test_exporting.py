"""No exported cell can start a formula in a spreadsheet, whatever text a user typed; the text
itself survives: in CSV behind one apostrophe when it had to be neutralised (and an import takes
the apostrophe off again), in XLSX exactly, as a text cell with Excel's quote-prefix mark."""

from __future__ import annotations

import csv
import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from touchpoints.lib.exporting import Table, neutralise, restored, to_csv, to_xlsx

TRIGGERS = ("=", "+", "-", "@", "|", ";")
LEADING = " \t\r\n\u3000\u00a0"
DANGEROUS = [
    "=1+1",
    "+1",
    "-1+2",
    "@SUM(A1)",
    " =1+1",
    "\n=1+1",
    "\r=1",
    "\t=1",
    "\uff1dSUM(A1)",
    "\uff0b1",
    "\uff0d1",
    "\uff20A1",
    "|calc",
    ";=1",
    "=cmd|' /C calc'!A0",
]
texts = st.one_of(
    st.text(max_size=20),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from([*TRIGGERS, *LEADING, "\uff1d", "\uff0b", "\uff0d", "\uff20"]),
        st.text(max_size=10),
    ),
)


def would_run(cell: str) -> bool:
    """What a spreadsheet would take for a formula: after folding full-width forms and skipping
    leading blanks, a trigger character."""
    folded = unicodedata.normalize("NFKC", cell).lstrip(LEADING + " ")
    return folded.startswith(TRIGGERS)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_known_payloads_are_neutralised() -> None:
    for value in DANGEROUS:
        assert neutralise(value) == "'" + value, repr(value)
    assert neutralise("Website") == "Website" and neutralise(12) == 12 and neutralise(-3.5) == -3.5


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6))
def test_no_cell_can_run_in_csv(values: list[str]) -> None:
    rows = read_csv(to_csv(Table("t", ["c"], [[v] for v in values])))
    for original, (cell,) in zip(values, rows[1:]):
        assert not would_run(cell) or cell.startswith("'"), repr(cell)
        assert cell in (original, "'" + original)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6))
def test_no_cell_can_run_in_xlsx(values: list[str]) -> None:
    clean = ["".join(ch for ch in v if ch in "\t\n\r" or ord(ch) >= 32) for v in values]  # XML-valid text
    ws = load_workbook(io.BytesIO(to_xlsx(Table("t", ["c"], [[v] for v in clean])))).active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    for original, cell in zip(clean, cells):
        value = "" if cell.value is None else str(cell.value)
        assert value == original  # the text as typed, no apostrophe added
        assert cell.data_type != "f"
        assert not would_run(value) or cell.quotePrefix, repr(value)


def test_a_phone_number_reads_as_typed_in_xlsx_and_stays_text() -> None:
    """ "+7 495 123-45-67" used to read "'+7 495 123-45-67" in Excel: the apostrophe was part of the
    text. Now the cell holds the number as typed and carries the quote-prefix mark instead."""
    ws = load_workbook(io.BytesIO(to_xlsx(Table("t", ["phone"], [["+7 495 123-45-67"], ["Reception"]])))).active
    phone, plain = ws["A2"], ws["A3"]
    assert (phone.value, phone.data_type, phone.quotePrefix) == ("+7 495 123-45-67", "s", True)
    assert (plain.value, plain.quotePrefix) == ("Reception", False)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_an_import_reads_a_csv_cell_back_as_it_was_typed(value: str) -> None:
    (cell,) = read_csv(to_csv(Table("t", ["c"], [[value]])))[1]
    assert restored(cell) == value


def test_a_text_that_starts_with_an_apostrophe_reads_back_as_typed() -> None:
    """Hypothesis found "';" read back as ";": the import took the typed apostrophe for the one an
    export adds."""
    for value in ("';", "'=1+1", "'", "''x", "'plain"):
        (cell,) = read_csv(to_csv(Table("t", ["c"], [[value]])))[1]
        assert restored(cell) == value, repr(value)
    assert neutralise("'plain") == "''plain" and restored("'plain") == "'plain"


def test_control_characters_do_not_break_an_xlsx_nor_hide_a_formula() -> None:
    """A name or comment with a control character (pasted from elsewhere) made every XLSX export
    that showed it fail (openpyxl's IllegalCharacterError: a server error)."""
    values = ["Phone\x0bline\x01bell", "\x01=1+1", "tab\tand\nline", "\x00"]
    ws = load_workbook(io.BytesIO(to_xlsx(Table("t", ["c\x07"], [[v] for v in values])))).active
    assert ws["A1"].value == "c"
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["Phonelinebell", "=1+1", "tab\tand\nline", None]
    assert [c.quotePrefix for c in cells[:2]] == [False, True]
    assert all(c.data_type != "f" for c in cells)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(lambda a, b: a + b, st.text(st.characters(max_codepoint=31), max_size=3), texts), max_size=6))
def test_no_cell_can_run_in_xlsx_whatever_its_characters(values: list[str]) -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(Table("t", ["c"], [[v] for v in values])))).active
    for cell in [row[0] for row in ws.iter_rows(min_row=2)]:
        value = "" if cell.value is None else str(cell.value)
        assert cell.data_type != "f"
        assert not would_run(value) or cell.quotePrefix, repr(value)
