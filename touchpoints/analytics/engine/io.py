"""Reading an interaction log: the column mapping, the file format, and validation.

A log is a table with one row per interaction (a *touch*): who (customer or journey id), when
(timestamp), where (touchpoint / channel), whether it converted, and optionally the conversion
value and the customer's segment. The file's own column names are mapped onto those fields with
a :class:`ColumnMap`. CSV, Parquet and JSON Lines are read by DuckDB; every fault found is
reported as a :class:`~.errors.LogError` naming the column and the first rows at fault.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, fields
from typing import Literal

import duckdb

from .errors import LogError
from .messages import Text, gettext_noop

LogFormat = Literal["csv", "parquet", "jsonl"]

# The log's fields: the one definition the web app, the API and the command line derive theirs from.
REQUIRED_FIELDS = ("customer", "timestamp", "touchpoint", "conversion")
OPTIONAL_FIELDS = ("value", "segment")
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
# What each field holds, in a few words (for help texts and the API's description).
FIELD_DESCRIPTIONS = {
    "customer": "customer or journey id",
    "timestamp": "timestamp",
    "touchpoint": "touchpoint or channel",
    "conversion": "conversion flag",
    "value": "conversion value",
    "segment": "segment",
}

# Spellings accepted in the conversion column (compared lower-cased and trimmed); anything else
# that is not a number is a fault. A number converts when it is not zero.
TRUE_WORDS = ("1", "true", "t", "yes", "y")
FALSE_WORDS = ("0", "false", "f", "no", "n", "")

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


def _scan_sql(path: str, fmt: LogFormat, columns: ColumnMap | None) -> str:
    """DuckDB table function reading the file; mapped columns of CSV/JSON are read as text so that
    a bad value is found and named by us instead of failing the read half way."""
    source = quote_literal(path)
    if fmt == "parquet":
        return f"read_parquet({source})"
    if fmt == "csv":
        if columns is None:
            return f"read_csv({source}, header=true)"
        types = ", ".join(f"{quote_literal(col)}: 'VARCHAR'" for _, col in columns.items())
        return f"read_csv({source}, header=true, types={{{types}}})"
    return f"read_json({source}, format='newline_delimited')"


def source_columns(con: duckdb.DuckDBPyConnection, path: str, fmt: LogFormat) -> list[tuple[str, str]]:
    """The file's (column, DuckDB type) pairs."""
    if not os.path.exists(path):
        raise LogError(missing_file(path))
    if os.path.getsize(path) == 0:
        raise LogError(EMPTY_FILE)
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {_scan_sql(path, fmt, None)}").fetchall()
    except duckdb.Error as exc:
        raise LogError(unreadable(os.path.basename(path), fmt, _first_line(exc))) from exc
    return [(str(r[0]), str(r[1])) for r in rows]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


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
                    field=FIELD_NAMES.get(field_name, field_name),
                    source=source_name,
                    hint=hint,
                    columns=", ".join(available),
                ),
                column=column,
            )


def _timestamp_expr(column: str, duck_type: str) -> str:
    """Epoch microseconds from a timestamp column of any common type (NULL when unparsable)."""
    col = quote_ident(column)
    upper = duck_type.upper()
    if upper.startswith("TIMESTAMP") or upper == "DATE":
        return f"epoch_us(CAST({col} AS TIMESTAMPTZ))"
    if any(
        upper.startswith(t)
        for t in ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL", "HUGEINT", "SMALLINT", "UBIGINT", "UINTEGER")
    ):
        return f"CAST(round(CAST({col} AS DOUBLE) * 1e6) AS BIGINT)"
    text = f"trim(CAST({col} AS VARCHAR))"
    # A plain number is epoch seconds; else ISO 8601 (with or without an offset; without one it
    # is read as UTC).
    return (
        f"coalesce(CAST(round(try_cast({text} AS DOUBLE) * 1e6) AS BIGINT), epoch_us(try_cast({text} AS TIMESTAMPTZ)))"
    )


