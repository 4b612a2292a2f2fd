"""Counterfactual attribution: known answers, properties, interval coverage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from touchpoints.analytics.engine.counterfactual import (
    channel_sets,
    counterfactual_model,
    counterfactual_replicator,
)
from touchpoints.analytics.engine.paths import from_lists

from .conftest import analyze_rows, by_model, customer
from .impact_sim import repeated, simulate_journeys


def test_known_answer_two_channels_solved_by_hand() -> None:
    # {a}: 10 journeys, 5 convert; {a,b}: 10, 8; {b}: 10, 2 — three cells, three parameters: an
    # exact fit, logit p = −2.77 + 2.77·a + 1.39·b. Without a: {a} → nothing (0), {a,b} → {b} (0.2);
    # lost_a = 10·0.5 + 10·(0.8 − 0.2) = 11; lost_b = 10·0.2 + 10·(0.8 − 0.5) = 5.
    paths = from_lists([[0], [0, 1], [1, 0, 1], [1]], [10, 6, 4, 10], [5, 5, 3, 2], value=[50, 50, 30, 20])
    result = counterfactual_model(paths, l2=0.0)
    assert result.lost == pytest.approx([11.0, 5.0], abs=1e-6)
    assert result.coefficients == pytest.approx([np.log(16), np.log(4)], abs=1e-6)
    conversions, value = result.attribution
    assert conversions == pytest.approx([15 * 11 / 16, 15 * 5 / 16]) and value.sum() == pytest.approx(150)
    assert (result.low < result.lost).all() and (result.lost < result.high).all()


def test_paths_with_the_same_set_are_merged() -> None:
    paths = from_lists([[0, 1], [1, 0], [1, 1, 0], [2]], [1, 2, 3, 4], [1, 0, 1, 2])
    sets = channel_sets(paths)
    assert sorted(sets.journeys.tolist()) == [4.0, 6.0] and sorted(sets.conversions.tolist()) == [2.0, 2.0]


def test_one_channel_loses_everything_and_no_conversions_give_zero() -> None:
    one = counterfactual_model(from_lists([[0], [0, 0]], [10, 5], [3, 1]))
    assert one.lost == pytest.approx([4.0], abs=1e-6) and one.attribution[0] == pytest.approx([4.0])
    none = counterfactual_model(from_lists([[0, 1], [1]], [10, 5], [0, 0]))
    assert (none.lost == 0).all() and (none.attribution[0] == 0).all()


def test_channels_the_model_cannot_tell_apart_share_equally() -> None:
    result = counterfactual_model(from_lists([[0, 1]], [10], [10]))
    assert result.attribution[0] == pytest.approx([5.0, 5.0])


def test_row_order_and_replicator_agree() -> None:
    j = simulate_journeys(np.random.default_rng(1), channels=6, journeys=3000)
    a = counterfactual_model(j.paths)
    perm = np.random.default_rng(0).permutation(j.paths.journeys.shape[0])
    p = j.paths
    lists = [p.members[p.offsets[i] : p.offsets[i + 1]].tolist() for i in perm]
    b = counterfactual_model(from_lists(lists, p.journeys[perm].tolist(), p.conversions[perm].tolist(), n_channels=6))
    assert a.lost == pytest.approx(b.lost, rel=1e-6)
    rep = counterfactual_replicator(p)(p.journeys, p.conversions)
    assert rep[0] == pytest.approx(a.attribution[0], rel=1e-5)


def test_in_the_analysis_result(tmp_path: Path) -> None:
    rows = [
        *customer("u1", (1, "ad"), (2, "site", 10)),
        *customer("u2", (1, "site")),
        *customer("u3", (1, "ad"), (2, "phone", 5)),
        *customer("u4", (1, "phone")),
    ]
    result = analyze_rows(tmp_path, rows)
    credit = by_model(result, "counterfactual")
    assert set(credit) == {"ad", "site", "phone"} and sum(credit.values()) == pytest.approx(2.0)
    assert "counterfactual" in {m.key for m in result.models}
    section = result.counterfactual
    assert section is not None and set(section.lost) == {"ad", "site", "phone"}


def test_interval_coverage_over_repeated_simulations() -> None:
    """95% delta-method intervals cover the true lost conversions about 95% of the time."""
    hits = total = 0
    for j in repeated(
        simulate_journeys, 40, first_seed=200, channels=12, journeys=8000, heterogeneity=0.0, interactions=0, base=-2.0
    ):
        r = counterfactual_model(j.paths)
        hits += int(((r.low <= j.true_lost) & (j.true_lost <= r.high)).sum())
        total += 12
    # 480 intervals: about ±0.02 of sampling error around the nominal 0.95 (0.945 over 200 runs)
    assert 0.92 <= hits / total <= 0.98, hits / total
