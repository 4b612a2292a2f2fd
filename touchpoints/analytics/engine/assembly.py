"""What both engines share: the engine's interface, and the assembly of its results.

An engine loads a log once (:meth:`EventEngine.load`) and may then aggregate it for several
filters. Each engine does the heavy pass its own way and hands plain arrays to :func:`assemble`,
which puts the distinct paths in the canonical order, so both give the same numbers to the bit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

from .aggregates import (
    DEFAULT_HALF_LIFE_SECONDS,
    DEFAULT_TOP_VARIANTS,
    QUANTILES,
    TIME_TO_CONVERSION_BOUNDS,
    TIME_TO_CONVERSION_OPEN_BUCKET,
    Filters,
    JourneyAggregates,
    Progress,
    TimeToConversion,
)
from .io import ColumnMap
from .messages import Text, gettext_noop


class EventEngine(ABC):
    """Loads a log once; :meth:`aggregate` may then run for several filters (e.g. per segment)."""

    name: str

    @abstractmethod
    def load(self, path: str, columns: ColumnMap, fmt: str | None = None) -> int:
        """Read and validate the log (raises LogError); returns its number of rows."""

    @abstractmethod
    def load_saved(self, path: str) -> int:
        """Read the events a check kept of the log (``DuckDBEngine.save``, Parquet) instead of the
        log itself; returns their number."""

    @abstractmethod
    def segment_values(self) -> list[str]: ...

    @abstractmethod
    def close(self) -> None: ...

    def aggregate(
        self,
        filters: Filters = Filters(),
        *,
        half_life_seconds: float = DEFAULT_HALF_LIFE_SECONDS,
        top_variants: int = DEFAULT_TOP_VARIANTS,
        progress: Progress | None = None,
    ) -> JourneyAggregates:
        """The loaded log's journeys after ``filters``, reduced to distinct paths and transitions."""
        say = progress or (lambda _msg: None)
        say(Text(gettext_noop("Ordering events into journeys")))
        parts = self._aggregate(filters, half_life_seconds, top_variants, say)
        return assemble(**parts, half_life_seconds=half_life_seconds, segment_values=self.segment_values())

    @abstractmethod
    def _aggregate(
        self, filters: Filters, half_life_seconds: float, top_variants: int, say: Progress
    ) -> dict[str, Any]:
        """The heavy pass: :func:`assemble`'s arguments but the half-life and the segment values."""


def pack_base(n_channels: int) -> int:
    """Paths are built as list_sort(list(k * base + id)): sorting the packed numbers orders a
    journey's touches by their rank k without an ordered aggregate (several times faster); the
    times list sorts the same way because rank follows time."""
    return 1 << max(1, (max(n_channels, 2) - 1).bit_length())


def time_to_conversion_from_row(row: Sequence[object]) -> TimeToConversion:
    """Shared by both engines: (count, mean, [quantiles], bucket counts...)."""
    count = int(row[0])  # type: ignore[call-overload]
    names = [f"p{int(round(q * 100))}" for q in QUANTILES]
    values: list[object] = list(row[2]) if count and row[2] is not None else [None] * len(names)  # type: ignore[call-overload]
    quantiles: dict[str, float | None] = {
        name: (None if v is None else float(v))  # type: ignore[arg-type]
        for name, v in zip(names, values)
    }
    labels = [label for label, _ in TIME_TO_CONVERSION_BOUNDS] + [TIME_TO_CONVERSION_OPEN_BUCKET]
    histogram = [(label, int(n)) for label, n in zip(labels, row[3:])]  # type: ignore[call-overload]
    return TimeToConversion(
        conversions=count,
        mean_seconds=float(row[1]) if count else None,  # type: ignore[arg-type]
        quantiles=quantiles,
        histogram=histogram,
    )


