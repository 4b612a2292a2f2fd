"""What an engine hands to the driver: the log reduced to distinct paths and transitions.

Both engines (DuckDB in-process, Spark on a cluster) do the one heavy pass over the events and
return a :class:`JourneyAggregates`; everything after it (variants, drop-off, attribution models,
confidence intervals) is small NumPy work on distinct paths with their counts.

Definitions shared by both engines, so that they give the same numbers:

* Events of a customer are ordered by timestamp; ties are broken by the conversion flag
  (non-converting first), then by touchpoint name, then by value, so the order of rows in the
  file never matters.
* A *journey* is a customer's run of events up to and including a converting event; the next
  event of the same customer starts a new journey. A journey converts when it ends on a
  converting event; its value is that event's value.
* The *path* of a journey is its touchpoints in order (repeats kept). Distinct paths come in an
  order fixed by the data alone (not by the engine's threads); ``variant_order`` lists the most
  frequent ones: most journeys first, then most conversions, then by path.
* The directly-follows graph counts pairs of consecutive events of one journey, with the median
  time between them.
* Filters: ``segments`` keeps events whose segment is one of the given values, ``since`` and
  ``until`` keep events with ``since <= timestamp < until``; journeys are formed after filtering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_type_hints

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

Progress = Callable[[str], None]

# Upper bounds (seconds) of the time-to-conversion histogram buckets; the last bucket is open.
TIME_TO_CONVERSION_BOUNDS: tuple[tuple[str, float], ...] = (
    ("under 1 hour", 3600.0),
    ("1 hour to 1 day", 86400.0),
    ("1 to 7 days", 7 * 86400.0),
    ("7 to 30 days", 30 * 86400.0),
)
TIME_TO_CONVERSION_OPEN_BUCKET = "30 days or more"
QUANTILES: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)

DEFAULT_HALF_LIFE_SECONDS = 7 * 86400.0
DEFAULT_TOP_VARIANTS = 100

# The dtype of each kind of array the aggregates hold (their annotations name the kind).
_ARRAY_DTYPES: dict[Any, type[np.generic]] = {IntArray: np.int64, FloatArray: np.float64}


@dataclass(frozen=True)
class Filters:
    """Which events enter the analysis."""

    segments: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "segments": list(self.segments),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def epoch_us(moment: datetime) -> int:
    """Microseconds since the epoch; a naive datetime is taken as UTC."""

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(round(moment.timestamp() * 1_000_000))


@dataclass
class TimeToConversion:
    conversions: int
    mean_seconds: float | None
    quantiles: dict[str, float | None]
    histogram: list[tuple[str, int]]


@dataclass
class JourneyAggregates:
    """The log after the engine's pass; paths are in CSR form over channel indices.

    ``td_conversions`` and ``td_value`` are parallel to ``path_members``: for each position of a
    distinct path, the sum over the path's converting journeys of the time-decay weight of that
    touch (weights of one journey sum to 1; the value variant is weighted by the journey's value).
    """

    channels: list[str]
    path_offsets: IntArray
    path_members: IntArray
    path_journeys: IntArray
    path_conversions: IntArray
    path_value: FloatArray
    td_conversions: FloatArray
    td_value: FloatArray
    dfg_from: IntArray
    dfg_to: IntArray
    dfg_count: IntArray
    dfg_median_seconds: FloatArray
    time_to_conversion: TimeToConversion
    n_events: int
    first_event_us: int | None
    last_event_us: int | None
    half_life_seconds: float
    segment_values: list[str] = field(default_factory=list)
    # the most frequent paths, most journeys first, then most conversions, then by path
    variant_order: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        """Each array as a copy of its own in the dtype its annotation names (int64 indices and
        counts, float64 sums and times), whatever an engine handed over."""
        for name, kind in get_type_hints(type(self)).items():
            dtype = _ARRAY_DTYPES.get(kind)
            if dtype is not None:
                setattr(self, name, np.array(getattr(self, name), dtype=dtype))

    @property
    def n_paths(self) -> int:
        return int(self.path_journeys.shape[0])

    @property
    def path_lengths(self) -> IntArray:
        return np.diff(self.path_offsets)

    def path(self, index: int) -> list[str]:
        start, end = self.path_offsets[index], self.path_offsets[index + 1]
        return [self.channels[i] for i in self.path_members[start:end]]
