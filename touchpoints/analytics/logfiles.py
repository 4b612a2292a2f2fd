"""Looking at an uploaded interaction log before it is analysed (no ORM, no Django models).

The format is judged by the file's content, never its name: Parquet by its magic bytes, JSON
Lines by a first line that is a JSON object, CSV by UTF-8 text with a delimiter in its header.
The columns and the first rows are read with DuckDB (as the engine reads them), and a mapping of
the log's fields onto the columns is guessed from their names and types.
"""

from __future__ import annotations

import json
import re
import shlex
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import LogFormat
from touchpoints.analytics.engine.io import ALL_FIELDS, REQUIRED_FIELDS

SNIFF_BYTES = 64 * 1024
PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
PREVIEW_ROWS = 5

SUFFIXES = {LogFormat.CSV: ".csv", LogFormat.PARQUET: ".parquet", LogFormat.JSONL: ".jsonl"}
_NAME_SUFFIXES = {
    ".csv": LogFormat.CSV,
    ".tsv": LogFormat.CSV,
    ".txt": LogFormat.CSV,
    ".parquet": LogFormat.PARQUET,
    ".pq": LogFormat.PARQUET,
    ".jsonl": LogFormat.JSONL,
    ".ndjson": LogFormat.JSONL,
    ".json": LogFormat.JSONL,
}


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def sniff_log_format(head: bytes, tail: bytes = b"") -> str:
    """'csv', 'parquet' or 'jsonl' from the first bytes (and the last four, for Parquet)."""
    if not head.strip():
        raise _refuse(_("The file is empty."))
    if head.startswith(PARQUET_MAGIC):
        if tail and not tail.endswith(PARQUET_MAGIC):
            raise _refuse(_("The file starts like Parquet but is cut short (no Parquet footer). Upload it again."))
        return LogFormat.PARQUET
    if head.startswith(ZIP_MAGIC):
        raise _refuse(
            _(
                "The file is a ZIP archive or an Excel workbook, not a log. Save the sheet as CSV "
                "(UTF-8), or export the log as Parquet or JSON Lines."
            )
        )
    if head.startswith(GZIP_MAGIC):
        raise _refuse(
            _("The file is compressed (gzip). Unpack it and upload the CSV, Parquet or JSON Lines file inside.")
        )
    if b"\x00" in head[:4096]:
        raise _refuse(_("The file is binary data, not a CSV, Parquet or JSON Lines log."))
    text = _decode_head(head)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        first_line = stripped.split("\n", 1)[0].strip()
        if len(head) < SNIFF_BYTES or "\n" in stripped:
            try:
                value = json.loads(first_line)
            except json.JSONDecodeError as exc:
                raise _refuse(
                    _("The first line is not a JSON object (%(why)s). JSON Lines logs hold one JSON object per line.")
                    % {"why": exc.msg}
                ) from exc
            if not isinstance(value, dict):
                raise _refuse(_("JSON Lines logs hold one JSON object per line."))
        return LogFormat.JSONL
    if stripped.startswith("["):
        raise _refuse(_("The file is a JSON array. Write one JSON object per line (JSON Lines) instead."))
    if stripped.startswith("<"):
        raise _refuse(_("The file is an HTML or XML document, not a CSV, Parquet or JSON Lines log."))
    header = stripped.split("\n", 1)[0]
    if not any(sep in header for sep in (",", ";", "\t", "|")):
        raise _refuse(
            _(
                "The first line has no column separator (comma, semicolon or tab): this does not look "
                "like a CSV table with a header row."
            )
        )
    return LogFormat.CSV


def _decode_head(head: bytes) -> str:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed block is not a fault.
        if exc.start >= len(head) - 3 and len(head) >= SNIFF_BYTES:
            return head[: exc.start].decode("utf-8")
        raise _refuse(
            _("The file is not UTF-8 text (byte %(pos)s). Save it as “CSV UTF-8”.") % {"pos": exc.start}
        ) from exc


def format_from_name(name: str) -> str | None:
    lowered = name.lower()
    for suffix, fmt in _NAME_SUFFIXES.items():
        if lowered.endswith(suffix):
            return fmt
    return None


# ---- columns and preview -------------------------------------------------------------------


@dataclass
class LogPreview:
    columns: list[tuple[str, str]]  # (name, DuckDB type)
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


def _scan(path: str, fmt: str) -> str:
    literal = "'" + path.replace("'", "''") + "'"
    if fmt == LogFormat.PARQUET:
        return f"read_parquet({literal})"
    if fmt == LogFormat.JSONL:
        return f"read_json({literal}, format='newline_delimited')"
    return f"read_csv({literal}, header=true)"


