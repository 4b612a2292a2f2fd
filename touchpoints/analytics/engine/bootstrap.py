"""Bootstrap confidence intervals for attribution models (Efron 1979; percentile intervals).

A replicate resamples journeys. Journeys that walked the same path with the same outcome are
interchangeable, so a replicate only redraws the counts of the (path, converted) categories; it
uses the Poisson bootstrap (each journey's weight is Poisson(1), so a category of m journeys gets
Poisson(m) copies: Hanley & MacGibbon 2006, Chamandy et al. 2012), which for logs of thousands
of journeys matches the multinomial bootstrap and draws all categories at once. Within a path a
replicate keeps the path's mean conversion value and mean time-decay weights.

Models run as *replicators*: functions of the replicate's counts on the same distinct paths,
with the work that does not depend on counts done once (the sparse credit matrix of a linear
model, the state numbering of a Markov chain).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .attribution import HEURISTIC_WEIGHTS, Attribution, MemberWeights
from .paths import FloatArray, IntArray, PathCounts, distinct_sets

Replicator = Callable[[IntArray, IntArray], Attribution]  # (journeys, conversions) per path


@dataclass(frozen=True)
class Interval:
    conversions_low: FloatArray
    conversions_high: FloatArray
    value_low: FloatArray
    value_high: FloatArray


def mean_value(paths: PathCounts) -> FloatArray:
    return np.divide(paths.value, paths.conversions, out=np.zeros(paths.value.shape[0]), where=paths.conversions > 0)


def linear_replicator(
    paths: PathCounts, weights: MemberWeights, members: IntArray | None = None, path_of: IntArray | None = None
) -> Replicator:
    """A model whose credit is a fixed share of each path's conversions (and value): its
    attribution is a sparse matrix (channels x paths) times the conversions per path."""
    members = paths.members if members is None else members
    path_of = paths.path_of_member() if path_of is None else path_of
    shape = (paths.n_channels, paths.journeys.shape[0])
    by_conversion = sp.csr_matrix((weights[0], (members, path_of)), shape=shape)
    by_value = sp.csr_matrix((weights[1], (members, path_of)), shape=shape) @ sp.diags(mean_value(paths))
    by_value = sp.csr_matrix(by_value)

    def replicate(journeys: IntArray, conversions: IntArray) -> Attribution:
        del journeys
        c = conversions.astype(np.float64)
        return by_conversion @ c, by_value @ c

    return replicate


def heuristic_replicators(paths: PathCounts) -> dict[str, Replicator]:
    path_of = paths.path_of_member()
    return {
        name: linear_replicator(paths, weights(paths), path_of=path_of) for name, weights in HEURISTIC_WEIGHTS.items()
    }


def simplified_shapley_replicator(paths: PathCounts) -> Replicator:
    """The simplified Shapley value splits each conversion over the distinct channels: linear too."""
    set_offsets, set_members = distinct_sets(paths.offsets, paths.members, paths.n_channels)
    sizes = np.diff(set_offsets)
    share = np.repeat(1.0 / np.maximum(sizes, 1), sizes)
    set_path = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    return linear_replicator(paths, (share, share), members=set_members, path_of=set_path)


def model_replicator(paths: PathCounts, model: Callable[[PathCounts], Attribution]) -> Replicator:
    """Any model, rerun in full on each replicate (for the models that are not linear)."""

    def replicate(journeys: IntArray, conversions: IntArray) -> Attribution:
        return model(paths.with_counts(journeys, conversions))

    return replicate


def poisson_replicate(paths: PathCounts, rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    converted = paths.conversions.astype(np.int64)
    conversions = rng.poisson(converted)
    return conversions + rng.poisson(paths.journeys.astype(np.int64) - converted), conversions


def bootstrap_intervals(
    paths: PathCounts,
    replicators: Mapping[str, Replicator],
    replicates: int,
    *,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Interval]:
    """Percentile intervals at ``level`` for every model, all from the same replicates."""
    rng = np.random.default_rng(seed)
    n = paths.n_channels
    draws = {name: (np.empty((replicates, n)), np.empty((replicates, n))) for name in replicators}
    for b in range(replicates):
        journeys, conversions = poisson_replicate(paths, rng)
        for name, replicate in replicators.items():
            draws[name][0][b], draws[name][1][b] = replicate(journeys, conversions)
    intervals: dict[str, Interval] = {}
    tail = (1.0 - level) / 2.0 * 100.0
    for name, (by_conversions, by_value) in draws.items():
        if replicates:
            low_c, high_c = np.percentile(by_conversions, [tail, 100.0 - tail], axis=0)
            low_v, high_v = np.percentile(by_value, [tail, 100.0 - tail], axis=0)
        else:
            low_c = high_c = low_v = high_v = np.zeros(n)
        intervals[name] = Interval(low_c, high_c, low_v, high_v)
    return intervals
