"""Heuristic (rule-based) attribution models over distinct paths.

Every model returns ``(conversions, value)``: two arrays indexed by channel that add up to the
total conversions and the total conversion value of the converting paths. Repeated channels are
kept: in ``a > a > b`` the linear model gives ``a`` two thirds (ChannelAttribution does the same).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .paths import FloatArray, PathCounts, converting_only

Attribution = tuple[FloatArray, FloatArray]
Model = Callable[[PathCounts], Attribution]

POSITION_FIRST = 0.4
POSITION_LAST = 0.4


MemberWeights = tuple[FloatArray, FloatArray]  # per member: share of its path's conversions, of its value


def _spread(paths: PathCounts, weights: MemberWeights) -> Attribution:
    """Credit each member its shares of its path's conversions and value, summed by channel
    (``paths`` are best the converting ones only: the others get nothing)."""
    path_of = paths.path_of_member()
    n = paths.n_channels
    return (
        np.bincount(paths.members, weights=weights[0] * paths.conversions[path_of], minlength=n).astype(np.float64),
        np.bincount(paths.members, weights=weights[1] * paths.value[path_of], minlength=n).astype(np.float64),
    )


def first_touch_weights(paths: PathCounts) -> MemberWeights:
    weight = (paths.position_of_member() == 0).astype(np.float64)
    return weight, weight


def last_touch_weights(paths: PathCounts) -> MemberWeights:
    length = np.repeat(paths.lengths, paths.lengths)
    weight = (paths.position_of_member() == length - 1).astype(np.float64)
    return weight, weight


def linear_weights(paths: PathCounts) -> MemberWeights:
    weight = 1.0 / np.repeat(paths.lengths, paths.lengths).astype(np.float64)
    return weight, weight


def position_based_weights(
    paths: PathCounts, first: float = POSITION_FIRST, last: float = POSITION_LAST
) -> MemberWeights:
    length = np.repeat(paths.lengths, paths.lengths)
    position = paths.position_of_member()
    middle = 1.0 - first - last
    weight = np.where(position == 0, first, np.where(position == length - 1, last, middle / np.maximum(length - 2, 1)))
    weight = np.where(length == 1, 1.0, np.where(length == 2, 0.5, weight)).astype(np.float64)
    return weight, weight


def time_decay_weights(paths: PathCounts) -> MemberWeights:
    """The engine's per-position sums of normalised weights, as shares of the path's totals."""
    path_of = paths.path_of_member()
    conversions = paths.conversions[path_of].astype(np.float64)
    value = paths.value[path_of]
    return (
        np.divide(paths.td_conversions, conversions, out=np.zeros_like(conversions), where=conversions > 0),
        np.divide(paths.td_value, value, out=np.zeros_like(value), where=value != 0),
    )


def first_touch(paths: PathCounts) -> Attribution:
    """All credit to the first touch of the path."""
    paths = converting_only(paths)
    return _spread(paths, first_touch_weights(paths))


def last_touch(paths: PathCounts) -> Attribution:
    """All credit to the last touch of the path (the converting touch)."""
    paths = converting_only(paths)
    return _spread(paths, last_touch_weights(paths))


def linear(paths: PathCounts) -> Attribution:
    """Equal credit to every touch of the path."""
    paths = converting_only(paths)
    return _spread(paths, linear_weights(paths))


def position_based(paths: PathCounts) -> Attribution:
    """40% to the first touch, 40% to the last, 20% split evenly over the touches between.

    A one-touch path gives it everything; a two-touch path splits half and half (the middle
    share has nowhere to go, so it is shared like the ends).
    """
    paths = converting_only(paths)
    return _spread(paths, position_based_weights(paths))


def time_decay(paths: PathCounts) -> Attribution:
    """Credit halves for every half-life between a touch and the conversion.

    The weights ``2^(-(t_conversion - t_touch) / half_life)`` of one journey are normalised to sum
    to 1; the engine has already summed them per path position (``td_conversions``/``td_value``).
    """
    n = paths.n_channels
    return (
        np.bincount(paths.members, weights=paths.td_conversions, minlength=n).astype(np.float64),
        np.bincount(paths.members, weights=paths.td_value, minlength=n).astype(np.float64),
    )


HEURISTIC_MODELS: dict[str, Model] = {
    "first_touch": first_touch,
    "last_touch": last_touch,
    "linear": linear,
    "time_decay": time_decay,
    "position_based": position_based,
}

HEURISTIC_WEIGHTS: dict[str, Callable[[PathCounts], MemberWeights]] = {
    "first_touch": first_touch_weights,
    "last_touch": last_touch_weights,
    "linear": linear_weights,
    "time_decay": time_decay_weights,
    "position_based": position_based_weights,
}
