"""Agreement with the reference implementations (test-only dependencies, skipped when absent).

pm4py's directly-follows graph and variants must equal ours on a log where each customer makes
one journey (its only conversion, if any, on its last event). ChannelAttribution's
``heuristic_models`` (first, last, linear touch) must equal ours on the same distinct paths.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from .conftest import analyze_rows, by_model, random_log


def test_dfg_start_end_and_variants_equal_pm4py(tmp_path: Path) -> None:
    pd = pytest.importorskip(
        "pandas",
        reason="pandas is a test dependency: pip install -r touchpoints/analytics/engine/tests/requirements.txt",
    )
    pm4py = pytest.importorskip(
        "pm4py", reason="pm4py is a test dependency: pip install -r touchpoints/analytics/engine/tests/requirements.txt"
    )
    rows = random_log(np.random.default_rng(4), customers=300, channels=6)
    result = analyze_rows(tmp_path, rows, top_variants=10_000, markov_orders=(1,))
    frame = pd.DataFrame(rows, columns=["case", "t", "activity", "conv", "value", "segment"])
    frame["t"] = pd.to_datetime(frame["t"], unit="s")
    dfg, starts, ends = pm4py.discover_dfg(frame, activity_key="activity", case_id_key="case", timestamp_key="t")
    assert {(t.source, t.target): t.count for t in result.transitions} == dict(dfg)
    assert {e.channel: e.journeys for e in result.start_touchpoints} == dict(starts)
    assert {e.channel: e.journeys for e in result.end_touchpoints} == dict(ends)
    variants = pm4py.get_variants(frame, activity_key="activity", case_id_key="case", timestamp_key="t")
    theirs = {tuple(k): (v if isinstance(v, int) else len(v)) for k, v in variants.items()}
    assert {tuple(v.path): v.journeys for v in result.variants} == theirs


def test_heuristics_equal_channelattribution(tmp_path: Path) -> None:
    pd = pytest.importorskip(
        "pandas",
        reason="pandas is a test dependency: pip install -r touchpoints/analytics/engine/tests/requirements.txt",
    )
    ca = pytest.importorskip(
        "ChannelAttribution",
        reason="channelattribution is a test dependency: pip install -r touchpoints/analytics/engine/tests/requirements.txt",
    )
    rows = random_log(np.random.default_rng(8), customers=400, channels=5, p_convert=0.5)
    result = analyze_rows(tmp_path, rows, top_variants=10_000, markov_orders=(1,))
    paths = pd.DataFrame(
        {
            "path": [" > ".join(v.path) for v in result.variants],
            "conv": [v.conversions for v in result.variants],
            "value": [v.value for v in result.variants],
        }
    )
    theirs = ca.heuristic_models(paths, "path", "conv", var_value="value", flg_pro=False).set_index("channel_name")
    for ours_key, their_key in (
        ("first_touch", "first_touch"),
        ("last_touch", "last_touch"),
        ("linear", "linear_touch"),
    ):
        ours = by_model(result, ours_key)
        values = {row.channel: row.value for row in result.attribution if row.model == ours_key}
        for channel, row in theirs.iterrows():
            assert ours[channel] == pytest.approx(row[f"{their_key}_conversions"], rel=1e-9, abs=1e-9)
            assert values[channel] == pytest.approx(row[f"{their_key}_value"], rel=1e-9, abs=1e-6)
