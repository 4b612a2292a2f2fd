"""Shapley-value attribution over channel coalitions (Shapley 1953).

Two characteristic functions (games) are offered; both look only at the *set* of channels a
journey touched:

``conversions`` — v(S) = the conversions (or value) of journeys whose channel set lies within S.
    This is a sum of unanimity games, so the Shapley value has the closed form
    phi_j = sum over channel sets T containing j of R(T) / |T|, R(T) the conversions of journeys
    whose set is exactly T: the "simplified Shapley value" of Zhao, Mahboobi and Bagheri (2018).
    It is exact for any number of channels and costs one pass over the distinct sets.

``incremental`` — v(S) = the conversion rate (or value per journey) of journeys whose channel
    set lies within S, so a channel earns credit when journeys that include it convert *more*.
    Exact over all 2^n coalitions with bitmask arithmetic up to ``max_exact`` channels (default
    20); beyond that it is estimated by Monte-Carlo sampling of permutations with antithetic
    pairs (Castro, Gomez, Tejada 2009) from a fixed seed, and the standard error is returned.
    The number of permutations (default 1,000) is lowered on big logs so that the sampling
    touches at most 3e8 set members (never below 100); the result says how many were used.
    Its values can be negative (a channel whose journeys convert less); attribution clips them
    at zero before sharing out the conversions.

Both return attributions that sum to the total conversions and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial
from typing import Literal

import numpy as np

from .attribution import Attribution
from .paths import ChannelGroups, FloatArray, IntArray, PathCounts, distinct_sets, unique_inverse, weighted_bincount

Game = Literal["conversions", "incremental"]
MAX_EXACT_CHANNELS = 20
DEFAULT_PERMUTATIONS = 1000
SAMPLING_BUDGET = 300_000_000  # set members touched in all; caps the permutations on big logs
MIN_PERMUTATIONS = 100


@dataclass(frozen=True)
class ChannelSets(ChannelGroups[np.float64]):
    """Distinct channel sets (CSR) with the journeys, conversions and value of each."""


@dataclass(frozen=True)
class ShapleyResult:
    game: Game
    method: str  # "closed form", "exact over 2^n coalitions" or "sampled permutations"
    values: FloatArray  # the raw Shapley values of the conversions game (conversions or rate)
    value_values: FloatArray  # the same for the value game
    standard_errors: FloatArray | None
    permutations: int | None
    seed: int | None
    attribution: Attribution


def channel_sets(paths: PathCounts) -> ChannelSets:
    """Group the paths by their set of channels (a 64-bit random hash per set, so any n works)."""
    set_offsets, set_members = distinct_sets(paths.offsets, paths.members, paths.n_channels)
    rng = np.random.default_rng(0x5EED)
    codes = rng.integers(1, np.iinfo(np.int64).max, size=max(paths.n_channels, 1), dtype=np.int64)
    sizes = np.diff(set_offsets)
    path_of = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    hashed = _set_hash(path_of, codes[set_members], sizes.shape[0])
    key = hashed ^ (sizes.astype(np.uint64) << np.uint64(56))
    _, first, inverse = unique_inverse(key)
    n_sets = first.shape[0]
    keep_sizes = sizes[first]
    offsets = np.zeros(n_sets + 1, dtype=np.int64)
    np.cumsum(keep_sizes, out=offsets[1:])
    starts = set_offsets[first]
    gather = np.repeat(starts - offsets[:-1], keep_sizes) + np.arange(int(offsets[-1]), dtype=np.int64)
    return ChannelSets(
        n_channels=paths.n_channels,
        offsets=offsets,
        members=set_members[gather],
        journeys=weighted_bincount(inverse, paths.journeys.astype(np.float64), n_sets),
        conversions=weighted_bincount(inverse, paths.conversions.astype(np.float64), n_sets),
        value=weighted_bincount(inverse, paths.value, n_sets),
    )


def _set_hash(path_of: IntArray, codes: IntArray, n_paths: int) -> np.ndarray:
    """Sum (mod 2^64) of the members' random codes per set: equal sets hash equal."""
    del n_paths
    if codes.size == 0:
        return np.zeros(0, dtype=np.uint64)
    starts = np.flatnonzero(np.r_[True, path_of[1:] != path_of[:-1]])
    return np.add.reduceat(codes.astype(np.uint64), starts)


def simplified_shapley(sets: ChannelSets) -> tuple[FloatArray, FloatArray]:
    """phi_j = sum over sets T containing j of R(T) / |T| (conversions and value)."""
    sizes = sets.sizes.astype(np.float64)
    per_member = np.repeat(1.0 / np.maximum(sizes, 1.0), sets.sizes)
    set_of = np.repeat(np.arange(sizes.shape[0]), sets.sizes)
    n = sets.n_channels
    return (
        weighted_bincount(sets.members, per_member * sets.conversions[set_of], n),
        weighted_bincount(sets.members, per_member * sets.value[set_of], n),
    )


def _masks(sets: ChannelSets) -> IntArray:
    if sets.members.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.bitwise_or.reduceat(np.left_shift(np.int64(1), sets.members), sets.offsets[:-1])


def _zeta(by_mask: FloatArray, n: int) -> FloatArray:
    """Subset sums: out[S] = sum of by_mask[T] over T within S (O(n 2^n), vectorised)."""
    out = by_mask.copy()
    for bit in range(n):
        view = out.reshape(-1, 2, 1 << bit)
        view[:, 1, :] += view[:, 0, :]
    return out


