"""The embedded engine: DuckDB does the pass over the events, in-process.

One sort of the events per customer (a window) gives journey numbers and the next event of each
event; a group-by gives journeys, another the distinct paths with their counts. The driver only
sees distinct paths, transitions and a few statistics.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from .aggregates import (
    DEFAULT_HALF_LIFE_SECONDS,
    DEFAULT_TOP_VARIANTS,
    QUANTILES,
    TIME_TO_CONVERSION_BOUNDS,
    TIME_TO_CONVERSION_OPEN_BUCKET,
    Filters,
    JourneyAggregates,
    Progress,
    TimeToConversion,
    epoch_us,
)
from .io import ColumnMap, quote_literal
from .messages import Text, gettext_noop
from .read_duckdb import load_events

# Sums over journeys are taken in fixed-point decimal: exact, so the same log gives the same
# numbers to the last bit whatever the order in which the threads add them up.


class DuckDBEngine:
    """Loads a log once; :meth:`aggregate` may then run for several filters (e.g. per segment)."""

    name = "duckdb"

    def __init__(
        self, *, threads: int | None = None, memory_limit: str | None = "1500MB", temp_directory: str | None = None
    ) -> None:
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

    def _order_events(self, filters: Filters) -> list[str]:
        """Number the channels and put every event in order: journey number, rank, next event."""
        con = self.con
        con.execute(f"CREATE OR REPLACE TEMP VIEW fev AS SELECT * FROM ev {_where(filters)}")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE chan AS SELECT ch, CAST(row_number() OVER (ORDER BY ch) - 1 AS INTEGER) AS id "
            "FROM (SELECT DISTINCT ch FROM fev)"
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE seqd AS
            SELECT cust, ts_us, id, conv, val,
                   CAST(sum(CAST(conv AS INTEGER)) OVER w_run - CAST(conv AS INTEGER) AS INTEGER) AS jn,
                   lead(id) OVER w AS next_id,
                   lead(ts_us) OVER w AS next_ts,
                   row_number() OVER w AS k,
                   -- the first conversion at or after the event ends its journey (NULL: never converts)
                   min(CASE WHEN conv THEN ts_us END) OVER w_rest AS tconv
            FROM fev JOIN chan USING (ch)
            WINDOW w AS (PARTITION BY cust ORDER BY ts_us, conv, id, val),
                   w_run AS (PARTITION BY cust ORDER BY ts_us, conv, id, val
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                   w_rest AS (PARTITION BY cust ORDER BY ts_us, conv, id, val
                              ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
            """
        )
        return [str(r[0]) for r in con.execute("SELECT ch FROM chan ORDER BY id").fetchall()]

    def _dfg(self) -> pa.Table:
        return self.con.sql(
            """
            SELECT id, next_id, count(*) AS n, median((next_ts - ts_us) / 1e6) AS med
            FROM seqd WHERE next_id IS NOT NULL AND NOT conv
            GROUP BY id, next_id ORDER BY id, next_id
            """
        ).to_arrow_table()

    def directly_follows(
        self, filters: Filters = Filters(), *, medians: bool = True
    ) -> list[tuple[str, str, int, float | None]]:
        """Only the directly-follows graph: (from, to, count, median seconds between; None when
        ``medians`` is off, as in pm4py's ``discover_dfg``). One window with lead() alone; an event
        that converts ends its journey, so it has no successor."""
        median = "median(gap / 1e6)" if medians else "NULL"
        rows = self.con.execute(
            f"""
            WITH fev AS (SELECT * FROM ev {_where(filters)}),
                 nxt AS (SELECT ch, conv, lead(ch) OVER w AS next_ch, lead(ts_us) OVER w - ts_us AS gap
                         FROM fev WINDOW w AS (PARTITION BY cust ORDER BY ts_us, conv, ch))
            SELECT ch, next_ch, count(*), {median} FROM nxt
            WHERE next_ch IS NOT NULL AND NOT conv GROUP BY ch, next_ch ORDER BY ch, next_ch
            """
        ).fetchall()
        return [(str(a), str(b), int(n), None if m is None else float(m)) for a, b, n, m in rows]

    def aggregate(
        self,
        filters: Filters = Filters(),
        *,
        half_life_seconds: float = DEFAULT_HALF_LIFE_SECONDS,
        top_variants: int = DEFAULT_TOP_VARIANTS,
        progress: Progress | None = None,
    ) -> JourneyAggregates:
        con = self.con
        say = progress or (lambda _msg: None)
        say(Text(gettext_noop("Ordering events into journeys")))
        channels = self._order_events(filters)
        n_events, first_us, last_us = con.execute("SELECT count(*), min(ts_us), max(ts_us) FROM seqd").fetchall()[0]
        say(Text(gettext_noop("%(events)s events; the directly-follows graph"), events=n_events))
        dfg = self._dfg()
        say(Text(gettext_noop("Journeys and paths")))
        hl_us = float(half_life_seconds) * 1e6
        base = _pack_base(len(channels))
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE jr AS
            SELECT list_transform(list_sort(list(k * {base} + id)),
                                  lambda x: CAST(x % {base} AS INTEGER)) AS path,
                   bool_or(conv) AS converted,
                   coalesce(sum(val) FILTER (WHERE conv), 0.0) AS value,
                   min(ts_us) AS t0, max(ts_us) AS t1,
                   -- time-decay weights grow with time, so sorting them puts them in path order
                   list_sort(list(pow(0.5, (tconv - ts_us) / {hl_us!r})) FILTER (WHERE tconv IS NOT NULL)) AS ws
            FROM seqd GROUP BY cust, jn
            """
        )
        con.execute("DROP TABLE seqd")
        # numbered in no particular order (a sort on the lists costs seconds): assemble() puts the
        # paths in the canonical order, and the variants shown come from an exact top-N query
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE pt AS
            SELECT CAST(row_number() OVER () - 1 AS BIGINT) AS pid, *
            FROM (SELECT path, count(*) AS n, count(*) FILTER (WHERE converted) AS c,
                         CAST(sum(CAST(value AS DECIMAL(38, 9))) AS DOUBLE) AS v
                  FROM jr GROUP BY path)
            """
        )
        paths = con.sql("SELECT path, n, c, v FROM pt ORDER BY pid").to_arrow_table()
        variant_order = [
            int(r[0])
            for r in con.execute(
                f"SELECT pid FROM pt ORDER BY n DESC, c DESC, path LIMIT {int(top_variants)}"
            ).fetchall()
        ]
        say(Text(gettext_noop("%(paths)s distinct paths; time-decay weights"), paths=paths.num_rows))
        td = con.sql(
            """
            SELECT pt.pid, t.pos, t.wc, t.wv
            FROM (SELECT path, pos, CAST(sum(CAST(w AS DECIMAL(38, 15))) AS DOUBLE) AS wc,
                         CAST(sum(CAST(w * value AS DECIMAL(38, 12))) AS DOUBLE) AS wv
                  FROM (SELECT path, value, unnest(range(len(ws))) AS pos, unnest(ws) / list_sum(ws) AS w
                        FROM jr WHERE converted)
                  GROUP BY path, pos) AS t
            JOIN pt USING (path)
            """
        ).to_arrow_table()
        ttc = _time_to_conversion(con)
        con.execute("DROP TABLE jr")
        con.execute("DROP TABLE pt")
        return _build(
            channels,
            paths,
            td,
            dfg,
            ttc,
            int(n_events or 0),
            first_us,
            last_us,
            half_life_seconds,
            self.segment_values(),
            variant_order,
        )


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
        f"SELECT count(*), avg(t1 - t0) / 1e6, quantile_cont(d, [{qs}]), {', '.join(bucket_sql)} "
        "FROM (SELECT t0, t1, (t1 - t0) / 1e6 AS d FROM jr WHERE converted)"
    ).fetchall()[0]
    assert row is not None
    return time_to_conversion_from_row(row)


