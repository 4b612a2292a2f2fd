"""The embedded engine: DuckDB does the pass over the events, in-process.

One sort of the events per customer (a window) gives journey numbers and the next event of each
event; a group-by gives journeys, another the distinct paths with their counts. The driver only
sees distinct paths, transitions and a few statistics.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from .aggregates import QUANTILES, TIME_TO_CONVERSION_BOUNDS, Filters, Progress, TimeToConversion, epoch_us
from .assembly import EventEngine, pack_base, time_to_conversion_from_row
from .io import ColumnMap, quote_literal
from .messages import Text, gettext_noop
from .read_duckdb import load_events, load_saved_events, save_events

# Sums over journeys are taken in fixed-point decimal: exact, so the same log gives the same
# numbers to the last bit whatever the order in which the threads add them up.


class DuckDBEngine(EventEngine):
    """The log in an in-process DuckDB database, one connection per engine."""

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
        self.n_rows = load_events(self.con, os.fspath(path), columns, fmt, table="ev")
        return self.n_rows

    def load_saved(self, path: str) -> int:
        self.n_rows = load_saved_events(self.con, os.fspath(path), table="ev")
        return self.n_rows

    def save(self, path: str) -> None:
        """Keep the loaded events in ``path`` (Parquet) for :meth:`load_saved`."""
        save_events(self.con, os.fspath(path), table="ev")

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

    def _aggregate(
        self, filters: Filters, half_life_seconds: float, top_variants: int, say: Progress
    ) -> dict[str, Any]:
        con = self.con
        channels = self._order_events(filters)
        n_events, first_us, last_us = con.execute("SELECT count(*), min(ts_us), max(ts_us) FROM seqd").fetchall()[0]
        say(Text(gettext_noop("%(events)s events; the directly-follows graph"), events=n_events))
        dfg = self._dfg()
        say(Text(gettext_noop("Journeys and paths")))
        hl_us = float(half_life_seconds) * 1e6
        base = pack_base(len(channels))
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
        return {
            **_arrays(paths, td, dfg),
            "channels": channels,
            "ttc": ttc,
            "n_events": int(n_events or 0),
            "first_us": first_us,
            "last_us": last_us,
            "variant_order": variant_order,
        }


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


def _arrays(paths: pa.Table, td: pa.Table, dfg: pa.Table) -> dict[str, np.ndarray]:
    """The paths, time-decay weights and transitions as the arrays :func:`assemble` takes."""
    path_col = paths.column("path").combine_chunks()
    if isinstance(path_col, pa.ChunkedArray):  # an empty table
        path_col = pa.array([], type=pa.list_(pa.int32()))
    offsets = np.asarray(path_col.offsets, dtype=np.int64)
    offsets = offsets - offsets[0] if offsets.size else np.zeros(1, dtype=np.int64)
    members = np.asarray(path_col.flatten(), dtype=np.int64)
    return {
        "offsets": offsets,
        "members": members,
        "journeys": np.asarray(paths.column("n"), dtype=np.int64),
        "conversions": np.asarray(paths.column("c"), dtype=np.int64),
        "value": np.nan_to_num(np.asarray(paths.column("v"), dtype=np.float64)),
        "td_pid": np.asarray(td.column("pid"), dtype=np.int64),
        "td_pos": np.asarray(td.column("pos"), dtype=np.int64),
        "td_wc": np.asarray(td.column("wc"), dtype=np.float64),
        "td_wv": np.asarray(td.column("wv"), dtype=np.float64),
        "dfg_from": np.asarray(dfg.column("id"), dtype=np.int64),
        "dfg_to": np.asarray(dfg.column("next_id"), dtype=np.int64),
        "dfg_count": np.asarray(dfg.column("n"), dtype=np.int64),
        "dfg_median": np.asarray(dfg.column("med"), dtype=np.float64),
    }
