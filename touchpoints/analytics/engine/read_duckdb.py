"""Reading a log into DuckDB: the typed events table both the check and the analysis use.

The file is scanned once into the table (mapped columns of CSV/JSON as text, so that a bad value
is found and named by us instead of failing the read half way); the faults are then counted in
the table, and only on the error path is the file read again, for the raw text of the first
faulty value.
"""

from __future__ import annotations

import os

import duckdb

from .errors import LogError
from .faults import EMPTY_FILE, TYPED_COLUMNS, fault_error, first_line, missing_file, no_rows, unreadable
from .io import FALSE_WORDS, TRUE_WORDS, ColumnMap, LogFormat, check_columns, detect_format, quote_ident, quote_literal


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
        raise LogError(unreadable(os.path.basename(path), fmt, first_line(exc))) from exc
    return [(str(r[0]), str(r[1])) for r in rows]


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


# (field, SQL condition on the typed columns that marks a faulty value)
_FAULTS: tuple[tuple[str, str], ...] = tuple((name, f"{column} IS NULL") for name, column in TYPED_COLUMNS.items())


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
    The file is scanned once, into the table; the ENUM is made from the table's names.
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
        f"{_text_expr(columns.touchpoint)} AS ch, "
        f"{_conversion_expr(columns.conversion, _read_type(types[columns.conversion], log_format))} AS conv, "
        f"{_value_expr(columns.value)} AS val, "
        f"{_text_expr(columns.segment)} AS seg "
        f"FROM {scan}"
    )
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"DROP TYPE IF EXISTS {channel_type}")
        con.execute(f"CREATE TEMP TABLE {table} AS {typed}")
    except duckdb.Error as exc:
        raise LogError(unreadable(source_name, log_format, first_line(exc))) from exc
    counts = con.execute(
        "SELECT count(*), " + ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond in _FAULTS) + f" FROM {table}"
    ).fetchall()[0]
    assert counts is not None
    total = int(counts[0])
    if total == 0:
        raise LogError(no_rows(source_name))
    for (field_name, condition), bad in zip(_FAULTS, counts[1:]):
        if bad:
            _raise_fault(con, table, scan, getattr(columns, field_name), field_name, condition, int(bad), log_format)
    _channel_enum(con, table)
    return total


def _channel_enum(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Turn the table's touchpoint names into an ENUM of them in alphabetical order."""
    channel_type = quote_ident(f"{table}_channel")
    con.execute(
        f"CREATE TYPE {channel_type} AS ENUM (SELECT DISTINCT ch FROM {table} WHERE ch IS NOT NULL ORDER BY ch)"
    )
    con.execute(f"ALTER TABLE {table} ALTER ch SET DATA TYPE {channel_type}")


def save_events(con: duckdb.DuckDBPyConnection, path: str, *, table: str = "ev") -> None:
    """Keep the checked events of ``table`` (typed, in file order) as a Parquet file, so that a
    later analysis reads them (:func:`load_saved_events`) instead of reading the log again."""
    con.execute(f"COPY {table} TO {quote_literal(path)} (FORMAT parquet)")


def load_saved_events(con: duckdb.DuckDBPyConnection, path: str, *, table: str = "ev") -> int:
    """The events kept by :func:`save_events`, into ``table`` as :func:`load_events` leaves it
    (they were checked when saved); returns the number of rows."""
    if not os.path.exists(path):
        raise LogError(missing_file(path))
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"DROP TYPE IF EXISTS {quote_ident(f'{table}_channel')}")
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM read_parquet({quote_literal(path)})")
    _channel_enum(con, table)
    counted = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(counted[0]) if counted else 0


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
    bad: int,
    fmt: LogFormat,
) -> None:
    """Name the first faulty rows. DuckDB keeps insertion order, so row_number() is file order."""
    rows = con.execute(
        f"SELECT rn FROM (SELECT row_number() OVER () AS rn, * FROM {table}) WHERE {condition} ORDER BY rn LIMIT 3"
    ).fetchall()
    numbers = [int(r[0]) for r in rows]
    raw = _raw_value(con, scan, column, numbers[0])
    raise fault_error(numbers=numbers, bad=bad, column=column, field_name=field_name, value=raw, csv=fmt == "csv")


def _raw_value(con: duckdb.DuckDBPyConnection, scan: str, column: str, row: int) -> str | None:
    """The text of ``column`` at data row ``row`` (only on the error path: it re-reads the file)."""
    found = con.execute(
        f"SELECT CAST({quote_ident(column)} AS VARCHAR) FROM "
        f"(SELECT row_number() OVER () AS rn, * FROM {scan}) WHERE rn = ?",
        [row],
    ).fetchall()
    return found[0][0] if found else None