def preview_log(path: str, fmt: str, rows: int = PREVIEW_ROWS) -> LogPreview:
    """The log's columns and first rows; a file DuckDB cannot read is refused with its reason."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {_scan(path, fmt)}").fetchall()
            sample = con.execute(f"SELECT * FROM {_scan(path, fmt)} LIMIT {int(rows)}").fetchall()
        except duckdb.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise _refuse(
                _("The file cannot be read as %(format)s: %(reason)s")
                % {"format": LogFormat(fmt).label, "reason": reason}
            ) from exc
    finally:
        con.close()
    columns = [(str(r[0]), str(r[1])) for r in described]
    if not sample:
        raise _refuse(_("The log is empty: it has a header but no rows."))
    return LogPreview(columns=columns, rows=[[_cell(v) for v in row] for row in sample])


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


# ---- guessing the mapping ------------------------------------------------------------------

# Normalised column names that suggest each field, best first (English, Russian, Spanish).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": (
        "customer id",
        "customer",
        "client id",
        "client",
        "user id",
        "user",
        "visitor id",
        "visitor",
        "contact id",
        "contact",
        "journey id",
        "journey",
        "session id",
        "patient id",
        "patient",
        "person id",
        "lead id",
        "cookie id",
        "id клиента",
        "клиент",
        "пациент",
        "пользователь",
        "id cliente",
        "cliente",
        "usuario",
        "paciente",
    ),
    "timestamp": (
        "timestamp",
        "ts",
        "event time",
        "event timestamp",
        "datetime",
        "date time",
        "time",
        "date",
        "occurred at",
        "created at",
        "event date",
        "дата время",
        "время",
        "дата",
        "fecha hora",
        "fecha",
        "hora",
        "marca de tiempo",
    ),
    "touchpoint": (
        "touchpoint",
        "touchpoint code",
        "touch point",
        "channel",
        "touchpoint name",
        "source",
        "medium",
        "interaction",
        "event",
        "event name",
        "touch",
        "точка контакта",
        "канал",
        "источник",
        "punto de contacto",
        "canal",
        "fuente",
    ),
    "conversion": (
        "conversion",
        "converted",
        "is conversion",
        "conv",
        "purchase",
        "purchased",
        "booked",
        "booking",
        "order",
        "sale",
        "outcome",
        "goal",
        "конверсия",
        "покупка",
        "запись",
        "conversión",
        "conversion flag",
        "compra",
        "reserva",
    ),
    "value": (
        "conversion value",
        "value",
        "revenue",
        "amount",
        "sum",
        "price",
        "order value",
        "income",
        "выручка",
        "сумма",
        "стоимость",
        "valor",
        "importe",
        "ingresos",
    ),
    "segment": ("segment", "customer segment", "cohort", "group", "audience", "сегмент", "группа", "segmento", "grupo"),
}
_TIME_TYPES = ("TIMESTAMP", "DATE")


def normalise_name(name: str) -> str:
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", plain)  # customerId -> customer Id
    return re.sub(r"[\W_]+", " ", spaced.casefold()).strip()


def guess_mapping(columns: Iterable[tuple[str, str]]) -> dict[str, str | None]:
    """The likeliest column for each field (None when nothing fits); a column serves one field."""
    columns = list(columns)
    norm = {name: normalise_name(name) for name, _ in columns}
    synonyms = {f: tuple(normalise_name(s) for s in SYNONYMS.get(f, ())) for f in ALL_FIELDS}
    scores: list[tuple[float, str, str]] = []
    for field_name, words in synonyms.items():
        for name, duck_type in columns:
            key = norm[name]
            score = 0.0
            for rank, word in enumerate(words):
                if key == word:
                    score = max(score, 100.0 - rank)
                elif word and (key.startswith(word + " ") or key.endswith(" " + word)):
                    score = max(score, 50.0 - rank)
            if field_name == "timestamp" and duck_type.upper().startswith(_TIME_TYPES):
                score += 30.0
            if field_name == "conversion" and duck_type.upper() == "BOOLEAN":
                score += 30.0
            if score > 0:
                scores.append((score, field_name, name))
    guess: dict[str, str | None] = {f: None for f in ALL_FIELDS}
    used: set[str] = set()
    for _score, field_name, name in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if guess[field_name] is None and name not in used:
            guess[field_name] = name
            used.add(name)
    return guess


# ---- the command line for big logs ---------------------------------------------------------


def cli_command(*, slug: str, source_name: str | None = None, columns: dict[str, str | None] | None = None) -> str:
    """The command that analyses a log of any size and keeps the result with the workspace."""
    mapping = columns or {}
    parts = []
    for field_name in ALL_FIELDS:
        column = mapping.get(field_name)
        if column:
            parts.append(f"{field_name}={column}")
        elif field_name in REQUIRED_FIELDS:
            parts.append(f"{field_name}=COLUMN")
    log = shlex.quote(source_name) if source_name else "LOG"
    return f"touchpoints journeys analyze {log} --map {shlex.quote(','.join(parts))} --workspace {slug}"