def time_to_conversion_from_row(row: Sequence[object]) -> TimeToConversion:
    """Shared by both engines: (count, mean, [quantiles], bucket counts...)."""
    count = int(row[0])  # type: ignore[call-overload]
    names = [f"p{int(round(q * 100))}" for q in QUANTILES]
    values: list[object] = list(row[2]) if count and row[2] is not None else [None] * len(names)  # type: ignore[call-overload]
    quantiles: dict[str, float | None] = {
        name: (None if v is None else float(v))  # type: ignore[arg-type]
        for name, v in zip(names, values)
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
    variant_order: list[int],
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
        variant_order=variant_order,
    )


def canonical_path_order(
    offsets: np.ndarray, members: np.ndarray, journeys: np.ndarray, conversions: np.ndarray
) -> np.ndarray:
    """An order of the distinct paths fixed by the data alone, whatever the engine: most journeys
    first, then most conversions, then a 64-bit polynomial hash of the path. Sums over paths then
    run in the same order on every engine and every run, to the last bit."""
    lengths = np.diff(offsets)
    if lengths.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    position = np.arange(members.shape[0], dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    powers = np.cumprod(np.full(int(lengths.max(initial=0)) + 1, 0x9E3779B97F4A7C15, dtype=np.uint64))
    with np.errstate(over="ignore"):
        terms = (members.astype(np.uint64) + np.uint64(1)) * powers[position]
        keys = np.zeros(lengths.shape[0], dtype=np.uint64)
        nonempty = lengths > 0
        keys[nonempty] = np.add.reduceat(terms, offsets[:-1][nonempty]) if terms.size else 0
        keys = keys * np.uint64(0xBF58476D1CE4E5B9) + lengths.astype(np.uint64)
    return np.lexsort((keys, -conversions.astype(np.int64), -journeys.astype(np.int64))).astype(np.int64)


def _reorder_csr(offsets: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """New offsets and the member gather index for the rows of a CSR structure in ``order``."""
    lengths = np.diff(offsets)[order]
    new_offsets = np.zeros(order.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    gather = np.repeat(offsets[:-1][order] - new_offsets[:-1], lengths) + np.arange(
        int(new_offsets[-1]), dtype=np.int64
    )
    return new_offsets, gather


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
    variant_order: list[int],
) -> JourneyAggregates:
    """Build the aggregates from plain arrays (used by both engines), paths in canonical order."""
    td_conversions = np.zeros(members.shape[0], dtype=np.float64)
    td_value = np.zeros(members.shape[0], dtype=np.float64)
    if td_pid.size:
        slots = offsets[td_pid] + td_pos
        td_conversions[slots] = td_wc
        td_value[slots] = td_wv
    order = canonical_path_order(offsets, members, journeys, conversions)
    offsets, gather = _reorder_csr(offsets, order)
    members, td_conversions, td_value = members[gather], td_conversions[gather], td_value[gather]
    journeys, conversions, value = journeys[order], conversions[order], value[order]
    new_index = np.empty(order.shape[0], dtype=np.int64)
    new_index[order] = np.arange(order.shape[0])
    variant_order = new_index[np.asarray(variant_order, dtype=np.int64)].tolist() if len(variant_order) else []
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
        variant_order=np.asarray(variant_order, dtype=np.int64),
    )
