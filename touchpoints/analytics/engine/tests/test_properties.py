"""Property tests: attributions are non-negative, add up, and ignore the order of rows."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import analyze_rows

event = st.tuples(
    st.integers(0, 5),  # customer
    st.integers(0, 40),  # timestamp: a small range, so ties happen
    st.sampled_from(["ad", "site", "chat", "phone", "shop"]),
    st.booleans(),
    st.integers(1, 500),
)
logs = st.lists(event, min_size=1, max_size=30)


def rows_of(events: list[tuple[int, int, str, bool, int]]) -> list[tuple[Any, ...]]:
    return [(f"u{c}", t, ch, int(conv), v if conv else "", "s") for c, t, ch, conv, v in events]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs, st.randoms(use_true_random=False))
def test_attributions_are_non_negative_add_up_and_ignore_row_order(events, random) -> None:
    rows = rows_of(events)
    with tempfile.TemporaryDirectory() as folder:
        result = analyze_rows(Path(folder), rows, bootstrap=3)
        shuffled = list(rows)
        random.shuffle(shuffled)
        again = analyze_rows(Path(folder), shuffled, bootstrap=3)
    total_conversions = result.summary.conversions
    total_value = result.summary.value
    for model in {row.model for row in result.attribution}:
        rows_of_model = [row for row in result.attribution if row.model == model]
        assert all(row.conversions >= -1e-9 and row.value >= -1e-9 for row in rows_of_model), model
        assert abs(sum(row.conversions for row in rows_of_model) - total_conversions) < 1e-6, model
        assert abs(sum(row.value for row in rows_of_model) - total_value) < 1e-6 * max(1.0, total_value), model
    first, second = result.to_dict(), again.to_dict()
    for section in (
        "summary",
        "channels",
        "variants",
        "transitions",
        "path_lengths",
        "time_to_conversion",
        "attribution",
        "markov",
        "shapley",
    ):
        assert first[section] == second[section], section
