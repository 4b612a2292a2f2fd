"""The Spark engine gives the same numbers as the embedded engine (Spark in local mode).

Skipped when pyspark or Java is missing, unless REQUIRE_SPARK=1, in which case they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from touchpoints.analytics.engine import AnalysisOptions, Filters, LogError, analyze_log, parse_column_map
from touchpoints.analytics.engine.aggregate_duckdb import DuckDBEngine

from .conftest import COLUMNS, random_log, write_csv

pytestmark = pytest.mark.spark

SKIP_MESSAGE = (
    "Spark tests need pyspark and Java 17: install pyspark and Java 17, "
    "or set REQUIRE_SPARK=1 to make their absence a failure"
)


def _spark_available() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "java is not on PATH"
    return None


@pytest.fixture(scope="module")
def spark_engine() -> Iterator[Any]:
    missing = _spark_available()
    if missing:
        if os.environ.get("REQUIRE_SPARK") == "1":
            pytest.fail(f"REQUIRE_SPARK=1 but {missing}")
        pytest.skip(f"{SKIP_MESSAGE} ({missing})")
    from touchpoints.analytics.engine.aggregate_spark import SparkEngine

    engine = SparkEngine("local[2]")
    yield engine
    engine.spark.stop()


def _log_with_ties(tmp_path: Path) -> str:
    rng = np.random.default_rng(21)
    rows = random_log(rng, customers=120, channels=5)
    # ties, a repeated conversion and a one-event journey
    rows += [
        ("t1", 50, "c1", 0, "", "a"),
        ("t1", 50, "c0", 1, 10, "a"),
        ("t1", 50, "c2", 0, "", "a"),
        ("t1", 60, "c3", 1, 5, "a"),
        ("t2", 70, "c4", 1, 7.5, "b"),
    ]
    return str(write_csv(tmp_path / "log.csv", rows))


def _by_path(agg: Any) -> dict[tuple[int, ...], tuple[Any, ...]]:
    """Distinct paths with their numbers, independent of the engine's order of paths."""
    out = {}
    for i in range(agg.n_paths):
        start, end = agg.path_offsets[i], agg.path_offsets[i + 1]
        out[tuple(agg.path_members[start:end])] = (
            int(agg.path_journeys[i]),
            int(agg.path_conversions[i]),
            float(agg.path_value[i]),
            tuple(np.round(agg.td_conversions[start:end], 9)),
            tuple(np.round(agg.td_value[start:end], 6)),
        )
    return out


def _compare(first: Any, second: Any) -> None:
    assert first.channels == second.channels
    assert _by_path(first) == _by_path(second)
    assert [first.path(int(i)) for i in first.variant_order] == [second.path(int(i)) for i in second.variant_order]
    for name in ("dfg_from", "dfg_to", "dfg_count"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name), err_msg=name)
    np.testing.assert_allclose(first.dfg_median_seconds, second.dfg_median_seconds, rtol=1e-12)
    assert first.time_to_conversion.histogram == second.time_to_conversion.histogram
    assert first.time_to_conversion.quantiles == pytest.approx(second.time_to_conversion.quantiles)
    assert (first.n_events, first.first_event_us, first.last_event_us) == (
        second.n_events,
        second.first_event_us,
        second.last_event_us,
    )


def test_spark_aggregates_equal_duckdb(spark_engine: Any, tmp_path: Path) -> None:
    path = _log_with_ties(tmp_path)
    columns = parse_column_map(COLUMNS)
    duck = DuckDBEngine()
    duck.load(path, columns)
    spark_engine.load(path, columns)
    _compare(spark_engine.aggregate(), duck.aggregate())
    only_a = Filters(segments=("a",))
    _compare(spark_engine.aggregate(only_a), duck.aggregate(only_a))


def test_spark_reads_the_events_a_check_kept(spark_engine: Any, tmp_path: Path) -> None:
    path = _log_with_ties(tmp_path)
    duck = DuckDBEngine()
    duck.load(path, parse_column_map(COLUMNS))
    duck.save(str(tmp_path / "events.parquet"))
    assert spark_engine.load_saved(str(tmp_path / "events.parquet")) == duck.n_rows
    _compare(spark_engine.aggregate(), duck.aggregate())


def test_spark_full_analysis_equals_duckdb(spark_engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from touchpoints.analytics.engine import analysis

    path = _log_with_ties(tmp_path)
    monkeypatch.setattr(
        analysis, "open_engine", lambda name, master=None, **kw: spark_engine if name == "spark" else DuckDBEngine()
    )
    monkeypatch.setattr(spark_engine, "close", lambda: None)
    options = AnalysisOptions(bootstrap=5)
    spark = analyze_log(path, parse_column_map(COLUMNS), engine="spark", options=options).to_dict()
    duck = analyze_log(path, parse_column_map(COLUMNS), engine="duckdb", options=options).to_dict()
    assert spark["summary"] == duck["summary"]
    for section in ("channels", "variants", "transitions", "path_lengths"):
        assert spark[section] == duck[section], section
    for section in ("markov", "shapley", "counterfactual"):  # sums over paths taken in another order: equal to rounding
        assert _close(spark[section], duck[section]), section
    assert _close(spark["attribution"], duck["attribution"])


def _close(first: Any, second: Any) -> bool:
    if isinstance(first, dict):
        return first.keys() == second.keys() and all(_close(first[k], second[k]) for k in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(_close(a, b) for a, b in zip(first, second))
    if isinstance(first, float):
        return abs(first - second) <= 1e-9 * max(1.0, abs(second))
    return bool(first == second)


def test_spark_names_the_bad_row(spark_engine: Any, tmp_path: Path) -> None:
    rows = [("u1", "2024-01-01 10:00:00", "web", 0, "", "a"), ("u1", "not a time", "web", 0, "", "a")]
    path = str(write_csv(tmp_path / "bad.csv", rows))
    with pytest.raises(LogError, match=r"row 2 \(line 3 of the file\).*'ts'.*'not a time'"):
        spark_engine.load(path, parse_column_map(COLUMNS))
    with pytest.raises(LogError, match="'Ts'"):
        spark_engine.load(path, parse_column_map(COLUMNS.replace("timestamp=ts", "timestamp=Ts")))
