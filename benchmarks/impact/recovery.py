"""Recovery of a planted truth (``run.py recovery`` and ``run.py drivers``): every model's Spearman ρ
and true top ten against the simulations' known effects, log side and survey side, beside the
information limit of each sample (what an unbiased estimator of the same precision can expect)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from benchmarks.impact.measure import record
from touchpoints.analytics.engine.attribution import HEURISTIC_MODELS
from touchpoints.analytics.engine.counterfactual import counterfactual_model
from touchpoints.analytics.engine.keydrivers import KeyDriverResult, key_drivers
from touchpoints.analytics.engine.markov import markov_model
from touchpoints.analytics.engine.paths import PathCounts
from touchpoints.analytics.engine.shapley import shapley_model
from touchpoints.analytics.engine.tests.impact_sim import (
    SHAPES,
    SURVEY_VARIANTS,
    Survey,
    simulate_journeys,
    simulate_survey,
)

# Answers of the simulated survey, by number of touchpoints (recovery and drivers).
SURVEY_ANSWERS = {12: 200_000, 40: 400_000, 100: 1_000_000}


def _rho(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return 0.0 if np.ptp(a) == 0 else float(spearmanr(a, b)[0])


def _top(a: np.ndarray, b: np.ndarray, k: int = 10) -> int:
    return len(set(np.argsort(-a)[:k].tolist()) & set(np.argsort(-b)[:k].tolist()))


def _survey(seed: int, touchpoints: int, answers: int, shape: str, options: dict[str, Any]) -> Survey:
    """The survey simulation of one seed (the same samples for every variant's parameters)."""
    rng = np.random.default_rng(1000 * seed + touchpoints + 1)
    return simulate_survey(rng, touchpoints=touchpoints, answers=answers, shape=shape, **options)


def _effects(result: KeyDriverResult) -> np.ndarray:
    """Each touchpoint's estimated effect, far below any other where it had too few answers."""
    return np.array([d.effect if d.enough else -1e9 for d in result.drivers])


def fit_survey(survey: Survey, touchpoints: int, halo: bool = True) -> KeyDriverResult:
    s = survey
    return key_drivers(
        s.respondent, s.brand, s.touchpoint, s.positivity, s.likelihood, n_touchpoints=touchpoints, halo=halo
    )


# Journeys per sample of the log-side recovery, by number of channels (``--log-journeys`` sets one
# size for all).
LOG_JOURNEYS = {12: 50_000, 40: 100_000, 100: 200_000}
# The comparison models of the log-side recovery, beside the counterfactual (``--skip`` leaves
# some out, e.g. the slow ``shapley_incremental``; ``survey`` leaves the survey side out).
COMPARISON_MODELS = (*(k for k in HEURISTIC_MODELS if k != "time_decay"), "markov_1", "shapley", "shapley_incremental")


def _comparison(paths: PathCounts, name: str) -> np.ndarray:
    if name == "markov_1":
        return markov_model(paths, 1).attribution[0]
    if name == "shapley":
        return shapley_model(paths, "conversions").attribution[0]
    if name == "shapley_incremental":
        return shapley_model(paths, "incremental").attribution[0]
    return HEURISTIC_MODELS[name](paths)[0]


def recovery(
    seeds: int,
    sizes: list[int] | None = None,
    shapes: list[str] | None = None,
    log_journeys: int | None = None,
    skip: frozenset[str] = frozenset(),
    first_seed: int = 0,
) -> None:
    """Every model's ρ and true top ten against the planted truth, log side and survey side, per
    size x shape x seed. For the counterfactual also the information limit of each log sample:
    E[ρ] and the true top ten found by an unbiased estimator with the model's own delta-method
    standard errors (independent errors), and z_rms, the RMS of (estimate − truth) / standard
    error (about 1 for an unbiased estimator whose standard errors are right)."""
    for channels in sizes or list(LOG_JOURNEYS):
        journeys = log_journeys or LOG_JOURNEYS[channels]
        for shape in shapes or list(SHAPES):
            for seed in range(first_seed, first_seed + seeds):
                _recovery_logs(channels, journeys, shape, seed, skip)
                if "survey" not in skip:
                    _recovery_survey(channels, shape, seed)


def _recovery_logs(channels: int, journeys: int, shape: str, seed: int, skip: frozenset[str]) -> None:
    wall = time.perf_counter()
    sim = simulate_journeys(
        np.random.default_rng(1000 * seed + channels), channels=channels, journeys=journeys, shape=shape
    )
    simulate_s, wall = time.perf_counter() - wall, time.perf_counter()
    fitted = counterfactual_model(sim.paths)
    counterfactual_s = time.perf_counter() - wall
    models = {"counterfactual": fitted.lost}
    models.update({k: _comparison(sim.paths, k) for k in COMPARISON_MODELS if k not in skip})
    truth, se = sim.true_lost, fitted.std_error
    cov = np.diag(se**2)
    limit, chance = _rho_spread(truth, cov)
    top_limit, top_chance = _top_spread(truth, cov)
    record(
        {
            "kind": "recovery_logs",
            "channels": channels,
            "shape": shape,
            "seed": seed,
            "journeys": journeys,
            **{f"rho_{k}": _rho(v, truth) for k, v in models.items()},
            **{f"top10_{k}": _top(v, truth) for k, v in models.items()},
            "limit_rho_counterfactual": limit,
            "limit_chance_095_counterfactual": chance,
            "limit_top10_counterfactual": top_limit,
            "limit_chance_top10_counterfactual": top_chance,
            "z_rms_counterfactual": float(np.sqrt(np.mean(((fitted.lost - truth) / np.maximum(se, 1e-12)) ** 2))),
            "coverage_counterfactual": float(np.mean((fitted.low <= truth) & (truth <= fitted.high))),
            "simulate_s": simulate_s,
            "counterfactual_s": counterfactual_s,
            "models_s": time.perf_counter() - wall,
        }
    )


def _recovery_survey(channels: int, shape: str, seed: int) -> None:
    survey = _survey(seed, channels, SURVEY_ANSWERS[channels], shape, {})
    result = fit_survey(survey, channels)
    est = _effects(result)
    naive = np.array(
        [
            np.polyfit(
                survey.positivity[survey.touchpoint == t][:20000],
                survey.likelihood[survey.touchpoint == t][:20000],
                1,
            )[0]
            for t in range(channels)
        ]
    )
    record(
        {
            "kind": "recovery_survey",
            "touchpoints": channels,
            "shape": shape,
            "seed": seed,
            "answers": int(survey.touchpoint.shape[0]),
            "rho_key_drivers": _rho(est, survey.effect),
            "top10_key_drivers": _top(est, survey.effect),
            "rho_naive_slope": _rho(naive, survey.effect),
            "rho_key_drivers_planted_slope": _rho(est, survey.beta),
        }
    )


def _noisy_draws(truth: np.ndarray, cov: np.ndarray, draws: int) -> np.ndarray:
    """Estimates of an unbiased estimator with this covariance of its errors, one row a draw."""
    rng = np.random.default_rng(5)
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    return truth[None, :] + rng.normal(size=(draws, truth.shape[0])) @ root.T


def _rho_spread(truth: np.ndarray, cov: np.ndarray, draws: int = 400) -> tuple[float, float]:
    """(E[ρ], P(ρ ≥ 0.95)) of an unbiased estimator with this covariance of its errors: the most
    any estimator of this precision can expect (the information limit of the sample). Errors
    shared by all touchpoints (the halo's uncertain pull) move them together and hardly reorder."""
    from scipy.stats import rankdata

    r_truth = rankdata(truth)
    rhos = np.array([np.corrcoef(rankdata(row), r_truth)[0, 1] for row in _noisy_draws(truth, cov, draws)])
    return float(rhos.mean()), float((rhos >= 0.95).mean())


def _top_spread(truth: np.ndarray, cov: np.ndarray, draws: int = 400) -> tuple[float, float]:
    """(E[true top ten found], P(all ten found)) of an unbiased estimator of this precision."""
    found = np.array([_top(row, truth) for row in _noisy_draws(truth, cov, draws)])
    return float(found.mean()), float((found == min(10, truth.shape[0])).mean())


def drivers(
    seeds: int,
    sizes: list[int],
    scale_up: bool,
    variants: list[str],
    shapes: list[str],
    halo: bool = True,
    answers: int | None = None,
) -> None:
    """Key drivers on every shape x size x seed: ρ against the true average effect of one step
    (``Survey.effect``) and against the planted slope, the information limit E[ρ] of an unbiased
    estimator with the fitted standard errors, and the answers at which ρ ≥ 0.95
    in 9 samples out of 10 (standard errors shrink as 1/√answers). Each variant of the simulation
    (``SURVEY_VARIANTS``) runs on the same seeds, so the rows line up side by side. ``answers``
    sets one study size for every number of touchpoints (default: ``SURVEY_ANSWERS``)."""
    for variant in variants:
        for channels in sizes:
            for shape in shapes:
                for seed in range(seeds):
                    n_answers = answers or SURVEY_ANSWERS[channels]
                    _drivers_case(variant, channels, shape, seed, n_answers, scale_up, halo)


def _drivers_case(
    variant: str, channels: int, shape: str, seed: int, n_answers: int, scale_up: bool, halo: bool
) -> None:
    survey = _survey(seed, channels, n_answers, shape, SURVEY_VARIANTS[variant])
    cpu, wall = time.process_time(), time.perf_counter()
    result = fit_survey(survey, channels, halo)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    est = _effects(result)
    se = np.array([d.std_error if d.enough else 1.0 for d in result.drivers])
    low = np.array([d.low if d.enough else np.nan for d in result.drivers])
    high = np.array([d.high if d.enough else np.nan for d in result.drivers])
    cov = result.covariance if result.covariance is not None else np.zeros((channels, channels))
    cov = cov + np.diag(np.where(se == 1.0, 1.0, 0.0))  # "not enough": unit error
    limit, chance = _rho_spread(survey.effect, cov)
    top_limit, top_chance = _top_spread(survey.effect, cov)
    needed = None
    if scale_up:  # answers for ρ ≥ 0.95 in 9 samples out of 10, at the limit
        for factor in (1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64):
            if _rho_spread(survey.effect, cov / factor, 200)[1] >= 0.9:
                needed = int(factor * n_answers)
                break
    record(
        {
            "kind": "key_drivers",
            "variant": variant,
            "halo_control": halo,
            "touchpoints": channels,
            "shape": shape,
            "seed": seed,
            "answers": int(survey.touchpoint.shape[0]),
            "identification": result.identification,
            "rho": _rho(est, survey.effect),
            "rho_planted_slope": _rho(est, survey.beta),
            "top10": _top(est, survey.effect),
            "limit_rho": limit,
            "limit_chance_095": chance,
            "limit_top10": top_limit,
            "limit_chance_top10": top_chance,
            "answers_for_095_in_9_of_10": needed,
            "median_gap": float(np.median(np.diff(np.sort(survey.effect)))),
            "median_se": float(np.median(se)),
            "z_rms": float(np.sqrt(np.mean(((est - survey.effect) / se) ** 2))),
            "coverage": float(np.nanmean((low <= survey.effect) & (survey.effect <= high))),
            "coverage_latent": float(np.nanmean((low <= survey.effect_latent) & (survey.effect_latent <= high))),
            "halo_shift": result.halo_shift,
            "halo_shift_se": result.halo_shift_se,
            "wall_s": wall,
            "cpu_s": cpu,
        }
    )
