"""Known answers on tiny logs solved by hand."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from .conftest import analyze_rows, by_model, customer

ALL_MODELS = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov_1",
    "markov_2",
    "markov_3",
    "shapley",
    "shapley_incremental",
)


def test_one_channel_gets_everything(tmp_path: Path) -> None:
    rows = [("u1", 1, "web", 0, "", "a"), ("u1", 2, "web", 1, 10, "a"), ("u2", 5, "web", 0, "", "a")]
    result = analyze_rows(tmp_path, rows)
    assert result.summary.journeys == 2
    assert result.summary.conversions == 1
    for model in ALL_MODELS:
        row = result.attribution_table(model)["web"]
        assert row.conversions == pytest.approx(1.0), model
        assert row.value == pytest.approx(10.0), model
    assert result.markov[0].conversion_probability == pytest.approx(0.5)
    assert result.markov[0].removal_effects == {"web": pytest.approx(1.0)}


def test_no_conversions_gives_zero_credit_and_no_error(tmp_path: Path) -> None:
    rows = [("u1", 1, "web", 0, "", "a"), ("u1", 2, "email", 0, "", "a"), ("u2", 5, "web", "no", "", "a")]
    result = analyze_rows(tmp_path, rows, bootstrap=5)
    assert result.summary.conversions == 0
    assert result.summary.conversion_rate == 0.0
    assert all(row.conversions == 0.0 and row.value == 0.0 for row in result.attribution)
    assert result.markov[0].conversion_probability == 0.0
    assert result.time_to_conversion.conversions == 0
    assert result.time_to_conversion.mean_seconds is None
    assert {c.channel: c.drop_offs for c in result.channels} == {"email": 1, "web": 1}


def test_ties_in_timestamps_put_the_conversion_last_then_order_by_name(tmp_path: Path) -> None:
    rows = [
        ("u1", 100, "email", 1, 7, "a"),
        ("u1", 100, "web", 0, "", "a"),  # conversion listed first
        ("u2", 200, "zeta", 0, "", "a"),
        ("u2", 200, "alpha", 0, "", "a"),
        ("u2", 300, "shop", 1, 3, "a"),
    ]
    result = analyze_rows(tmp_path, rows)
    paths = {tuple(v.path): v.conversions for v in result.variants}
    assert paths == {("web", "email"): 1, ("alpha", "zeta", "shop"): 1}
    first = by_model(result, "first_touch")
    assert first["web"] == 1.0 and first["alpha"] == 1.0 and first["email"] == 0.0
    swapped = analyze_rows(tmp_path, list(reversed(rows)))
    assert swapped.to_dict()["variants"] == result.to_dict()["variants"]
    assert swapped.to_dict()["attribution"] == result.to_dict()["attribution"]


def test_one_event_journey(tmp_path: Path) -> None:
    result = analyze_rows(tmp_path, [("u1", 1, "shop", 1, 5, "a")])
    assert [v.path for v in result.variants] == [["shop"]]
    assert result.transitions == []
    assert result.time_to_conversion.mean_seconds == 0.0
    assert result.path_lengths[0].length == 1
    for model in ALL_MODELS:
        assert result.attribution_table(model)["shop"].conversions == pytest.approx(1.0), model


def test_a_conversion_ends_the_journey(tmp_path: Path) -> None:
    rows = [
        ("u1", t, ch, conv, 1 if conv else "", "a")
        for t, ch, conv in ((1, "a", 0), (2, "b", 1), (3, "c", 0), (4, "d", 1), (5, "e", 0))
    ]
    result = analyze_rows(tmp_path, rows)
    assert sorted(tuple(v.path) for v in result.variants) == [("a", "b"), ("c", "d"), ("e",)]
    assert {(t.source, t.target) for t in result.transitions} == {("a", "b"), ("c", "d")}
    assert result.summary.journeys == 3 and result.summary.conversions == 2


def test_directly_follows_median_time(tmp_path: Path) -> None:
    rows = [
        *customer("u1", (0, "a"), (10, "b")),
        *customer("u2", (0, "a"), (30, "b")),
        *customer("u3", (0, "a"), (20, "b"), (40, "a")),
    ]
    result = analyze_rows(tmp_path, rows)
    edges = {(t.source, t.target): (t.count, t.median_seconds) for t in result.transitions}
    assert edges == {("a", "b"): (3, 20.0), ("b", "a"): (1, 20.0)}
    assert {e.channel: e.journeys for e in result.start_touchpoints} == {"a": 3}
    assert {e.channel: e.journeys for e in result.end_touchpoints} == {"a": 1, "b": 2}


def test_markov_order_one_by_hand(tmp_path: Path) -> None:
    # paths: a > b (converts), a (does not), b (converts):
    # P = 2/3; without a: 1/3 (RE 1/2); without b: 0 (RE 1); 2 conversions shared 1/2 : 1
    rows = [*customer("u1", (1, "a"), (2, "b", 3)), *customer("u2", (1, "a")), *customer("u3", (1, "b", 6))]
    result = analyze_rows(tmp_path, rows, markov_orders=(1,))
    assert result.markov[0].conversion_probability == pytest.approx(2 / 3)
    assert result.markov[0].removal_effects == {"a": pytest.approx(0.5), "b": pytest.approx(1.0)}
    markov = by_model(result, "markov_1")
    assert markov == {"a": pytest.approx(2 / 3), "b": pytest.approx(4 / 3)}


def test_position_based_and_time_decay_by_hand(tmp_path: Path) -> None:
    rows = [
        *customer("u1", (0, "a"), (100, "b"), (200, "c"), (300, "d", 10)),
        *customer("u2", (0, "a"), (100, "b", 10)),
    ]
    result = analyze_rows(tmp_path, rows, half_life_seconds=100.0)
    assert by_model(result, "position_based") == pytest.approx({"a": 0.9, "b": 0.6, "c": 0.1, "d": 0.4})
    # u1 weights 1/8, 1/4, 1/2, 1 (sum 15/8); u2 weights 1/2, 1 (sum 3/2)
    expected = {
        "a": (1 / 8) / (15 / 8) + (1 / 2) / (3 / 2),
        "b": (1 / 4) / (15 / 8) + 1 / (3 / 2),
        "c": (1 / 2) / (15 / 8),
        "d": 1 / (15 / 8),
    }
    assert by_model(result, "time_decay") == pytest.approx(expected)
    assert result.attribution_table("time_decay")["d"].value == pytest.approx(10 / (15 / 8))


def test_linear_counts_repeated_channels_per_touch(tmp_path: Path) -> None:
    rows = customer("u1", (1, "a"), (2, "a"), (3, "b", 9))
    result = analyze_rows(tmp_path, rows)
    assert by_model(result, "linear") == pytest.approx({"a": 2 / 3, "b": 1 / 3})
    assert by_model(result, "shapley") == pytest.approx({"a": 0.5, "b": 0.5})
    assert result.attribution_table("linear")["a"].value == pytest.approx(6.0)


def test_drop_off_after_each_touchpoint(tmp_path: Path) -> None:
    rows = [
        *customer("u1", (1, "ad"), (2, "site")),
        *customer("u2", (1, "ad"), (2, "site"), (3, "phone", 1)),
        *customer("u3", (1, "ad")),
    ]
    result = analyze_rows(tmp_path, rows)
    stats = {c.channel: c for c in result.channels}
    assert (stats["ad"].events, stats["ad"].drop_offs, stats["ad"].drop_off_rate) == (3, 1, pytest.approx(1 / 3))
    assert (stats["site"].drop_offs, stats["site"].drop_off_rate) == (1, 0.5)
    assert (stats["phone"].drop_offs, stats["phone"].conversions) == (0, 1)


def test_segment_and_period_filters(tmp_path: Path) -> None:
    from datetime import datetime

    from touchpoints.analytics.engine import AnalysisOptions, Filters, analyze_log, parse_column_map

    from .conftest import COLUMNS, write_csv

    rows = [
        ("u1", "2024-01-01 10:00:00", "web", 1, 5, "new"),
        ("u2", "2024-02-01 10:00:00", "web", 0, "", "new"),
        ("u3", "2024-01-05 10:00:00", "shop", 1, 7, "vip"),
    ]
    path = str(write_csv(tmp_path / "log.csv", rows))
    only_new = analyze_log(path, parse_column_map(COLUMNS), filters=Filters(segments=("new",)))
    assert only_new.summary.journeys == 2 and only_new.summary.channels == 1
    january = analyze_log(
        path,
        parse_column_map(COLUMNS),
        filters=Filters(since=datetime(2024, 1, 1, tzinfo=UTC), until=datetime(2024, 2, 1)),
    )
    assert january.summary.journeys == 2 and january.summary.conversions == 2
    per_segment = analyze_log(path, parse_column_map(COLUMNS), options=AnalysisOptions(by_segment=True))
    assert [s["segment"] for s in per_segment.segments] == ["new", "vip"]
    assert per_segment.segments[1]["result"]["summary"]["conversions"] == 1


def test_the_graph_alone_equals_the_one_the_analysis_draws(tmp_path: Path) -> None:
    """``directly_follows`` (the graph without the rest, timed in the benchmark) gives the
    aggregation's edges, counts and medians: ties, a conversion mid-customer, repeats."""
    from touchpoints.analytics.engine import parse_column_map
    from touchpoints.analytics.engine.aggregate_duckdb import DuckDBEngine

    from .conftest import COLUMNS, write_csv

    rows = [
        *customer("u1", (0, "a"), (10, "b"), (10, "a", 5), (40, "c"), (45, "c")),
        *customer("u2", (0, "b"), (25, "a")),
        *customer("u3", (7, "a"), (20, "b")),
    ]
    engine = DuckDBEngine()
    engine.load(str(write_csv(tmp_path / "log.csv", rows)), parse_column_map(COLUMNS))
    agg = engine.aggregate()
    drawn = {
        (agg.channels[f], agg.channels[t]): (int(n), float(m))
        for f, t, n, m in zip(agg.dfg_from, agg.dfg_to, agg.dfg_count, agg.dfg_median_seconds)
    }
    alone = engine.directly_follows()
    assert {(a, b): (n, m) for a, b, n, m in alone} == drawn
    assert drawn[("a", "b")] == (2, 11.5) and ("a", "c") not in drawn  # the conversion ends u1's journey
    assert [e[:3] for e in engine.directly_follows(medians=False)] == [e[:3] for e in alone]
    assert all(e[3] is None for e in engine.directly_follows(medians=False))
