"""Bootstrap confidence intervals for attribution models (Efron 1979, percentile intervals).

A replicate resamples journeys with replacement. Journeys that walked the same path with the same
outcome are interchangeable, so a replicate is one multinomial draw of the counts of the
(path, converted) categories, and every model reruns on the distinct paths. Within a path, a
replicate keeps the path's mean conversion value and mean time-decay weights (the engine has
already summed those over the path's journeys).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from .attribution import Attribution
from .paths import FloatArray, PathCounts


@dataclass(frozen=True)
class Interval:
    conversions_low: FloatArray
    conversions_high: FloatArray
    value_low: FloatArray
    value_high: FloatArray


def resample(paths: PathCounts, rng: np.random.Generator) -> PathCounts:
    """One bootstrap replicate of the journeys, as new counts on the same distinct paths."""
    converted = paths.conversions.astype(np.int64)
    not_converted = paths.journeys.astype(np.int64) - converted
    weights = np.concatenate([converted, not_converted]).astype(np.float64)
    total = int(weights.sum())
    if total == 0:
        return paths
    drawn = rng.multinomial(total, weights / weights.sum())
    p = converted.shape[0]
    new_conversions = drawn[:p]
    return paths.with_counts(new_conversions + drawn[p:], new_conversions)


def bootstrap_intervals(
    paths: PathCounts,
    models: Mapping[str, Callable[[PathCounts], Attribution]],
    replicates: int,
    *,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Interval]:
    """Percentile intervals at ``level`` for every model, from the same replicates."""
    rng = np.random.default_rng(seed)
    n = paths.n_channels
    draws = {name: (np.empty((replicates, n)), np.empty((replicates, n))) for name in models}
    for b in range(replicates):
        replicate = resample(paths, rng)
        for name, model in models.items():
            conversions, value = model(replicate)
            draws[name][0][b] = conversions
            draws[name][1][b] = value
    tail = (1.0 - level) / 2.0 * 100.0
    out: dict[str, Interval] = {}
    for name, (conversions, value) in draws.items():
        low_c, high_c = np.percentile(conversions, [tail, 100.0 - tail], axis=0) if replicates else (np.zeros(n),) * 2
        low_v, high_v = np.percentile(value, [tail, 100.0 - tail], axis=0) if replicates else (np.zeros(n),) * 2
        out[name] = Interval(low_c, high_c, low_v, high_v)
    return out
