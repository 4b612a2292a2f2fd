"""Judging a log by its content, reading its columns, guessing the mapping, and the diagram's
layout: pure functions, no database."""

from __future__ import annotations

import gzip
import io
import math
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from touchpoints.analytics import dfg, dfg_layout
from touchpoints.analytics.logfiles import cli_command, guess_mapping, preview_log, sniff_log_format

from .conftest import COLUMNS, csv_bytes, jsonl_bytes, parquet_bytes


def test_formats_are_told_by_content() -> None:
    assert sniff_log_format(csv_bytes()) == "csv"
    assert sniff_log_format("\ufeffa;b;c\n1;2;3\n".encode()) == "csv"
    assert sniff_log_format(jsonl_bytes()) == "jsonl"
    data = parquet_bytes()
    assert sniff_log_format(data[:4096], data[-4:]) == "parquet"


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (gzip.compress(b"a,b\n1,2\n"), "compressed"),
        (b'[{"a": 1}]', "JSON array"),
        (b"<html><body>export</body></html>", "HTML"),
        (b"just some words\nwithout separators\n", "no column separator"),
        (b"{not json}\n", "not a JSON object"),
        ("a,b\n\xe9t\xe9,1\n".encode("latin-1"), "not UTF-8"),
        (b"PAR1 truncated", "cut short"),
    ],
)
def test_what_is_not_a_log_is_refused_with_a_reason(content: bytes, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        sniff_log_format(content[:65536], content[-4:])
    assert words in " ".join(info.value.messages)


def test_an_excel_workbook_is_refused_with_advice() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError) as info:
        sniff_log_format(buf.getvalue())
    assert "Save the sheet as CSV" in " ".join(info.value.messages)


