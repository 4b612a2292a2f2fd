"""Bootstrap replicators equal the models rerun in full, and the intervals are sensible."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from touchpoints.analytics.engine.attribution import HEURISTIC_MODELS
from touchpoints.analytics.engine.bootstrap import (
    bootstrap_intervals,
    heuristic_replicators,
    poisson_replicate,
    simplified_shapley_replicator,
)
from touchpoints.analytics.engine.markov import markov_model, markov_replicator
from touchpoints.analytics.engine.paths import PathCounts, from_lists
from touchpoints.analytics.engine.shapley import shapley_model

from .conftest import analyze_rows, random_log


def _paths(seed: int) -> PathCounts:
    rng = np.random.default_rng(seed)
    paths = [[int(c) for c in rng.integers(0, 5, size=int(rng.integers(1, 6)))] for _ in range(80)]
    journeys = [int(rng.integers(1, 6)) for _ in paths]
    conversions = [int(rng.integers(0, j + 1)) for j in journeys]
    values = [c * float(rng.uniform(5, 50)) for c in conversions]
    base = from_lists(paths, journeys, conversions, values, n_channels=5)
    # time-decay sums: any weights that add up to the conversions of each path
    raw = rng.random(base.members.shape[0])
    path_of = base.path_of_member()
    td: np.ndarray = raw / np.bincount(path_of, weights=raw)[path_of] * base.conversions[path_of]
    return PathCounts(
        base.n_channels,
        base.offsets,
        base.members,
        base.journeys,
        base.conversions,
        base.value,
        td,
        td * (base.value / np.maximum(base.conversions, 1))[path_of],
    )


def _markov(paths: PathCounts, order: int) -> tuple[np.ndarray, np.ndarray]:
    return markov_model(paths, order).attribution


def _simplified_shapley(paths: PathCounts) -> tuple[np.ndarray, np.ndarray]:
    return shapley_model(paths, "conversions").attribution


@pytest.mark.parametrize("seed", range(3))
def test_replicators_equal_the_models_on_new_counts(seed: int) -> None:
    paths = _paths(seed)
    journeys, conversions = poisson_replicate(paths, np.random.default_rng(seed))
    replica = paths.with_counts(journeys, conversions)
    checks = {name: (rep, HEURISTIC_MODELS[name]) for name, rep in heuristic_replicators(paths).items()}
    checks["shapley"] = (simplified_shapley_replicator(paths), _simplified_shapley)
    for order in (1, 2, 3):
        checks[f"markov_{order}"] = (markov_replicator(paths, order), functools.partial(_markov, order=order))
    for name, (replicate, model) in checks.items():
        fast, full = replicate(journeys, conversions), model(replica)
        np.testing.assert_allclose(fast[0], full[0], rtol=1e-9, atol=1e-9, err_msg=name)
        np.testing.assert_allclose(fast[1], full[1], rtol=1e-9, atol=1e-7, err_msg=name)


def test_intervals_bracket_the_estimates_and_are_reproducible(tmp_path: Path) -> None:
    rows = random_log(np.random.default_rng(3), customers=400, channels=4, p_convert=0.4)
    result = analyze_rows(tmp_path, rows, bootstrap=200, seed=5)
    again = analyze_rows(tmp_path, rows, bootstrap=200, seed=5)
    assert result.to_dict()["attribution"] == again.to_dict()["attribution"]
    for row in result.attribution:
        if row.model in ("markov_2", "markov_3"):  # not in the default --bootstrap-orders
            assert row.conversions_low is None
            continue
        assert row.conversions_low is not None and row.conversions_high is not None
        assert row.conversions_low <= row.conversions_high
        assert row.conversions_low - 1e-9 <= row.conversions <= row.conversions_high + 1e-9 or row.conversions == 0
        assert row.value_low is not None and row.value_low <= row.value_high


def test_no_bootstrap_leaves_intervals_empty(tmp_path: Path) -> None:
    rows = random_log(np.random.default_rng(1), customers=20, channels=3)
    result = analyze_rows(tmp_path, rows, bootstrap=0)
    assert all(row.conversions_low is None for row in result.attribution)


def test_intervals_use_the_same_replicates_for_all_models() -> None:
    paths = _paths(9)
    reps = heuristic_replicators(paths)
    intervals = bootstrap_intervals(paths, reps, 50, seed=1)
    assert set(intervals) == set(reps)
    assert all(iv.conversions_low.shape == (paths.n_channels,) for iv in intervals.values())