def canonical_path_order(
    offsets: np.ndarray, members: np.ndarray, journeys: np.ndarray, conversions: np.ndarray
) -> np.ndarray:
    """An order of the distinct paths fixed by the data alone, whatever the engine: most journeys
    first, then most conversions, then a 64-bit polynomial hash of the path. Sums over paths then
    run in the same order on every engine and every run, to the last bit."""
    lengths = np.diff(offsets)
    if lengths.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    position = np.arange(members.shape[0], dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    powers = np.cumprod(np.full(int(lengths.max(initial=0)) + 1, 0x9E3779B97F4A7C15, dtype=np.uint64))
    with np.errstate(over="ignore"):
        terms = (members.astype(np.uint64) + np.uint64(1)) * powers[position]
        keys = np.zeros(lengths.shape[0], dtype=np.uint64)
        nonempty = lengths > 0
        keys[nonempty] = np.add.reduceat(terms, offsets[:-1][nonempty]) if terms.size else 0
        keys = keys * np.uint64(0xBF58476D1CE4E5B9) + lengths.astype(np.uint64)
    return np.lexsort((keys, -conversions.astype(np.int64), -journeys.astype(np.int64))).astype(np.int64)


def _reorder_csr(offsets: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """New offsets and the member gather index for the rows of a CSR structure in ``order``."""
    lengths = np.diff(offsets)[order]
    new_offsets = np.zeros(order.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    gather = np.repeat(offsets[:-1][order] - new_offsets[:-1], lengths) + np.arange(
        int(new_offsets[-1]), dtype=np.int64
    )
    return new_offsets, gather


def assemble(
    *,
    channels: list[str],
    offsets: np.ndarray,
    members: np.ndarray,
    journeys: np.ndarray,
    conversions: np.ndarray,
    value: np.ndarray,
    td_pid: np.ndarray,
    td_pos: np.ndarray,
    td_wc: np.ndarray,
    td_wv: np.ndarray,
    dfg_from: np.ndarray,
    dfg_to: np.ndarray,
    dfg_count: np.ndarray,
    dfg_median: np.ndarray,
    ttc: TimeToConversion,
    n_events: int,
    first_us: object,
    last_us: object,
    half_life_seconds: float,
    segment_values: list[str],
    variant_order: list[int],
) -> JourneyAggregates:
    """Build the aggregates from plain arrays (used by both engines), paths in canonical order."""
    td_conversions = np.zeros(members.shape[0], dtype=np.float64)
    td_value = np.zeros(members.shape[0], dtype=np.float64)
    if td_pid.size:
        slots = offsets[td_pid] + td_pos
        td_conversions[slots] = td_wc
        td_value[slots] = td_wv
    order = canonical_path_order(offsets, members, journeys, conversions)
    offsets, gather = _reorder_csr(offsets, order)
    members, td_conversions, td_value = members[gather], td_conversions[gather], td_value[gather]
    journeys, conversions, value = journeys[order], conversions[order], value[order]
    new_index = np.empty(order.shape[0], dtype=np.int64)
    new_index[order] = np.arange(order.shape[0])
    variant_order = new_index[np.asarray(variant_order, dtype=np.int64)].tolist() if len(variant_order) else []
    return JourneyAggregates(
        channels=channels,
        path_offsets=offsets,
        path_members=members,
        path_journeys=journeys,
        path_conversions=conversions,
        path_value=value,
        td_conversions=td_conversions,
        td_value=td_value,
        dfg_from=dfg_from,
        dfg_to=dfg_to,
        dfg_count=dfg_count,
        dfg_median_seconds=dfg_median,
        time_to_conversion=ttc,
        n_events=n_events,
        first_event_us=None if first_us is None else int(first_us),  # type: ignore[call-overload]
        last_event_us=None if last_us is None else int(last_us),  # type: ignore[call-overload]
        half_life_seconds=float(half_life_seconds),
        segment_values=segment_values,
        variant_order=np.asarray(variant_order, dtype=np.int64),
    )
