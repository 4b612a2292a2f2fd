"""The embedded engine: DuckDB does the pass over the events, in-process.

One sort of the events per customer (a window) gives journey numbers and the next event of each
event; a group-by gives journeys, another the distinct paths with their counts. The driver only
sees distinct paths, transitions and a few statistics.
"""

from __future__ import annotations

import os
from typing import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from .aggregates import (
    DEFAULT_HALF_LIFE_SECONDS,
    QUANTILES,
    TIME_TO_CONVERSION_BOUNDS,
    TIME_TO_CONVERSION_OPEN_BUCKET,
    Filters,
    JourneyAggregates,
    Progress,
    TimeToConversion,
    epoch_us,
)
from .io import ColumnMap, load_events, quote_literal


class DuckDBEngine:
    """Loads a log once; :meth:`aggregate` may then run for several filters (e.g. per segment)."""

    name = "duckdb"

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = "1500MB",
                 temp_directory: str | None = None) -> None:
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET TimeZone = 'UTC'")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        if temp_directory:
            self.con.execute(f"SET temp_directory = '{temp_directory}'")
        self.n_rows = 0

    def load(self, path: str, columns: ColumnMap, fmt: str | None = None) -> int:
        """Read and validate the log (raises LogError); returns its number of rows."""
        self.n_rows = load_events(self.con, os.fspath(path), columns, fmt, table="ev")
        return self.n_rows

    def segment_values(self) -> list[str]:
        rows = self.con.execute("SELECT DISTINCT seg FROM ev WHERE seg IS NOT NULL ORDER BY seg").fetchall()
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        self.con.close()

    def aggregate(
        self,
        filters: Filters = Filters(),
        *,
        half_life_seconds: float = DEFAULT_HALF_LIFE_SECONDS,
        progress: Progress | None = None,
    ) -> JourneyAggregates:
        con = self.con
        say = progress or (lambda _msg: None)
        con.execute(f"CREATE OR REPLACE TEMP VIEW fev AS SELECT * FROM ev {_where(filters)}")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE chan AS SELECT ch, CAST(row_number() OVER (ORDER BY ch) - 1 AS INTEGER) AS id "
            "FROM (SELECT DISTINCT ch FROM fev)"
        )
        channels = [str(r[0]) for r in con.execute("SELECT ch FROM chan ORDER BY id").fetchall()]
        say("ordering events into journeys")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE seqd AS
            SELECT cust, ts_us, id, conv, val,
                   CAST(sum(CAST(conv AS INTEGER)) OVER w_run - CAST(conv AS INTEGER) AS INTEGER) AS jn,
                   lead(id) OVER w AS next_id,
                   lead(ts_us) OVER w AS next_ts,
                   row_number() OVER w AS k
            FROM fev JOIN chan USING (ch)
            WINDOW w AS (PARTITION BY cust ORDER BY ts_us, conv, id, val),
                   w_run AS (PARTITION BY cust ORDER BY ts_us, conv, id, val
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            """
        )
        n_events, first_us, last_us = con.execute("SELECT count(*), min(ts_us), max(ts_us) FROM seqd").fetchall()[0]
        say(f"{n_events} events; directly-follows graph")
        dfg = con.sql(
            """
            SELECT id, next_id, count(*) AS n, median((next_ts - ts_us) / 1e6) AS med
            FROM seqd WHERE next_id IS NOT NULL AND NOT conv
            GROUP BY id, next_id ORDER BY id, next_id
            """
        ).to_arrow_table()
        say("journeys and paths")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE jr AS
            SELECT list_transform(list_sort(list(k * {base} + id)),
                                  lambda x: CAST(x % {base} AS INTEGER)) AS path,
                   bool_or(conv) AS converted,
                   coalesce(sum(val) FILTER (WHERE conv), 0.0) AS value,
                   min(ts_us) AS t0, max(ts_us) AS t1,
                   CASE WHEN bool_or(conv) THEN list_sort(list(ts_us)) END AS times
            FROM seqd GROUP BY cust, jn
            """.format(base=_pack_base(len(channels)))
        )
        con.execute("DROP TABLE seqd")
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE pt AS
            SELECT CAST(row_number() OVER (ORDER BY n DESC, c DESC, path) - 1 AS BIGINT) AS pid, *
            FROM (SELECT path, count(*) AS n, count(*) FILTER (WHERE converted) AS c,
                         CAST(sum(value) AS DOUBLE) AS v
                  FROM jr GROUP BY path)
            """
        )
        paths = con.sql("SELECT path, n, c, v FROM pt ORDER BY pid").to_arrow_table()
        say(f"{paths.num_rows} distinct paths; time-decay weights")
        hl_us = float(half_life_seconds) * 1e6
        td = con.sql(
            f"""
            SELECT pt.pid, u.pos, sum(u.w) AS wc, sum(u.w * u.value) AS wv
            FROM (SELECT path, value, unnest(range(len(ws))) AS pos, unnest(ws) / list_sum(ws) AS w
                  FROM (SELECT path, value,
                               list_transform(times, lambda x: pow(0.5, (t1 - x) / {hl_us!r})) AS ws
                        FROM jr WHERE converted)) AS u
            JOIN pt USING (path)
            GROUP BY pt.pid, u.pos
            """
        ).to_arrow_table()
        ttc = _time_to_conversion(con)
        con.execute("DROP TABLE jr")
        con.execute("DROP TABLE pt")
        return _build(channels, paths, td, dfg, ttc, int(n_events or 0), first_us, last_us,
                      half_life_seconds, self.segment_values())


def _pack_base(n_channels: int) -> int:
    """Paths are built as list_sort(list(k * base + id)): sorting the packed numbers orders a
    journey's touches by their rank k without an ordered aggregate (several times faster); the
    times list sorts the same way because rank follows time."""
    return 1 << max(1, (max(n_channels, 2) - 1).bit_length())


def _where(filters: Filters) -> str:
    """A WHERE clause with the filters inlined as literals (a view cannot take parameters)."""
    clauses: list[str] = []
    if filters.segments:
        clauses.append("seg IN (" + ", ".join(quote_literal(s) for s in filters.segments) + ")")
    if filters.since is not None:
        clauses.append(f"ts_us >= {epoch_us(filters.since)}")
    if filters.until is not None:
        clauses.append(f"ts_us < {epoch_us(filters.until)}")
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _time_to_conversion(con: duckdb.DuckDBPyConnection) -> TimeToConversion:
    bucket_sql = []
    lower = 0.0
    for _, upper in TIME_TO_CONVERSION_BOUNDS:
        bucket_sql.append(f"count(*) FILTER (WHERE d >= {lower!r} AND d < {upper!r})")
        lower = upper
    bucket_sql.append(f"count(*) FILTER (WHERE d >= {lower!r})")
    qs = ", ".join(repr(q) for q in QUANTILES)
    row = con.execute(
        f"SELECT count(*), avg(d), quantile_cont(d, [{qs}]), {', '.join(bucket_sql)} "
        "FROM (SELECT (t1 - t0) / 1e6 AS d FROM jr WHERE converted)"
    ).fetchall()[0]
    assert row is not None
    return time_to_conversion_from_row(row)


def time_to_conversion_from_row(row: Sequence[object]) -> TimeToConversion:
    """Shared by both engines: (count, mean, [quantiles], bucket counts...)."""
    count = int(row[0])  # type: ignore[call-overload]
    quantile_values = row[2] if count else None
    names = [f"p{int(round(q * 100))}" for q in QUANTILES]
    quantiles: dict[str, float | None] = {
        name: (float(v) if quantile_values is not None else None)  # type: ignore[arg-type]
        for name, v in zip(names, quantile_values or [None] * len(names))  # type: ignore[arg-type]
    }
    labels = [label for label, _ in TIME_TO_CONVERSION_BOUNDS] + [TIME_TO_CONVERSION_OPEN_BUCKET]
    histogram = [(label, int(n)) for label, n in zip(labels, row[3:])]  # type: ignore[call-overload]
    return TimeToConversion(
        conversions=count,
        mean_seconds=float(row[1]) if count else None,  # type: ignore[arg-type]
        quantiles=quantiles,
        histogram=histogram,
    )


def _build(
    channels: list[str],
    paths: pa.Table,
    td: pa.Table,
    dfg: pa.Table,
    ttc: TimeToConversion,
    n_events: int,
    first_us: object,
    last_us: object,
    half_life_seconds: float,
    segment_values: list[str],
) -> JourneyAggregates:
    path_col = paths.column("path").combine_chunks()
    if isinstance(path_col, pa.ChunkedArray):  # an empty table
        path_col = pa.array([], type=pa.list_(pa.int32()))
    offsets = np.asarray(path_col.offsets, dtype=np.int64)
    offsets = offsets - offsets[0] if offsets.size else np.zeros(1, dtype=np.int64)
    members = np.asarray(path_col.flatten(), dtype=np.int64)
    return assemble(
        channels=channels,
        offsets=offsets,
        members=members,
        journeys=np.asarray(paths.column("n"), dtype=np.int64),
        conversions=np.asarray(paths.column("c"), dtype=np.int64),
        value=np.nan_to_num(np.asarray(paths.column("v"), dtype=np.float64)),
        td_pid=np.asarray(td.column("pid"), dtype=np.int64),
        td_pos=np.asarray(td.column("pos"), dtype=np.int64),
        td_wc=np.asarray(td.column("wc"), dtype=np.float64),
        td_wv=np.asarray(td.column("wv"), dtype=np.float64),
        dfg_from=np.asarray(dfg.column("id"), dtype=np.int64),
        dfg_to=np.asarray(dfg.column("next_id"), dtype=np.int64),
        dfg_count=np.asarray(dfg.column("n"), dtype=np.int64),
        dfg_median=np.asarray(dfg.column("med"), dtype=np.float64),
        ttc=ttc,
        n_events=n_events,
        first_us=first_us,
        last_us=last_us,
        half_life_seconds=half_life_seconds,
        segment_values=segment_values,
    )


def assemble(
    *,
    channels: list[str],
    offsets: np.ndarray,
    members: np.ndarray,
    journeys: np.ndarray,
    conversions: np.ndarray,
    value: np.ndarray,
    td_pid: np.ndarray,
    td_pos: np.ndarray,
    td_wc: np.ndarray,
    td_wv: np.ndarray,
    dfg_from: np.ndarray,
    dfg_to: np.ndarray,
    dfg_count: np.ndarray,
    dfg_median: np.ndarray,
    ttc: TimeToConversion,
    n_events: int,
    first_us: object,
    last_us: object,
    half_life_seconds: float,
    segment_values: list[str],
) -> JourneyAggregates:
    """Build the aggregates from plain arrays (used by both engines)."""
    td_conversions = np.zeros(members.shape[0], dtype=np.float64)
    td_value = np.zeros(members.shape[0], dtype=np.float64)
    if td_pid.size:
        slots = offsets[td_pid] + td_pos
        td_conversions[slots] = td_wc
        td_value[slots] = td_wv
    return JourneyAggregates(
        channels=channels,
        path_offsets=offsets.astype(np.int64),
        path_members=members.astype(np.int64),
        path_journeys=journeys.astype(np.int64),
        path_conversions=conversions.astype(np.int64),
        path_value=value.astype(np.float64),
        td_conversions=td_conversions,
        td_value=td_value,
        dfg_from=dfg_from.astype(np.int64),
        dfg_to=dfg_to.astype(np.int64),
        dfg_count=dfg_count.astype(np.int64),
        dfg_median_seconds=dfg_median.astype(np.float64),
        time_to_conversion=ttc,
        n_events=n_events,
        first_event_us=None if first_us is None else int(first_us),  # type: ignore[call-overload]
        last_event_us=None if last_us is None else int(last_us),  # type: ignore[call-overload]
        half_life_seconds=float(half_life_seconds),
        segment_values=segment_values,
    )
