"""Impact benchmark: speed of the counterfactual attribution beside the existing models, speed of
the key drivers, and recovery of a planted truth by every model.

    python benchmarks/impact/run.py speed      # 1M journeys x 100 and 500 channels; 1M answers
    python benchmarks/impact/run.py recovery   # Spearman per model at 12, 40, 100 channels
    python benchmarks/impact/run.py recovery --log-journeys 1000000 --seeds 4
                                               # the same on 1M journeys per log sample
    python benchmarks/impact/run.py drivers --variant all --seeds 2 --sizes 12,40
                                               # key drivers on every variant of the survey simulation

Every timed step runs in a fresh child process (fork) after the data are built, so its peak
memory (ru_maxrss) is the step's own plus the data; the figures are printed and appended as JSON
lines to benchmarks/out/impact.jsonl. Journeys are aggregated into distinct paths (what the DuckDB
and Spark engines hand to the driver) before any model is timed: the times are "after aggregation".
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "out"))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..")))

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


def _child(conn: Any, fn: Callable[[], Any]) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    try:
        extra, error = fn(), None
    except Exception as exc:  # reported, the run goes on
        extra, error = None, f"{type(exc).__name__}: {exc}"
    conn.send(
        {
            "seconds": time.perf_counter() - started,
            "cpu_s": time.process_time() - cpu,  # the step's own CPU (the machine may be shared)
            "error": error,
            "extra": extra,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def timed(fn: Callable[[], Any], limit: float = 600) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn))
    proc.start()
    if parent.poll(limit):
        out = parent.recv()
    else:
        proc.kill()
        out = {"seconds": None, "error": f"stopped after {limit:.0f} s", "peak_mb": None}
    proc.join()
    return out


def record(line: dict[str, Any]) -> None:
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "impact.jsonl"), "a") as handle:
        handle.write(json.dumps(line) + "\n")
    shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in line.items()}
    print(json.dumps(shown, ensure_ascii=False), flush=True)


def synthetic_paths(journeys: int, channels: int, seed: int = 7) -> PathCounts:
    """1M journeys over ``channels`` (popular ones and clustered ones together), aggregated into
    distinct paths with counts, as the engines deliver them."""
    rng = np.random.default_rng(seed)
    popularity = rng.dirichlet(np.full(channels, 0.8))
    beta = rng.uniform(0.05, 1.2, channels)
    lengths = np.minimum(np.maximum(1, rng.poisson(2.5, journeys) + 1), 12)
    total = int(lengths.sum())
    clusters = max(2, channels // 6)
    cluster = rng.integers(0, clusters, channels)
    order = np.argsort(cluster, kind="stable")
    starts = np.searchsorted(cluster[order], np.arange(clusters))
    sizes = np.bincount(cluster, minlength=clusters)
    jc = np.repeat(rng.integers(0, clusters, journeys), lengths)
    within = order[
        np.minimum(starts[jc] + (rng.random(total) * np.maximum(sizes[jc], 1)).astype(np.int64), channels - 1)
    ]
    members = np.where((rng.random(total) < 0.6) & (sizes[jc] > 0), within, rng.choice(channels, total, p=popularity))
    offsets = np.zeros(journeys + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    journey_of = np.repeat(np.arange(journeys), lengths)
    eta = -3.0 + np.bincount(journey_of, weights=beta[members], minlength=journeys)
    converted = (rng.random(journeys) < 1 / (1 + np.exp(-eta))).astype(np.int64)
    # distinct (path, outcome) → distinct paths with counts
    h = np.zeros(journeys, dtype=np.uint64)
    mult = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for k in range(int(lengths.max())):
            has = lengths > k
            h[has] = h[has] * mult + (members[offsets[:-1][has] + k].astype(np.uint64) + np.uint64(1))
        h = h * np.uint64(31) + lengths.astype(np.uint64)
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    n = first.shape[0]
    j = np.bincount(inverse, minlength=n)
    c = np.bincount(inverse, weights=converted, minlength=n).astype(np.int64)
    lens = lengths[first]
    new_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lens, out=new_off[1:])
    gather = np.repeat(offsets[:-1][first] - new_off[:-1], lens) + np.arange(int(new_off[-1]))
    m = members[gather].astype(np.int64)
    value = (c * 10.0).astype(np.float64)
    return PathCounts(channels, new_off, m, j.astype(np.int64), c, value, np.zeros(m.shape[0]), np.zeros(m.shape[0]))


def _steps(p: PathCounts) -> dict[str, Callable[[], Any]]:
    return {
        "counterfactual": lambda: counterfactual_model(p).iterations,
        "counterfactual_no_intervals": lambda: counterfactual_model(p, intervals=False).iterations,
        "heuristics_all": lambda: [m(p) for m in HEURISTIC_MODELS.values()] and None,
        "markov_1": lambda: markov_model(p, 1).n_states,
        "shapley_simplified": lambda: shapley_model(p, "conversions").method,
        "shapley_incremental": lambda: shapley_model(p, "incremental").method,
    }


def speed(channels_list: list[int], journeys: int, answers: int, limit: float) -> None:
    for channels in channels_list:
        t0 = time.perf_counter()
        paths = synthetic_paths(journeys, channels)
        built = time.perf_counter() - t0
        base = {
            "case": f"j{journeys // 1000}k_c{channels}",
            "journeys": journeys,
            "channels": channels,
            "distinct_paths": int(paths.journeys.shape[0]),
            "build_s": built,
        }
        steps = _steps(paths)
        for name, fn in steps.items():
            record({**base, "step": name, **timed(fn, limit)})
    rng = np.random.default_rng(11)
    t0 = time.perf_counter()
    survey = simulate_survey(rng, touchpoints=100, answers=answers, per_occasion=10)
    built = time.perf_counter() - t0

    def fit() -> Any:
        return _fit_survey(survey, 100).occasions

    record(
        {
            "case": f"answers{answers // 1000}k_t100_b5",
            "answers": int(survey.touchpoint.shape[0]),
            "build_s": built,
            "step": "key_drivers",
            **timed(fit, limit),
        }
    )


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


def _fit_survey(survey: Survey, touchpoints: int, halo: bool = True) -> KeyDriverResult:
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
    result = _fit_survey(survey, channels)
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
    result = _fit_survey(survey, channels, halo)
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


def _skipped(parser: argparse.ArgumentParser, names: str) -> frozenset[str]:
    skip = frozenset(filter(None, names.split(",")))
    unknown = skip - {*COMPARISON_MODELS, "survey"}
    if unknown:
        parser.error(f"--skip: unknown {', '.join(sorted(unknown))}")
    return skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speed", "recovery", "drivers"])
    parser.add_argument(
        "--sizes", default="12,40,100", help="drivers, recovery: touchpoints / channels, comma-separated"
    )
    parser.add_argument("--scale-up", action="store_true", help="drivers: answers needed for rho >= 0.95")
    parser.add_argument("--channels", default="100,500")
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--first-seed", type=int, default=0, help="recovery: seeds from this one on")
    parser.add_argument("--log-journeys", type=int, help="recovery: journeys per log sample at every size")
    parser.add_argument(
        "--skip",
        default="",
        help="recovery: comparison models to leave out, comma-separated (" + ", ".join(COMPARISON_MODELS) + ", survey)",
    )
    parser.add_argument("--variant", default="default", help="drivers: simulation variants, comma-separated, or all")
    parser.add_argument("--no-halo", action="store_true", help="drivers: without the occasion-halo correction")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="drivers, recovery: effect shapes, comma-separated")
    parser.add_argument("--survey-answers", type=int, help="drivers: answers per study at every size")
    parser.add_argument("--limit", type=float, default=600)
    args = parser.parse_args()
    if args.what == "speed":
        speed([int(c) for c in args.channels.split(",")], args.journeys, args.answers, args.limit)
    elif args.what == "drivers":
        variants = list(SURVEY_VARIANTS) if args.variant == "all" else args.variant.split(",")
        sizes = [int(c) for c in args.sizes.split(",")]
        drivers(
            args.seeds, sizes, args.scale_up, variants, args.shapes.split(","), not args.no_halo, args.survey_answers
        )
    else:
        recovery(
            args.seeds,
            [int(c) for c in args.sizes.split(",")],
            args.shapes.split(","),
            args.log_journeys,
            _skipped(parser, args.skip),
            args.first_seed,
        )


if __name__ == "__main__":
    main()