def _conversion_expr(column: str, duck_type: str) -> str:
    col = quote_ident(column)
    if duck_type.upper() == "BOOLEAN":
        return f"coalesce({col}, false)"
    text = f"lower(trim(CAST({col} AS VARCHAR)))"
    trues = ", ".join(quote_literal(w) for w in TRUE_WORDS)
    falses = ", ".join(quote_literal(w) for w in FALSE_WORDS)
    return (
        f"CASE WHEN {col} IS NULL THEN false WHEN {text} IN ({trues}) THEN true "
        f"WHEN {text} IN ({falses}) THEN false "
        f"ELSE try_cast({text} AS DOUBLE) <> 0 END"
    )


def _value_expr(column: str | None) -> str:
    if column is None:
        return "CAST(0 AS DOUBLE)"
    col = quote_ident(column)
    return f"CASE WHEN nullif(trim(CAST({col} AS VARCHAR)), '') IS NULL THEN 0.0 ELSE try_cast(trim(CAST({col} AS VARCHAR)) AS DOUBLE) END"


def _id_expr(column: str, duck_type: str) -> str:
    """Customer ids keep a native integer type (faster to partition by); text is trimmed."""
    if duck_type.upper() in ("BIGINT", "INTEGER", "SMALLINT", "UBIGINT", "UINTEGER", "HUGEINT"):
        return quote_ident(column)
    return _text_expr(column)


def _text_expr(column: str | None) -> str:
    if column is None:
        return "CAST(NULL AS VARCHAR)"
    return f"nullif(trim(CAST({quote_ident(column)} AS VARCHAR)), '')"


# What is wrong with a faulty value, per field (shared with the Spark engine).
FAULT_PROBLEMS: dict[str, Text] = {
    "customer": Text(gettext_noop("is empty (every row needs a customer or journey id)")),
    "timestamp": Text(gettext_noop("is not a timestamp (use ISO 8601 such as 2024-05-01 13:45:00, or epoch seconds)")),
    "touchpoint": Text(gettext_noop("is empty (every row needs a touchpoint or channel)")),
    "conversion": Text(gettext_noop("is not a conversion flag (use 1/0, true/false or yes/no)")),
    "value": Text(gettext_noop("is not a number")),
}
FIELD_NAMES: dict[str, Text] = {
    "customer": Text(gettext_noop("customer")),
    "timestamp": Text(gettext_noop("timestamp")),
    "touchpoint": Text(gettext_noop("touchpoint")),
    "conversion": Text(gettext_noop("conversion")),
    "value": Text(gettext_noop("value")),
    "segment": Text(gettext_noop("segment")),
}
EMPTY_FILE = Text(gettext_noop("the log is empty: the file has no rows"))

# (field, SQL condition on the typed + raw columns that marks a fault, what is wrong)
_FAULTS: tuple[tuple[str, str, Text], ...] = tuple(
    (name, condition, FAULT_PROBLEMS[name])
    for name, condition in (
        ("customer", "cust IS NULL"),
        ("timestamp", "ts_us IS NULL"),
        ("touchpoint", "ch IS NULL"),
        ("conversion", "conv IS NULL"),
        ("value", "val IS NULL"),
    )
)


def missing_file(path: str) -> Text:
    return Text(gettext_noop("log file %(path)r does not exist"), path=path)


def unreadable(name: str, fmt: str, reason: str) -> Text:
    return Text(gettext_noop("cannot read %(name)r as %(format)s: %(reason)s"), name=name, format=fmt, reason=reason)


def no_rows(name: str) -> Text:
    return Text(gettext_noop("the log is empty: %(name)r has no data rows"), name=name)


def fault_message(
    *, first: int, numbers: list[int], bad: int, column: str, field_name: str, value: object, problem: Text, csv: bool
) -> Text:
    """``row 7 (line 8 of the file): column 'ts' (timestamp) value 'x' is not a timestamp ...``"""
    where = (
        Text(gettext_noop("row %(row)s (line %(line)s of the file)"), row=first, line=first + 1)
        if csv
        else Text(gettext_noop("row %(row)s"), row=first)
    )
    others = (
        ""
        if bad == 1
        else Text(
            gettext_noop("; %(count)s rows in all, the first at rows %(rows)s"),
            count=bad,
            rows=", ".join(map(str, numbers)),
        )
    )
    return Text(
        gettext_noop("%(where)s: column %(column)r (%(field)s) value %(value)r %(problem)s%(others)s"),
        where=where,
        column=column,
        field=FIELD_NAMES.get(field_name, field_name),
        value=value,
        problem=problem,
        others=others,
    )


