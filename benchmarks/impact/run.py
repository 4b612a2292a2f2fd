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
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..")))

from benchmarks.impact.measure import record, timed
from benchmarks.impact.recovery import COMPARISON_MODELS, drivers, fit_survey, recovery
from touchpoints.analytics.engine.attribution import HEURISTIC_MODELS
from touchpoints.analytics.engine.counterfactual import counterfactual_model
from touchpoints.analytics.engine.markov import markov_model
from touchpoints.analytics.engine.paths import PathCounts
from touchpoints.analytics.engine.shapley import shapley_model
from touchpoints.analytics.engine.tests.impact_sim import SHAPES, SURVEY_VARIANTS, simulate_survey


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
        return fit_survey(survey, 100).occasions

    record(
        {
            "case": f"answers{answers // 1000}k_t100_b5",
            "answers": int(survey.touchpoint.shape[0]),
            "build_s": built,
            "step": "key_drivers",
            **timed(fit, limit),
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