def _popcount(n: int) -> IntArray:
    counts = np.zeros(1 << n, dtype=np.int64)
    for bit in range(n):
        counts.reshape(-1, 2, 1 << bit)[:, 1, :] += 1
    return counts


def exact_shapley(worth: FloatArray, n: int) -> FloatArray:
    """Shapley values of the game ``worth[S]`` (indexed by bitmask) over all 2^n coalitions."""
    size = _popcount(n)
    weights = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)], dtype=np.float64)
    phi = np.zeros(n)
    for j in range(n):
        without = _without_bit(n, j)
        phi[j] = float(np.dot(weights[size[without]], worth[without | (1 << j)] - worth[without]))
    return phi


def _without_bit(n: int, j: int) -> IntArray:
    """All masks over n bits with bit j clear."""
    low = np.arange(1 << j, dtype=np.int64)
    high = np.arange(1 << (n - j - 1), dtype=np.int64) << (j + 1)
    return (high[:, None] + low[None, :]).ravel()


def _incremental_worth(sets: ChannelSets) -> tuple[FloatArray, FloatArray]:
    n = sets.n_channels
    masks = _masks(sets)
    size = 1 << n
    journeys = _zeta(weighted_bincount(masks, sets.journeys, size), n)
    conversions = _zeta(weighted_bincount(masks, sets.conversions, size), n)
    value = _zeta(weighted_bincount(masks, sets.value, size), n)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(journeys > 0, conversions / journeys, 0.0)
        per_journey = np.where(journeys > 0, value / journeys, 0.0)
    return rate, per_journey


def sampled_incremental_shapley(
    sets: ChannelSets, permutations: int, seed: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Monte-Carlo Shapley values of the incremental game; (conversion phi, value phi, std err).

    For a permutation, the coalition of its first k channels contains a set T exactly when T's
    last channel in the permutation comes at rank k or before, so v of every prefix follows from
    one cumulative sum over the sets.
    """
    n = sets.n_channels
    rng = np.random.default_rng(seed)
    total = np.zeros(n)
    total_sq = np.zeros(n)
    total_value = np.zeros(n)
    starts = sets.offsets[:-1]
    draws = 0
    pairs = max(1, permutations // 2)
    for _ in range(pairs):
        forward = rng.permutation(n)
        for perm in (forward, forward[::-1]):
            rank = np.empty(n, dtype=np.int64)
            rank[perm] = np.arange(n)
            completes = np.maximum.reduceat(rank[sets.members], starts) if sets.members.size else np.zeros(0, np.int64)
            cum_j = np.cumsum(weighted_bincount(completes, sets.journeys, n))
            cum_c = np.cumsum(weighted_bincount(completes, sets.conversions, n))
            cum_v = np.cumsum(weighted_bincount(completes, sets.value, n))
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = np.where(cum_j > 0, cum_c / cum_j, 0.0)
                per_journey = np.where(cum_j > 0, cum_v / cum_j, 0.0)
            marginal = np.diff(rate, prepend=0.0)
            total[perm] += marginal
            total_sq[perm] += marginal**2
            total_value[perm] += np.diff(per_journey, prepend=0.0)
            draws += 1
    mean = total / draws
    variance = np.maximum(total_sq / draws - mean**2, 0.0)
    return mean, total_value / draws, np.sqrt(variance / draws)


def _share_positive(values: FloatArray, total: float) -> FloatArray:
    positive = np.clip(values, 0.0, None)
    s = float(positive.sum())
    return positive * (total / s) if s > 0 else np.zeros_like(values)


def shapley_model(
    paths: PathCounts,
    game: Game = "conversions",
    *,
    max_exact: int = MAX_EXACT_CHANNELS,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = 0,
) -> ShapleyResult:
    n = paths.n_channels
    if game == "conversions":
        # additive over sets, so no need to group equal sets first
        set_offsets, set_members = distinct_sets(paths.offsets, paths.members, n)
        phi, phi_value = simplified_shapley(
            ChannelSets(
                n,
                set_offsets,
                set_members,
                paths.journeys.astype(np.float64),
                paths.conversions.astype(np.float64),
                paths.value,
            )
        )
        return ShapleyResult(game, "closed form", phi, phi_value, None, None, None, (phi, phi_value))
    sets = channel_sets(paths)
    if n == 0:
        empty = np.zeros(0)
        return ShapleyResult(game, "exact over 2^n coalitions", empty, empty, None, None, None, (empty, empty))
    if n <= max_exact:
        rate, per_journey = _incremental_worth(sets)
        phi, phi_value = exact_shapley(rate, n), exact_shapley(per_journey, n)
        errors, used, used_seed, method = None, None, None, "exact over 2^n coalitions"
    else:
        affordable = SAMPLING_BUDGET // max(int(sets.members.shape[0]), 1)
        permutations = max(min(permutations, affordable), MIN_PERMUTATIONS)
        phi, phi_value, errors = sampled_incremental_shapley(sets, permutations, seed)
        used, used_seed, method = 2 * max(1, permutations // 2), seed, "sampled permutations"
    attribution = (_share_positive(phi, paths.total_conversions), _share_positive(phi_value, paths.total_value))
    return ShapleyResult(game, method, phi, phi_value, errors, used, used_seed, attribution)


def shapley_attribution(game: Game, **kwargs: object):
    def model(paths: PathCounts) -> Attribution:
        return shapley_model(paths, game, **kwargs).attribution  # type: ignore[arg-type]

    model.__name__ = f"shapley_{game}"
    return model
