"""The Spark engine: the same pass over the events as the embedded engine, on Apache Spark.

For logs too big for one machine. pyspark is optional (``pip install 'touchpoints[spark]'``,
Java 17) and is imported only when this engine is opened. The definitions (event order,
journeys, paths, time-decay weights, medians) follow ``aggregates`` exactly, so both engines
give the same numbers; only distinct paths and transitions come back to the driver.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from .aggregates import QUANTILES, TIME_TO_CONVERSION_BOUNDS, Filters, Progress, epoch_us
from .assembly import EventEngine, pack_base, time_to_conversion_from_row
from .errors import LogError
from .faults import EMPTY_FILE, TYPED_COLUMNS, fault_error, missing_file, no_rows
from .io import FALSE_WORDS, TRUE_WORDS, ColumnMap, check_columns, detect_format
from .messages import Text, gettext_noop

INSTALL_HINT = Text(gettext_noop("the Spark engine needs pyspark and Java 17: pip install 'touchpoints[spark]'"))


class SparkEngine(EventEngine):
    name = "spark"

    def __init__(
        self, master: str = "local[*]", *, app_name: str = "touchpoints-journeys", config: dict[str, str] | None = None
    ) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise LogError(INSTALL_HINT) from exc
        builder = (
            SparkSession.builder.master(master)
            .appName(app_name)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
        )
        for key, value in (config or {}).items():
            builder = builder.config(key, value)
        self.spark = builder.getOrCreate()
        # unparsable values must become NULL (and be reported), not abort the job
        self.spark.conf.set("spark.sql.ansi.enabled", "false")
        self.events: Any = None
        self.n_rows = 0

    def close(self) -> None:
        if self.events is not None:
            self.events.unpersist()
        # the session is left running: other callers in the process may share it

    def load(self, path: str, columns: ColumnMap, fmt: str | None = None) -> int:
        from pyspark.sql import functions as F

        log_format = detect_format(path, fmt)
        if not os.path.exists(path) and "://" not in path:
            raise LogError(missing_file(path))
        if "://" not in path and os.path.isfile(path) and os.path.getsize(path) == 0:
            raise LogError(EMPTY_FILE)
        reader = self.spark.read
        if log_format == "csv":
            raw = reader.option("header", True).option("inferSchema", False).csv(path)
        elif log_format == "parquet":
            raw = reader.parquet(path)
        else:
            raw = reader.json(path)
        source_name = os.path.basename(path.rstrip("/"))
        check_columns(columns, list(raw.columns), source_name)
        types = dict(raw.dtypes)
        typed = raw.select(
            _id(F, columns.customer).alias("cust"),
            _timestamp(F, columns.timestamp, types[columns.timestamp]).alias("ts_us"),
            _text(F, columns.touchpoint).alias("ch"),
            _conversion(F, columns.conversion, types[columns.conversion]).alias("conv"),
            _value(F, columns.value).alias("val"),
            (_text(F, columns.segment) if columns.segment else F.lit(None).cast("string")).alias("seg"),
        ).persist()
        faults = [(name, F.col(column).isNull()) for name, column in TYPED_COLUMNS.items()]
        counts = typed.agg(F.count(F.lit(1)), *[F.sum(cond.cast("long")) for _, cond in faults]).collect()[0]
        total = int(counts[0])
        if total == 0:
            typed.unpersist()
            raise LogError(no_rows(source_name))
        for (field_name, condition), bad in zip(faults, counts[1:]):
            if bad:
                column = getattr(columns, field_name)
                self._raise_fault(typed, raw, condition, column, field_name, int(bad), log_format)
        self.events = typed
        self.n_rows = total
        return total

    def load_saved(self, path: str) -> int:
        self.events = self.spark.read.parquet(path).persist()
        self.n_rows = int(self.events.count())
        return self.n_rows

    @staticmethod
    def _raise_fault(
        typed: Any, raw: Any, condition: Any, column: str, field_name: str, bad: int, log_format: str
    ) -> None:
        """Name the first faulty rows (file order from zipWithIndex; only on the error path)."""
        flagged = typed.select(condition.alias("bad")).rdd.zipWithIndex()
        numbers = sorted(i + 1 for flag, i in flagged.filter(lambda pair: pair[0][0]).take(3))
        value = raw.select(column).rdd.zipWithIndex().filter(lambda pair: pair[1] == numbers[0] - 1).first()[0][0]
        typed.unpersist()
        raise fault_error(
            numbers=numbers, bad=bad, column=column, field_name=field_name, value=value, csv=log_format == "csv"
        )

    def segment_values(self) -> list[str]:
        rows = self.events.select("seg").where("seg IS NOT NULL").distinct().collect()
        return sorted(str(r[0]) for r in rows)

    def _aggregate(
        self, filters: Filters, half_life_seconds: float, top_variants: int, say: Progress
    ) -> dict[str, Any]:
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        events = self.events
        if filters.segments:
            events = events.where(F.col("seg").isin(list(filters.segments)))
        if filters.since is not None:
            events = events.where(F.col("ts_us") >= F.lit(epoch_us(filters.since)))
        if filters.until is not None:
            events = events.where(F.col("ts_us") < F.lit(epoch_us(filters.until)))
        channels = sorted(str(r[0]) for r in events.select("ch").distinct().collect())
        ids = self.spark.createDataFrame([(c, i) for i, c in enumerate(channels)], "ch string, id int")
        base = pack_base(len(channels))
        order = ["ts_us", "conv", "id", "val"]
        w = Window.partitionBy("cust").orderBy(*order)
        w_run = w.rowsBetween(Window.unboundedPreceding, Window.currentRow)
        conv_int = F.col("conv").cast("int")
        seqd = (
            events.join(F.broadcast(ids), "ch")
            .select(
                "cust",
                "ts_us",
                "id",
                "conv",
                "val",
                (F.sum(conv_int).over(w_run) - conv_int).alias("jn"),
                F.lead("id").over(w).alias("next_id"),
                F.lead("ts_us").over(w).alias("next_ts"),
                F.row_number().over(w).alias("k"),
            )
            .persist()
        )
        stats = seqd.agg(F.count(F.lit(1)), F.min("ts_us"), F.max("ts_us")).collect()[0]
        say(Text(gettext_noop("%(events)s events; the directly-follows graph"), events=stats[0]))
        dfg_rows = (
            seqd.where(F.col("next_id").isNotNull() & ~F.col("conv"))
            .withColumn("gap", (F.col("next_ts") - F.col("ts_us")) / 1e6)
            .groupBy("id", "next_id")
            .agg(F.count(F.lit(1)).alias("n"), F.expr("percentile(gap, 0.5)").alias("med"))
            .orderBy("id", "next_id")
            .collect()
        )
        say(Text(gettext_noop("Journeys and paths")))
        journeys = (
            seqd.groupBy("cust", "jn").agg(
                F.transform(
                    F.array_sort(F.collect_list(F.col("k") * base + F.col("id"))), lambda x: (x % base).cast("int")
                ).alias("path"),
                F.max(conv_int).alias("converted"),
                F.coalesce(F.sum(F.when(F.col("conv"), F.col("val"))), F.lit(0.0)).alias("value"),
                F.min("ts_us").alias("t0"),
                F.max("ts_us").alias("t1"),
                F.array_sort(F.collect_list("ts_us")).alias("times"),
            )
        ).persist()
        path_rows = (
            journeys.groupBy("path")
            .agg(
                F.count(F.lit(1)).alias("n"),
                F.sum("converted").alias("c"),
                F.sum(F.col("value").cast("decimal(38,9)")).cast("double").alias("v"),
            )
            .collect()
        )
        path_rows.sort(key=lambda r: (-int(r["n"]), -int(r["c"]), tuple(r["path"])))
        pid = {tuple(r["path"]): i for i, r in enumerate(path_rows)}
        say(Text(gettext_noop("%(paths)s distinct paths; time-decay weights"), paths=len(path_rows)))
        hl_us = float(half_life_seconds) * 1e6
        weights = F.transform("times", lambda x: F.pow(F.lit(0.5), (F.col("t1") - x) / F.lit(hl_us)))
        td_rows = (
            journeys.where(F.col("converted") == 1)
            .select("path", "value", weights.alias("ws"))
            .select(
                "path",
                "value",
                F.aggregate("ws", F.lit(0.0), lambda acc, x: acc + x).alias("total"),
                F.posexplode("ws").alias("pos", "w"),
            )
            .groupBy("path", "pos")
            .agg(
                F.sum((F.col("w") / F.col("total")).cast("decimal(38,15)")).cast("double").alias("wc"),
                F.sum((F.col("w") / F.col("total") * F.col("value")).cast("decimal(38,12)")).cast("double").alias("wv"),
            )
            .collect()
        )
        ttc = _time_to_conversion(F, journeys)
        seqd.unpersist()
        journeys.unpersist()
        offsets = np.zeros(len(path_rows) + 1, dtype=np.int64)
        np.cumsum([len(r["path"]) for r in path_rows], out=offsets[1:])
        members = np.fromiter((c for r in path_rows for c in r["path"]), dtype=np.int64, count=int(offsets[-1]))
        return dict(
            channels=channels,
            offsets=offsets,
            members=members,
            journeys=np.array([r["n"] for r in path_rows], dtype=np.int64),
            conversions=np.array([r["c"] for r in path_rows], dtype=np.int64),
            value=np.array([float(r["v"] or 0.0) for r in path_rows], dtype=np.float64),
            td_pid=np.array([pid[tuple(r["path"])] for r in td_rows], dtype=np.int64),
            td_pos=np.array([r["pos"] for r in td_rows], dtype=np.int64),
            td_wc=np.array([r["wc"] for r in td_rows], dtype=np.float64),
            td_wv=np.array([r["wv"] for r in td_rows], dtype=np.float64),
            dfg_from=np.array([r["id"] for r in dfg_rows], dtype=np.int64),
            dfg_to=np.array([r["next_id"] for r in dfg_rows], dtype=np.int64),
            dfg_count=np.array([r["n"] for r in dfg_rows], dtype=np.int64),
            dfg_median=np.array([r["med"] for r in dfg_rows], dtype=np.float64),
            ttc=ttc,
            n_events=int(stats[0]),
            first_us=stats[1],
            last_us=stats[2],
            variant_order=list(range(min(top_variants, len(path_rows)))),  # path_rows are sorted so
        )


def _text(F: Any, column: str) -> Any:
    trimmed = F.trim(F.col(f"`{column}`").cast("string"))
    return F.when(trimmed == "", F.lit(None)).otherwise(trimmed)


def _id(F: Any, column: str) -> Any:
    return _text(F, column)


def _timestamp(F: Any, column: str, spark_type: str) -> Any:
    col = F.col(f"`{column}`")
    if spark_type.startswith("timestamp") or spark_type == "date":
        return F.unix_micros(col.cast("timestamp"))
    if spark_type in ("bigint", "int", "double", "float", "smallint") or spark_type.startswith("decimal"):
        return F.round(col.cast("double") * 1e6).cast("long")
    text = F.trim(col.cast("string"))
    # a plain number is epoch seconds (checked first: Spark would read "2024" as a year)
    return F.when(text.rlike(r"^-?[0-9]+(\.[0-9]+)?$"), F.round(text.cast("double") * 1e6).cast("long")).otherwise(
        F.unix_micros(text.cast("timestamp"))
    )


def _conversion(F: Any, column: str, spark_type: str) -> Any:
    col = F.col(f"`{column}`")
    if spark_type == "boolean":
        return F.coalesce(col, F.lit(False))
    text = F.lower(F.trim(col.cast("string")))
    return (
        F.when(col.isNull(), F.lit(False))
        .when(text.isin(list(TRUE_WORDS)), F.lit(True))
        .when(text.isin(list(FALSE_WORDS)), F.lit(False))
        .otherwise(text.cast("double") != 0)
    )


def _value(F: Any, column: str | None) -> Any:
    if column is None:
        return F.lit(0.0)
    text = F.trim(F.col(f"`{column}`").cast("string"))
    return F.when(text.isNull() | (text == ""), F.lit(0.0)).otherwise(text.cast("double"))


def _time_to_conversion(F: Any, journeys: Any) -> Any:
    d = ((F.col("t1") - F.col("t0")) / 1e6).alias("d")
    converted = journeys.where(F.col("converted") == 1).select("t0", "t1", d)
    buckets = []
    lower = 0.0
    for _, upper in TIME_TO_CONVERSION_BOUNDS:
        buckets.append(F.sum(((F.col("d") >= lower) & (F.col("d") < upper)).cast("long")))
        lower = upper
    buckets.append(F.sum((F.col("d") >= lower).cast("long")))
    qs = ", ".join(repr(q) for q in QUANTILES)
    row = converted.agg(
        F.count(F.lit(1)), (F.avg(F.col("t1") - F.col("t0")) / 1e6), F.expr(f"percentile(d, array({qs}))"), *buckets
    ).collect()[0]
    return time_to_conversion_from_row([row[0], row[1], row[2], *[int(v or 0) for v in row[3:]]])
