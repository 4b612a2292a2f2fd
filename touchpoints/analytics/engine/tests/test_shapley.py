"""Shapley values against brute force over all permutations."""

from __future__ import annotations

from itertools import permutations
from math import factorial

import numpy as np
import pytest

from touchpoints.analytics.engine.paths import from_lists
from touchpoints.analytics.engine.shapley import channel_sets, exact_shapley, shapley_model


def brute_force(paths: list[list[int]], journeys: list[int], conversions: list[int], n: int, game: str) -> np.ndarray:
    sets = [frozenset(p) for p in paths]

    def worth(coalition: frozenset[int]) -> float:
        inside = [i for i, s in enumerate(sets) if s <= coalition]
        converted = sum(conversions[i] for i in inside)
        if game == "conversions":
            return float(converted)
        total = sum(journeys[i] for i in inside)
        return converted / total if total else 0.0

    phi = np.zeros(n)
    for order in permutations(range(n)):
        coalition: frozenset[int] = frozenset()
        for channel in order:
            bigger = coalition | {channel}
            phi[channel] += worth(bigger) - worth(coalition)
            coalition = bigger
    return phi / factorial(n)


def random_paths(seed: int, n: int) -> tuple[list[list[int]], list[int], list[int]]:
    rng = np.random.default_rng(seed)
    paths = [[int(c) for c in rng.integers(0, n, size=int(rng.integers(1, 5)))] for _ in range(40)]
    journeys = [int(rng.integers(1, 6)) for _ in paths]
    conversions = [int(rng.integers(0, j + 1)) for j in journeys]
    return paths, journeys, conversions


@pytest.mark.parametrize("game", ["conversions", "incremental"])
@pytest.mark.parametrize("seed", range(4))
def test_exact_values_equal_brute_force(game: str, seed: int) -> None:
    n = 5
    paths, journeys, conversions = random_paths(seed, n)
    result = shapley_model(from_lists(paths, journeys, conversions, n_channels=n), game)  # type: ignore[arg-type]
    np.testing.assert_allclose(result.values, brute_force(paths, journeys, conversions, n, game), atol=1e-12)


def test_closed_form_equals_the_coalition_sum() -> None:
    n = 6
    paths, journeys, conversions = random_paths(11, n)
    counts = from_lists(paths, journeys, conversions, n_channels=n)
    sets = channel_sets(counts)
    worth = np.zeros(1 << n)
    for start, end, converted in zip(sets.offsets[:-1], sets.offsets[1:], sets.conversions):
        mask = sum(1 << int(c) for c in sets.members[start:end])
        for coalition in range(1 << n):
            if coalition & mask == mask:
                worth[coalition] += converted
    np.testing.assert_allclose(shapley_model(counts, "conversions").values, exact_shapley(worth, n), atol=1e-10)


def test_sampling_beyond_the_exact_limit_is_close_and_reproducible() -> None:
    n = 6
    paths, journeys, conversions = random_paths(5, n)
    counts = from_lists(paths, journeys, conversions, n_channels=n)
    exact = shapley_model(counts, "incremental")
    sampled = shapley_model(counts, "incremental", max_exact=3, permutations=4000, seed=9)
    assert sampled.method == "sampled permutations" and sampled.seed == 9 and sampled.permutations == 4000
    assert sampled.standard_errors is not None
    assert np.all(np.abs(sampled.values - exact.values) <= 5 * sampled.standard_errors + 1e-9)
    again = shapley_model(counts, "incremental", max_exact=3, permutations=4000, seed=9)
    np.testing.assert_array_equal(again.values, sampled.values)


def test_sixteen_channels_are_exact_and_fast() -> None:
    n = 16
    rng = np.random.default_rng(2)
    paths = [[int(c) for c in rng.integers(0, n, size=int(rng.integers(1, 6)))] for _ in range(3000)]
    journeys = [1] * len(paths)
    conversions = [int(rng.random() < 0.3) for _ in paths]
    result = shapley_model(from_lists(paths, journeys, conversions, n_channels=n), "incremental")
    assert result.method == "exact over 2^n coalitions"
    assert result.values.sum() == pytest.approx(sum(conversions) / len(paths))
    assert result.attribution[0].sum() == pytest.approx(sum(conversions))
