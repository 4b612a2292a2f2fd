"""Reading logs: formats, the column mapping, and bad input named by row and column."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from touchpoints.analytics.engine import AnalysisOptions, LogError, analyze_log, parse_column_map
from touchpoints.analytics.engine.aggregate_duckdb import DuckDBEngine
from touchpoints.analytics.engine.io import detect_format

from .conftest import COLUMNS, HEADER, random_log, write_csv

GOOD = [
    ("u1", "2024-01-01T10:00:00", "web", "0", "", "a"),
    ("u1", "2024-01-01T11:00:00", "shop", "yes", "12.5", "a"),
    ("u2", "2024-01-02 09:00:00+02:00", "web", "false", "", "b"),
]


def analyze(path: Path, columns: str = COLUMNS):
    return analyze_log(str(path), parse_column_map(columns))


def test_csv_parquet_and_jsonl_give_the_same_result(tmp_path: Path) -> None:
    csv_result = analyze(write_csv(tmp_path / "log.csv", GOOD)).to_dict()
    records = [dict(zip(HEADER, row)) for row in GOOD]
    with open(tmp_path / "log.jsonl", "w") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "log.parquet")
    for name in ("log.jsonl", "log.parquet"):
        other = analyze(tmp_path / name).to_dict()
        for section in ("summary", "variants", "transitions", "attribution", "channels"):
            assert other[section] == csv_result[section], (name, section)


def test_native_parquet_types(tmp_path: Path) -> None:
    table = pa.table(
        {
            "customer": pa.array([1, 1, 2], pa.int64()),
            "ts": pa.array([1_700_000_000_000_000, 1_700_000_100_000_000, 1_700_000_000_000_000], pa.timestamp("us")),
            "channel": ["web", "shop", "web"],
            "converted": [False, True, False],
            "value": [None, 5.0, None],
            "segment": ["a", "a", "b"],
        }
    )
    pq.write_table(table, tmp_path / "log.parquet")
    result = analyze(tmp_path / "log.parquet")
    assert result.summary.conversions == 1 and result.summary.value == 5.0


def test_missing_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "log.csv", GOOD)
    with pytest.raises(LogError) as error:
        analyze(path, COLUMNS.replace("timestamp=ts", "timestamp=Ts"))
    assert error.value.column == "Ts"
    assert "'Ts'" in str(error.value) and "did you mean 'ts'" in str(error.value)


def test_misnamed_field_in_the_mapping(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="unknown field 'custmer'.*did you mean 'customer'"):
        parse_column_map("custmer=a,timestamp=b,touchpoint=c,conversion=d")
    with pytest.raises(LogError, match="lacks conversion"):
        parse_column_map("customer=a,timestamp=b,touchpoint=c")


def test_unparsable_timestamp_names_the_row(tmp_path: Path) -> None:
    rows = GOOD + [("u3", "yesterday", "web", "0", "", "a"), ("u3", "2024-13-45", "web", "0", "", "a")]
    with pytest.raises(LogError) as error:
        analyze(write_csv(tmp_path / "log.csv", rows))
    message = str(error.value)
    assert error.value.row == 4 and error.value.column == "ts"
    assert "row 4 (line 5 of the file)" in message and "'yesterday'" in message
    assert "2 rows in all" in message and "4, 5" in message


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD[0], ("u1", "2024-01-01", "web", "maybe", "", "a")], r"row 2 .*'converted'.*'maybe'"),
        ([("u1", "2024-01-01", "web", "1", "12,5", "a")], r"row 1 .*'value'.*'12,5'.*not a number"),
        ([GOOD[0], ("u1", "2024-01-01", " ", "0", "", "a")], r"row 2 .*'channel'.*empty"),
        ([("", "2024-01-01", "web", "0", "", "a")], r"row 1 .*'customer'.*empty"),
    ],
    ids=["conversion flag", "value", "empty touchpoint", "empty customer"],
)
def test_a_bad_cell_is_named_by_its_row_and_column(tmp_path: Path, rows: list[tuple], message: str) -> None:
    with pytest.raises(LogError, match=message):
        analyze(write_csv(tmp_path / "log.csv", rows))


def test_yes_and_no_in_russian_and_spanish_are_conversion_flags(tmp_path: Path) -> None:
    """A CRM export in Russian or Spanish marks conversions да/нет or sí/no."""
    numeric = analyze(write_csv(tmp_path / "n.csv", [GOOD[0], GOOD[1], ("u2", "2024-01-02", "shop", "1", "", "b")]))
    for name, yes, no in (("ru.csv", "Да", "нет"), ("es.csv", "Sí", "NO"), ("es2.csv", "si", "no")):
        rows = [
            (*GOOD[0][:3], no, *GOOD[0][4:]),
            (*GOOD[1][:3], yes, *GOOD[1][4:]),
            ("u2", "2024-01-02", "shop", yes, "", "b"),
        ]
        words = analyze(write_csv(tmp_path / name, rows))
        assert words.to_dict()["summary"] == numeric.to_dict()["summary"], name


def test_empty_log(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="the log is empty"):
        analyze(write_csv(tmp_path / "header_only.csv", []))
    (tmp_path / "nothing.csv").write_text("")
    with pytest.raises(LogError, match="the log is empty"):
        analyze(tmp_path / "nothing.csv")


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="does not exist"):
        analyze(tmp_path / "absent.csv")
    with pytest.raises(LogError, match="cannot tell the format"):
        detect_format("log.xlsx")
    assert detect_format("events.ndjson") == "jsonl"
    assert detect_format("whatever", "parquet") == "parquet"


def test_events_saved_by_a_check_analyse_as_the_log_without_reading_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "log.csv", random_log(np.random.default_rng(3), customers=60, channels=5))
    columns = parse_column_map(COLUMNS)
    check = DuckDBEngine()
    rows = check.load(str(path), columns)
    check.save(str(tmp_path / "events.parquet"))
    check.close()
    options = AnalysisOptions(bootstrap=3, by_segment=True)
    from_log = analyze_log(str(path), columns, options=options).to_dict()
    path.write_text("not the log any more\n")  # the analysis of the saved events never reads it
    saved = analyze_log(str(path), columns, options=options, saved_events=str(tmp_path / "events.parquet")).to_dict()
    assert saved["source"]["rows"] == rows
    for result in (from_log, saved):
        result.pop("generated_at")
        for part in (result, *(segment["result"] for segment in result["segments"])):
            part.pop("timings_seconds")
    assert saved == from_log
