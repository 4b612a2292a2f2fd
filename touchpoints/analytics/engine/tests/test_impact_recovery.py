"""Recovery of a planted truth by the impact methods, at 12, 40 and 100 touchpoints.

The counterfactual model must rank channels by the true expected conversions lost without them,
and the key drivers must rank touchpoints by their planted effect, with Spearman's ρ ≥ 0.95 and
the true top ten found: every one of the true top five among the estimated top ten, and at
least 9 of the true top ten among the estimated top ten for the counterfactual (8 at 100
channels, and 8 for the key drivers — near-ties around the tenth place make it a coin toss). The rule-based, Markov and Shapley
models are computed on the same journeys and printed beside (run with ``-s``); they are expected
to do worse and are not asserted.

By default the counterfactual runs one shape of data per size and the key drivers run at 12 and
40 touchpoints; ``IMPACT_HEAVY=1`` runs every shape at every size, the key drivers at 100
touchpoints on a million answers, and the other models beside (a few minutes).

The key drivers' truth is each touchpoint's average effect of one step more positive on the
observed likelihood (``Survey.effect``: the planted slope plus its interactions, through the
clipping to 0–10), not the planted slope alone, which is the effect only where the interacting
partner is rated neutral. Spearman's ρ is bounded by how far apart the true effects are beside the
standard errors: where that information limit (the E[ρ] of an unbiased estimator with the fitted
standard errors) is below 0.97 — e.g. the "sparse" shape, 70% of the effects packed in the lowest
tenth of the range — the key drivers are held to within 0.05 of it instead of 0.95;
``benchmarks/impact/run.py drivers --scale-up`` gives the answers each case needs for 0.95, and
docs/impact.md the measured figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pytest
from scipy.stats import spearmanr

from touchpoints.analytics.engine.attribution import HEURISTIC_MODELS
from touchpoints.analytics.engine.counterfactual import counterfactual_model
from touchpoints.analytics.engine.keydrivers import KeyDriverResult, key_drivers
from touchpoints.analytics.engine.markov import markov_model
from touchpoints.analytics.engine.shapley import shapley_model

from .impact_sim import SHAPES, simulate_journeys, simulate_survey

HEAVY = bool(os.environ.get("IMPACT_HEAVY"))
JOURNEYS = {12: 50_000, 40: 100_000, 100: 200_000}
ANSWERS = {12: 200_000, 40: 400_000, 100: 1_000_000}
DEFAULT_SHAPE = {12: "uniform", 40: "sparse", 100: "lognormal"}
DEFAULT_SURVEY_SHAPE = {12: "lognormal", 40: "uniform"}


def cases(sizes: tuple[int, ...], defaults: dict[int, str]) -> Iterator[tuple[int, str]]:
    for size in sizes:
        for shape in SHAPES:
            if HEAVY or defaults.get(size) == shape:
                yield size, shape


def top_found(estimate: np.ndarray, truth: np.ndarray, k: int = 10, within: int | None = None) -> int:
    """How many of the true top ``k`` are among the estimated top ``within`` (default ``k``)."""
    return len(set(np.argsort(-estimate)[: within or k].tolist()) & set(np.argsort(-truth)[:k].tolist()))


def rho(estimate: np.ndarray, truth: np.ndarray) -> float:
    if np.ptp(estimate) == 0:
        return 0.0
    return float(spearmanr(estimate, truth)[0])


@pytest.mark.parametrize("channels,shape", list(cases((12, 40, 100), DEFAULT_SHAPE)))
def test_counterfactual_recovers_the_lost_conversions(channels: int, shape: str) -> None:
    sim = simulate_journeys(
        np.random.default_rng(channels),
        channels=channels,
        journeys=JOURNEYS[channels],
        shape=shape,
        correlation=0.6,
        interactions=3,
    )
    result = counterfactual_model(sim.paths)
    ours = rho(result.lost, sim.true_lost)
    others = {}
    if HEAVY or channels < 100:
        others = {
            key: rho(model(sim.paths)[0], sim.true_lost)
            for key, model in HEURISTIC_MODELS.items()
            if key != "time_decay"
        }  # the simulated journeys have no times
        others["markov_1"] = rho(markov_model(sim.paths, 1).attribution[0], sim.true_lost)
        others["shapley"] = rho(shapley_model(sim.paths, "conversions").attribution[0], sim.true_lost)
    print(
        f"\n{channels} channels, {shape}: counterfactual ρ={ours:.3f} top10={top_found(result.lost, sim.true_lost)}; "
        + ", ".join(f"{k} ρ={v:.3f}" for k, v in others.items())
    )
    assert ours >= 0.95
    assert top_found(result.lost, sim.true_lost) >= (9 if channels < 100 else 8)
    assert top_found(result.lost, sim.true_lost, 5, 10) == 5


def error_draws(result: KeyDriverResult, n: int) -> np.ndarray:
    """Draws of an unbiased estimator's errors with the fitted covariance ("not enough": unit
    variance), for the information limit."""
    assert result.covariance is not None
    cov = result.covariance + np.diag([0.0 if d.enough else 1.0 for d in result.drivers])
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    return np.random.default_rng(5).normal(size=(n, cov.shape[0])) @ root.T


@pytest.mark.parametrize("touchpoints,shape", list(cases((12, 40, 100), DEFAULT_SURVEY_SHAPE)))
def test_key_drivers_recover_the_planted_effects(touchpoints: int, shape: str) -> None:
    sim = simulate_survey(
        np.random.default_rng(touchpoints + 1), touchpoints=touchpoints, answers=ANSWERS[touchpoints], shape=shape
    )
    result = key_drivers(
        sim.respondent, sim.brand, sim.touchpoint, sim.positivity, sim.likelihood, n_touchpoints=touchpoints
    )
    estimate = np.array([d.effect if d.enough else -np.inf for d in result.drivers])
    ours = rho(np.nan_to_num(estimate, neginf=-1e9), sim.effect)
    draws = sim.effect + error_draws(result, 300)
    limit = float(np.mean([rho(row, sim.effect) for row in draws]))
    # beside it: a naive per-touchpoint regression (no brand or respondent effects)
    naive = np.array(
        [
            np.polyfit(sim.positivity[sim.touchpoint == t][:20_000], sim.likelihood[sim.touchpoint == t][:20_000], 1)[0]
            for t in range(touchpoints)
        ]
    )
    print(
        f"\n{touchpoints} touchpoints, {shape}: key drivers ρ={ours:.3f} (information limit {limit:.3f}) "
        f"top10={top_found(estimate, sim.effect)}; naive slope ρ={rho(naive, sim.effect):.3f}"
    )
    assert ours >= (0.95 if limit >= 0.97 else limit - 0.05)
    assert top_found(estimate, sim.effect) >= 8
    assert top_found(estimate, sim.effect, 5, 10) == 5
