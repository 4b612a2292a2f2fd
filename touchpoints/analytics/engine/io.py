"""Reading an interaction log: the column mapping, the file format, and validation.

A log is a table with one row per interaction (a *touch*): who (customer or journey id), when
(timestamp), where (touchpoint / channel), whether it converted, and optionally the conversion
value and the customer's segment. The file's own column names are mapped onto those fields with
a :class:`ColumnMap`. CSV, Parquet and JSON Lines are read by each engine's reader
(``read_duckdb``, ``aggregate_spark``); every fault found is reported as a
:class:`~.errors.LogError` naming the column and the first rows at fault (``faults``).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, fields
from typing import Literal

from .errors import LogError
from .fields import LOG_FIELDS, field_label
from .messages import Text, gettext_noop

LogFormat = Literal["csv", "parquet", "jsonl"]

# The log's fields (``fields.LOG_FIELDS``), as the web app, the API and the command line use them.
REQUIRED_FIELDS = tuple(f.name for f in LOG_FIELDS if f.required)
OPTIONAL_FIELDS = tuple(f.name for f in LOG_FIELDS if not f.required)
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
# What each field holds, in a few words (for help texts and the API's description).
FIELD_DESCRIPTIONS = {f.name: f.description for f in LOG_FIELDS}

# Spellings accepted in the conversion column (compared lower-cased and trimmed), in the product's
# languages too (a CRM export in Russian or Spanish says да/нет, sí/no); anything else that is not
# a number is a fault. A number converts when it is not zero.
TRUE_WORDS = ("1", "true", "t", "yes", "y", "да", "sí", "si")
FALSE_WORDS = ("0", "false", "f", "no", "n", "нет", "")

_SUFFIX_FORMATS: dict[str, LogFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}


@dataclass(frozen=True)
class ColumnMap:
    """Which column of the file holds each field; ``value`` and ``segment`` are optional."""

    customer: str
    timestamp: str
    touchpoint: str
    conversion: str
    value: str | None = None
    segment: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """(field, column) pairs of the mapped fields, in field order."""
        pairs = [(f.name, getattr(self, f.name)) for f in fields(self)]
        return [(name, column) for name, column in pairs if column is not None]

    def as_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def parse_column_map(text: str) -> ColumnMap:
    """Parse ``customer=COL,timestamp=COL,touchpoint=COL,conversion=COL[,value=COL][,segment=COL]``."""
    mapping: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not column:
            raise LogError(Text(gettext_noop("column mapping item %(item)r is not FIELD=COLUMN"), item=part))
        if key not in ALL_FIELDS:
            hint = _did_you_mean(key, ALL_FIELDS)
            raise LogError(
                Text(
                    gettext_noop("unknown field %(field)r in the column mapping%(hint)s; fields are %(fields)s"),
                    field=key,
                    hint=hint,
                    fields=", ".join(ALL_FIELDS),
                ),
                column=key,
            )
        if key in mapping:
            raise LogError(Text(gettext_noop("field %(field)r is mapped twice"), field=key), column=key)
        mapping[key] = column
    missing = [name for name in REQUIRED_FIELDS if name not in mapping]
    if missing:
        raise LogError(
            Text(
                gettext_noop(
                    "the column mapping lacks %(fields)s; give customer=COL,timestamp=COL,touchpoint=COL,conversion=COL"
                ),
                fields=", ".join(missing),
            ),
            column=missing[0],
        )
    return ColumnMap(**mapping)


def detect_format(path: str, fmt: str | None = None) -> LogFormat:
    """The log's format from ``fmt`` or else from the file name's suffix."""
    if fmt:
        name = fmt.lower().lstrip(".")
        aliases: dict[str, LogFormat] = {
            "csv": "csv",
            "parquet": "parquet",
            "jsonl": "jsonl",
            "json": "jsonl",
            "ndjson": "jsonl",
        }
        if name not in aliases:
            raise LogError(Text(gettext_noop("unknown log format %(format)r; use csv, parquet or jsonl"), format=fmt))
        return aliases[name]
    suffix = os.path.splitext(path.removesuffix(".gz"))[1].lower()
    if suffix not in _SUFFIX_FORMATS:
        raise LogError(
            Text(
                gettext_noop(
                    "cannot tell the format of %(name)r from its name; "
                    "name it .csv, .parquet or .jsonl, or give the format"
                ),
                name=os.path.basename(path),
            )
        )
    return _SUFFIX_FORMATS[suffix]


def _did_you_mean(name: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return Text(gettext_noop(" (did you mean %(name)r?)"), name=close[0]) if close else ""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_columns(columns: ColumnMap, available: list[str], source_name: str) -> None:
    """Raise naming the first mapped column that the file lacks."""
    for field_name, column in columns.items():
        if column not in available:
            hint = _did_you_mean(column, available)
            raise LogError(
                Text(
                    gettext_noop(
                        "column %(column)r (mapped to %(field)s) is not in %(source)s%(hint)s; "
                        "its columns are: %(columns)s"
                    ),
                    column=column,
                    field=field_label(field_name),
                    source=source_name,
                    hint=hint,
                    columns=", ".join(available),
                ),
                column=column,
            )
