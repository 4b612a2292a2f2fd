"""The exact Markov removal effect against a slow, obviously correct reference."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pytest

from touchpoints.analytics.engine import markov
from touchpoints.analytics.engine.paths import PathCounts, from_lists


def reference(
    paths: list[list[int]], journeys: list[int], conversions: list[int], values: list[float], order: int
) -> tuple[float, dict[int, float], dict[int, float]]:
    """Re-solve the absorbing chain densely once per removed channel (no shortcuts)."""
    counts: dict[tuple[Any, Any], float] = defaultdict(float)
    outflow: dict[Any, float] = defaultdict(float)
    to_conv: dict[Any, float] = defaultdict(float)
    to_value: dict[Any, float] = defaultdict(float)
    for path, j, c, v in zip(paths, journeys, conversions, values):
        collapsed = [ch for i, ch in enumerate(path) if i == 0 or ch != path[i - 1]]
        previous: Any = "start"
        for t in range(len(collapsed)):
            state = tuple(collapsed[max(0, t - order + 1) : t + 1])
            counts[(previous, state)] += j
            outflow[previous] += j
            previous = state
        to_conv[previous] += c
        to_value[previous] += v
        outflow[previous] += j
    states = ["start"] + sorted({s for pair in counts for s in pair if s != "start"})

    def probability(removed: int | None, reward: dict[Any, float]) -> float:
        keep = [s for s in states if s == "start" or removed not in s]
        index = {s: i for i, s in enumerate(keep)}
        q = np.zeros((len(keep), len(keep)))
        r = np.zeros(len(keep))
        for (a, b), n in counts.items():
            if a in index and b in index:
                q[index[a], index[b]] += n / outflow[a]
        for s in keep:
            if outflow[s]:
                r[index[s]] = reward[s] / outflow[s]
        return float(np.linalg.solve(np.eye(len(keep)) - q, r)[0])

    base, base_value = probability(None, to_conv), probability(None, to_value)
    channels = sorted({c for p in paths for c in p})
    effects = {c: 1 - probability(c, to_conv) / base if base else 0.0 for c in channels}
    value_effects = {c: 1 - probability(c, to_value) / base_value if base_value else 0.0 for c in channels}
    return base, effects, value_effects


def random_paths(
    rng: np.random.Generator, n_paths: int, n_channels: int
) -> tuple[list[list[int]], list[int], list[int], list[float]]:
    paths = [list(rng.integers(0, n_channels, size=int(rng.integers(1, 7)))) for _ in range(n_paths)]
    journeys = [int(rng.integers(1, 5)) for _ in paths]
    conversions = [int(rng.integers(0, j + 1)) for j in journeys]
    values = [float(c * rng.uniform(1, 50)) for c in conversions]
    return [[int(c) for c in p] for p in paths], journeys, conversions, values


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("seed", range(6))
def test_removal_effects_match_the_reference(order: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    paths, journeys, conversions, values = random_paths(rng, 60, 5)
    counts = from_lists(paths, journeys, conversions, values, n_channels=5)
    result = markov.markov_model(counts, order)
    base, effects, value_effects = reference(paths, journeys, conversions, values, order)
    assert result.conversion_probability == pytest.approx(base, rel=1e-10)
    for channel, effect in effects.items():
        assert result.removal_effects[channel] == pytest.approx(effect, rel=1e-8, abs=1e-12)
        assert result.value_removal_effects[channel] == pytest.approx(value_effects[channel], rel=1e-8, abs=1e-12)
    conversions_out, value_out = result.attribution
    assert conversions_out.sum() == pytest.approx(sum(conversions))
    assert value_out.sum() == pytest.approx(sum(values))


def test_probability_of_conversion_is_the_observed_rate() -> None:
    rng = np.random.default_rng(7)
    paths, journeys, conversions, values = random_paths(rng, 200, 6)
    counts = from_lists(paths, journeys, conversions, values, n_channels=6)
    for order in (1, 2, 3):
        assert markov.markov_model(counts, order).conversion_probability == pytest.approx(
            sum(conversions) / sum(journeys), rel=1e-10
        )


@pytest.mark.parametrize("order", [1, 2, 3])
def test_sparse_and_krylov_paths_agree_with_the_direct_ones(order: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(order)
    paths, journeys, conversions, values = random_paths(rng, 300, 4)
    counts = from_lists(paths, journeys, conversions, values, n_channels=4)
    direct = markov.markov_model(counts, order)
    monkeypatch.setattr(markov, "DENSE_LIMIT", 0)  # order 1 through the per-channel solves
    monkeypatch.setattr(markov, "DIRECT_LIMIT", 0)  # every block through BiCGSTAB
    iterative = markov.markov_model(counts, order)
    np.testing.assert_allclose(iterative.removal_effects, direct.removal_effects, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(iterative.value_removal_effects, direct.value_removal_effects, rtol=1e-9, atol=1e-12)


def test_channel_that_never_precedes_a_conversion_gets_nothing() -> None:
    counts = from_lists([[0, 1], [2]], [3, 2], [3, 0], [30.0, 0.0], n_channels=3)
    result = markov.markov_model(counts, 1)
    assert result.attribution[0] == pytest.approx([1.5, 1.5, 0.0])
    assert result.removal_effects[2] == 0.0


@pytest.mark.parametrize("direct_limit", [200, 0])  # components by sparse LU, then by masked BiCGSTAB
def test_block_solver_matches_a_dense_solve(direct_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import scipy.sparse as sp

    monkeypatch.setattr(markov, "DIRECT_LIMIT", direct_limit)
    rng = np.random.default_rng(3)
    size = 60
    q = rng.random((size, size)) * (rng.random((size, size)) < 0.05)
    q /= np.maximum(q.sum(axis=1, keepdims=True), 1) * 1.25
    np.fill_diagonal(q, 0.0)
    a = sp.csc_matrix(np.eye(size) - q)
    b = rng.random((size, 2))
    removed = rng.random(size) < 0.2
    removed[0] = False
    solver = markov.BlockSolver(a)
    np.testing.assert_allclose(solver.solve(b), np.linalg.solve(a.toarray(), b), rtol=1e-10)
    keep = np.nonzero(~removed)[0]
    expected = np.zeros_like(b)
    expected[keep] = np.linalg.solve(a.toarray()[np.ix_(keep, keep)], b[keep])
    np.testing.assert_allclose(solver.solve(b, removed=removed), expected, rtol=1e-10, atol=1e-14)


def test_empty_and_single_path_chains() -> None:
    empty = PathCounts(
        0,
        np.zeros(1, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0),
        np.zeros(0),
        np.zeros(0),
    )
    assert markov.markov_model(empty, 2).conversion_probability == 0.0
    single = from_lists([[0, 0, 0]], [4], [1], [2.0])
    result = markov.markov_model(single, 3)
    assert result.attribution[0] == pytest.approx([1.0])


def test_channels_solved_in_parallel_give_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    paths, journeys, conversions, values = random_paths(rng, 400, 6)
    counts = from_lists(paths, journeys, conversions, values, n_channels=6)
    monkeypatch.setattr(markov, "DENSE_ALWAYS", 0)  # the per-channel solves even on a small chain
    monkeypatch.setattr(markov, "DENSE_LIMIT", 0)
    monkeypatch.setattr(markov, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(markov, "THREADED_BLOCK", 0)  # threads even for this small chain
    monkeypatch.setattr(markov, "WORKERS", 1)
    serial = markov.markov_model(counts, 2)
    monkeypatch.setattr(markov, "WORKERS", 4)
    parallel = markov.markov_model(counts, 2)
    assert serial.removal_effects.any()
    np.testing.assert_array_equal(parallel.removal_effects, serial.removal_effects)
    np.testing.assert_array_equal(parallel.value_removal_effects, serial.value_removal_effects)