def load_events(
    con: duckdb.DuckDBPyConnection,
    path: str,
    columns: ColumnMap,
    fmt: str | None = None,
    *,
    table: str = "ev",
) -> int:
    """Read the log into the DuckDB temp table ``table`` (cust, ts_us, ch, conv, val, seg).

    ``ch`` is an ENUM of the log's touchpoint names in alphabetical order: sorting and grouping
    by it compares small integers, not text (the directly-follows window runs a third faster).
    Raises :class:`LogError` for a missing column, an empty log or the first faulty rows of each
    field. Returns the number of rows.
    """
    log_format = detect_format(path, fmt)
    described = source_columns(con, path, log_format)
    available = [name for name, _ in described]
    source_name = os.path.basename(path)
    check_columns(columns, available, source_name)
    types = dict(described)
    scan = _scan_sql(path, log_format, columns)
    channel_type = quote_ident(f"{table}_channel")
    typed = (
        f"SELECT {_id_expr(columns.customer, _read_type(types[columns.customer], log_format))} AS cust, "
        f"{_timestamp_expr(columns.timestamp, _read_type(types[columns.timestamp], log_format))} AS ts_us, "
        f"CAST({_text_expr(columns.touchpoint)} AS {channel_type}) AS ch, "
        f"{_conversion_expr(columns.conversion, _read_type(types[columns.conversion], log_format))} AS conv, "
        f"{_value_expr(columns.value)} AS val, "
        f"{_text_expr(columns.segment)} AS seg "
        f"FROM {scan}"
    )
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"DROP TYPE IF EXISTS {channel_type}")
        con.execute(
            f"CREATE TYPE {channel_type} AS ENUM (SELECT DISTINCT {_text_expr(columns.touchpoint)} AS ch "
            f"FROM {scan} WHERE ch IS NOT NULL ORDER BY ch)"
        )
        con.execute(f"CREATE TEMP TABLE {table} AS {typed}")
    except duckdb.Error as exc:
        raise LogError(unreadable(source_name, log_format, _first_line(exc))) from exc
    counts = con.execute(
        "SELECT count(*), " + ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond, _ in _FAULTS) + f" FROM {table}"
    ).fetchall()[0]
    assert counts is not None
    total = int(counts[0])
    if total == 0:
        raise LogError(no_rows(source_name))
    for (field_name, condition, problem), bad in zip(_FAULTS, counts[1:]):
        if bad:
            column = getattr(columns, field_name)
            _raise_fault(con, table, scan, column, field_name, condition, problem, int(bad), log_format)
    return total


def _read_type(duck_type: str, fmt: LogFormat) -> str:
    # CSV mapped columns are forced to text by _scan_sql; JSON keeps its own types.
    return "VARCHAR" if fmt == "csv" else duck_type


def _raise_fault(
    con: duckdb.DuckDBPyConnection,
    table: str,
    scan: str,
    column: str,
    field_name: str,
    condition: str,
    problem: Text,
    bad: int,
    fmt: LogFormat,
) -> None:
    """Name the first faulty rows. DuckDB keeps insertion order, so row_number() is file order."""
    rows = con.execute(
        f"SELECT rn FROM (SELECT row_number() OVER () AS rn, * FROM {table}) WHERE {condition} ORDER BY rn LIMIT 3"
    ).fetchall()
    numbers = [int(r[0]) for r in rows]
    first = numbers[0]
    raw = _raw_value(con, scan, column, first)
    raise LogError(
        fault_message(
            first=first,
            numbers=numbers,
            bad=bad,
            column=column,
            field_name=field_name,
            value=raw,
            problem=problem,
            csv=fmt == "csv",
        ),
        column=column,
        row=first,
    )


def _raw_value(con: duckdb.DuckDBPyConnection, scan: str, column: str, row: int) -> str | None:
    """The text of ``column`` at data row ``row`` (only on the error path: it re-reads the file)."""
    found = con.execute(
        f"SELECT CAST({quote_ident(column)} AS VARCHAR) FROM "
        f"(SELECT row_number() OVER () AS rn, * FROM {scan}) WHERE rn = ?",
        [row],
    ).fetchall()
    return found[0][0] if found else None