def test_preview_reads_columns_and_first_rows(tmp_path: Path) -> None:
    for name, data, fmt in (
        ("a.csv", csv_bytes(), "csv"),
        ("a.jsonl", jsonl_bytes(), "jsonl"),
        ("a.parquet", parquet_bytes(), "parquet"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        preview = preview_log(str(path), fmt)
        assert preview.names == ["client_id", "event_time", "channel", "converted", "revenue", "segment"], fmt
        assert len(preview.rows) == 5 and preview.rows[0][0] == "u1"


def test_preview_of_a_header_only_log_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"client_id,event_time,channel,converted\n")
    with pytest.raises(ValidationError, match="empty"):
        preview_log(str(path), "csv")


def test_the_mapping_is_guessed_from_names_and_types() -> None:
    guess = guess_mapping(
        [
            ("client_id", "VARCHAR"),
            ("event_time", "TIMESTAMP"),
            ("channel", "VARCHAR"),
            ("converted", "BIGINT"),
            ("revenue", "DOUBLE"),
            ("segment", "VARCHAR"),
        ]
    )
    assert guess == COLUMNS
    guess = guess_mapping(
        [
            ("customerId", "VARCHAR"),
            ("ts", "VARCHAR"),
            ("Source", "VARCHAR"),
            ("is_conversion", "BOOLEAN"),
            ("notes", "VARCHAR"),
        ]
    )
    assert guess == {
        "customer": "customerId",
        "timestamp": "ts",
        "touchpoint": "Source",
        "conversion": "is_conversion",
        "value": None,
        "segment": None,
    }
    guess = guess_mapping([("Клиент", "VARCHAR"), ("Дата", "DATE"), ("Канал", "VARCHAR"), ("Покупка", "BIGINT")])
    assert guess["customer"] == "Клиент" and guess["touchpoint"] == "Канал" and guess["conversion"] == "Покупка"
    guess = guess_mapping(
        [("fecha", "VARCHAR"), ("cliente", "VARCHAR"), ("canal", "VARCHAR"), ("conversión", "BIGINT")]
    )
    assert guess["timestamp"] == "fecha" and guess["conversion"] == "conversión"


def test_the_command_line_hint() -> None:
    assert cli_command(slug="clinic") == (
        "touchpoints journeys analyze LOG --map customer=COLUMN,timestamp=COLUMN,"
        "touchpoint=COLUMN,conversion=COLUMN --workspace clinic"
    )
    text = cli_command(
        slug="clinic",
        source_name="my log.csv",
        columns={
            "customer": "id",
            "timestamp": "ts",
            "touchpoint": "ch",
            "conversion": "c",
            "value": None,
            "segment": "seg",
        },
    )
    assert text == (
        "touchpoints journeys analyze 'my log.csv' --map customer=id,timestamp=ts,touchpoint=ch,"
        "conversion=c,segment=seg --workspace clinic"
    )


PART = {
    "channels": [
        {
            "channel": "ad",
            "events": 10,
            "starts": 10,
            "ends": 2,
            "conversions": 0,
            "drop_offs": 2,
            "drop_off_rate": 0.2,
        },
        {
            "channel": "site",
            "events": 8,
            "starts": 0,
            "ends": 3,
            "conversions": 1,
            "drop_offs": 2,
            "drop_off_rate": 0.25,
        },
        {
            "channel": "call",
            "events": 6,
            "starts": 0,
            "ends": 6,
            "conversions": 5,
            "drop_offs": 1,
            "drop_off_rate": 0.17,
        },
    ],
    "variants": [
        {"path": ["ad", "site", "call"], "journeys": 5},
        {"path": ["ad", "call"], "journeys": 1},
        {"path": ["ad", "site"], "journeys": 3},
        {"path": ["ad"], "journeys": 1},
    ],
    "transitions": [
        {"source": "ad", "target": "site", "count": 8, "median_seconds": 600.0},
        {"source": "site", "target": "call", "count": 5, "median_seconds": 7200.0},
        {"source": "ad", "target": "call", "count": 1, "median_seconds": 90000.0},
        {"source": "call", "target": "site", "count": 1, "median_seconds": 30.0},
    ],
    "start_touchpoints": [{"channel": "ad", "journeys": 10}],
}


def test_the_graph_runs_left_to_right_in_journey_order() -> None:
    graph = dfg.build_graph(PART, labels={"start": "Start", "conversion": "Conversion"}, matched=["ad", "call"])
    x = {key: node.x for key, node in graph.nodes.items()}
    assert x[dfg.START] < x["ad"] < x["site"] < x["call"] < x[dfg.CONVERSION]
    assert graph.nodes["ad"].matched and not graph.nodes["site"].matched
    kinds = sorted((e.source, e.target, e.kind, e.count) for e in graph.edges)
    assert ("ad", "site", "flow", 8) in kinds and ("call", dfg.CONVERSION, "conversion", 5) in kinds
    assert (dfg.START, "ad", "start", 10) in kinds
    assert all(0 <= n.y and n.y + n.height <= graph.height for n in graph.nodes.values())


def test_the_svg_has_a_node_per_channel_and_labelled_edges() -> None:
    graph = dfg.build_graph(PART, labels={})
    svg = dfg.render_svg(
        graph,
        duration=lambda s: f"{s}s",
        tooltip=lambda e, a, b: f"{a.key}>{b.key}:{e.count}",
        node_caption=lambda n: str(n.events),
        title="DFG",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="node node-channel"') == 3
    assert 'data-count="8"' in svg and "8 · 600.0s" in svg
    # The weak way back (once) is below the edge budget: left to the table, not drawn.
    assert "<title>call&gt;site:1</title>" not in svg and ("call", "site") in graph.hidden_flows


def test_a_big_graph_is_trimmed_to_the_strongest_channels_and_edges() -> None:
    channels = [
        {
            "channel": f"c{i}",
            "events": 100 - i,
            "starts": 1,
            "ends": 1,
            "conversions": 0,
            "drop_offs": 1,
            "drop_off_rate": 0.01,
        }
        for i in range(40)
    ]
    transitions = [
        {"source": f"c{i}", "target": f"c{j}", "count": 1 + (i * j) % 7, "median_seconds": 1.0}
        for i in range(40)
        for j in range(40)
        if i != j
    ]
    graph = dfg.build_graph({"channels": channels, "transitions": transitions, "variants": []}, labels={})
    assert sum(1 for n in graph.nodes.values() if n.kind == "channel") == dfg_layout.MAX_NODES
    assert graph.hidden_channels == 40 - dfg_layout.MAX_NODES
    drawn = sum(1 for e in graph.edges if e.kind == "flow")
    assert drawn == math.ceil(
        dfg_layout.EDGES_PER_CHANNEL * dfg_layout.MAX_NODES
    )  # the ceiling: 80% of these evenly spread transitions needs more
    assert graph.hidden_edges == len(transitions) - drawn == len(graph.hidden_flows)
