"""Heuristic (rule-based) attribution models over distinct paths.

Every model returns ``(conversions, value)``: two arrays indexed by channel that add up to the
total conversions and the total conversion value of the converting paths. Repeated channels are
kept: in ``a > a > b`` the linear model gives ``a`` two thirds (ChannelAttribution does the same).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .paths import FloatArray, PathCounts

Attribution = tuple[FloatArray, FloatArray]
Model = Callable[[PathCounts], Attribution]

POSITION_FIRST = 0.4
POSITION_LAST = 0.4


def _spread(paths: PathCounts, member_weight: FloatArray) -> Attribution:
    """Credit each member ``member_weight`` (a share of its path's conversions) and sum by channel."""
    path_of = paths.path_of_member()
    conv = member_weight * paths.conversions[path_of]
    val = member_weight * paths.value[path_of]
    n = paths.n_channels
    return (np.bincount(paths.members, weights=conv, minlength=n).astype(np.float64),
            np.bincount(paths.members, weights=val, minlength=n).astype(np.float64))


def first_touch(paths: PathCounts) -> Attribution:
    """All credit to the first touch of the path."""
    weight = (paths.position_of_member() == 0).astype(np.float64)
    return _spread(paths, weight)


def last_touch(paths: PathCounts) -> Attribution:
    """All credit to the last touch of the path (the converting touch)."""
    length = np.repeat(paths.lengths, paths.lengths)
    weight = (paths.position_of_member() == length - 1).astype(np.float64)
    return _spread(paths, weight)


def linear(paths: PathCounts) -> Attribution:
    """Equal credit to every touch of the path."""
    length = np.repeat(paths.lengths, paths.lengths).astype(np.float64)
    return _spread(paths, 1.0 / length)


def position_based(paths: PathCounts, first: float = POSITION_FIRST, last: float = POSITION_LAST) -> Attribution:
    """40% to the first touch, 40% to the last, 20% split evenly over the touches between.

    A one-touch path gives it everything; a two-touch path splits half and half (the middle
    share has nowhere to go, so it is shared like the ends).
    """
    length = np.repeat(paths.lengths, paths.lengths)
    position = paths.position_of_member()
    middle = 1.0 - first - last
    weight = np.where(position == 0, first, np.where(position == length - 1, last,
                                                      middle / np.maximum(length - 2, 1)))
    weight = np.where(length == 1, 1.0, np.where(length == 2, 0.5, weight)).astype(np.float64)
    return _spread(paths, weight)


def time_decay(paths: PathCounts) -> Attribution:
    """Credit halves for every half-life between a touch and the conversion.

    The weights ``2^(-(t_conversion - t_touch) / half_life)`` of one journey are normalised to sum
    to 1; the engine has already summed them per path position (``td_conversions``/``td_value``).
    """
    n = paths.n_channels
    return (np.bincount(paths.members, weights=paths.td_conversions, minlength=n).astype(np.float64),
            np.bincount(paths.members, weights=paths.td_value, minlength=n).astype(np.float64))


HEURISTIC_MODELS: dict[str, Model] = {
    "first_touch": first_touch,
    "last_touch": last_touch,
    "linear": linear,
    "time_decay": time_decay,
    "position_based": position_based,
}
