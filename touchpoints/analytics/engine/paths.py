"""Distinct paths with their counts: the plain data every attribution model works on.

Paths are stored in CSR form: ``members[offsets[i]:offsets[i + 1]]`` are the channel indices of
distinct path ``i`` in order; ``journeys[i]`` journeys walked it, ``conversions[i]`` of them
converted with total ``value[i]``. ``td_conversions`` / ``td_value`` are parallel to ``members``
(see :class:`~.aggregates.JourneyAggregates`). All functions here are vectorised NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


CountT = TypeVar("CountT", np.int64, np.float64)


@dataclass(frozen=True)
class ChannelGroups(Generic[CountT]):
    """Groups of channel indices in CSR form (distinct paths, or distinct channel sets) with the
    journeys, conversions and value of each group."""

    n_channels: int
    offsets: IntArray
    members: IntArray
    journeys: npt.NDArray[CountT]
    conversions: npt.NDArray[CountT]
    value: FloatArray

    @property
    def sizes(self) -> IntArray:
        return np.diff(self.offsets)


@dataclass(frozen=True)
class PathCounts(ChannelGroups[np.int64]):
    td_conversions: FloatArray
    td_value: FloatArray

    @property
    def lengths(self) -> IntArray:
        return self.sizes

    @property
    def total_conversions(self) -> float:
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float:
        return float(self.value.sum())

    def path_of_member(self) -> IntArray:
        """For each member, the index of its path."""
        return np.repeat(np.arange(self.lengths.shape[0], dtype=np.int64), self.lengths)

    def position_of_member(self) -> IntArray:
        """For each member, its 0-based position within its path."""
        return np.arange(self.members.shape[0], dtype=np.int64) - np.repeat(self.offsets[:-1], self.lengths)

    def with_counts(self, journeys: IntArray, conversions: IntArray) -> PathCounts:
        """The same paths with other counts (a bootstrap replicate): value and time-decay sums
        scale with the path's conversions, i.e. each path keeps its mean value and weights."""
        scale = np.divide(conversions, self.conversions, out=np.zeros(conversions.shape[0]), where=self.conversions > 0)
        member_scale = np.repeat(scale, self.lengths)
        return replace(
            self,
            journeys=journeys.astype(np.int64),
            conversions=conversions.astype(np.int64),
            value=self.value * scale,
            td_conversions=self.td_conversions * member_scale,
            td_value=self.td_value * member_scale,
        )


def converting_only(paths: PathCounts) -> PathCounts:
    """The paths that converted or carry value: all a rule-based model credits (the rest add 0)."""
    keep = (paths.conversions > 0) | (paths.value != 0)
    if keep.all():
        return paths
    lengths = paths.lengths[keep]
    offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    gather = np.repeat(paths.offsets[:-1][keep] - offsets[:-1], lengths) + np.arange(int(offsets[-1]), dtype=np.int64)
    return PathCounts(
        paths.n_channels,
        offsets,
        paths.members[gather],
        paths.journeys[keep],
        paths.conversions[keep],
        paths.value[keep],
        paths.td_conversions[gather],
        paths.td_value[gather],
    )


def from_lists(
    paths: list[list[int]],
    journeys: list[int],
    conversions: list[int],
    value: list[float] | None = None,
    n_channels: int | None = None,
) -> PathCounts:
    """Build from Python lists (tests, small callers); time-decay sums are left at zero."""
    lengths = np.array([len(p) for p in paths], dtype=np.int64)
    offsets = np.zeros(len(paths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    members = np.array([c for p in paths for c in p], dtype=np.int64)
    n = n_channels if n_channels is not None else (int(members.max()) + 1 if members.size else 0)
    return PathCounts(
        n_channels=n,
        offsets=offsets,
        members=members,
        journeys=np.asarray(journeys, dtype=np.int64),
        conversions=np.asarray(conversions, dtype=np.int64),
        value=np.asarray(value if value is not None else [0.0] * len(paths), dtype=np.float64),
        td_conversions=np.zeros(members.shape[0]),
        td_value=np.zeros(members.shape[0]),
    )


def collapse_repeats(offsets: IntArray, members: IntArray) -> tuple[IntArray, IntArray]:
    """Drop a member equal to the one before it in the same path (a > a > b becomes a > b)."""
    if members.size == 0:
        return offsets.copy(), members.copy()
    lengths = np.diff(offsets)
    starts = offsets[:-1][lengths > 0]
    keep = np.empty(members.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(members[1:], members[:-1], out=keep[1:])
    keep[starts] = True  # the first member of every path stays
    kept = np.zeros(lengths.shape[0], dtype=np.int64)  # members kept per path
    kept[lengths > 0] = np.add.reduceat(keep, starts, dtype=np.int64)
    new_offsets = np.zeros(offsets.shape[0], dtype=np.int64)
    np.cumsum(kept, out=new_offsets[1:])
    return new_offsets, members[keep]


def weighted_bincount(index: np.ndarray, weights: np.ndarray | None, length: int) -> FloatArray:
    """Sums of ``weights`` by ``index`` (0 .. length - 1), as float64."""
    return np.asarray(np.bincount(index, weights=weights, minlength=length), dtype=np.float64)


def unique_inverse(keys: np.ndarray) -> tuple[np.ndarray, IntArray, IntArray]:
    """(sorted distinct keys, index of each key's first occurrence, inverse) like np.unique, but
    with a stable (radix) sort: NumPy's hash-based unique is many times slower on big int keys."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(ordered.shape[0], dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(keys.shape[0], dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], order[first].astype(np.int64), inverse


def distinct_sets(offsets: IntArray, members: IntArray, n_channels: int) -> tuple[IntArray, IntArray]:
    """Each path's set of channels (sorted, no repeats), in CSR form parallel to the paths."""
    lengths = np.diff(offsets)
    path_of = np.repeat(np.arange(lengths.shape[0], dtype=np.int64), lengths)
    keys = np.sort(path_of * max(n_channels, 1) + members, kind="stable")
    if keys.size:
        keep = np.ones(keys.shape[0], dtype=bool)
        keep[1:] = keys[1:] != keys[:-1]
        keys = keys[keep]
    set_path = keys // max(n_channels, 1)
    set_members = keys % max(n_channels, 1)
    counts = np.bincount(set_path, minlength=lengths.shape[0])
    set_offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=set_offsets[1:])
    return set_offsets, set_members.astype(np.int64)
