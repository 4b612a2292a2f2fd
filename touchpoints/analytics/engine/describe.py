"""The descriptive side of an analysis: summary, per-channel statistics, variants, transitions,
start and end touchpoints, path lengths and time to conversion, from an engine's aggregates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np

from .aggregates import JourneyAggregates
from .paths import PathCounts, distinct_sets
from .result import (
    ChannelStats,
    Endpoint,
    HistogramBucket,
    PathLength,
    Summary,
    TimeToConversionSection,
    Transition,
    Variant,
)


def path_counts(agg: JourneyAggregates) -> PathCounts:
    return PathCounts(
        n_channels=len(agg.channels),
        offsets=agg.path_offsets,
        members=agg.path_members,
        journeys=agg.path_journeys,
        conversions=agg.path_conversions,
        value=agg.path_value,
        td_conversions=agg.td_conversions,
        td_value=agg.td_value,
    )


def _iso(us: int | None) -> str | None:
    return None if us is None else datetime.fromtimestamp(us / 1e6, tz=UTC).isoformat()


def ratio(a: float, b: float) -> float:
    return float(a) / float(b) if b else 0.0


def describe(agg: JourneyAggregates, top_variants: int) -> dict[str, Any]:
    """Summary, per-channel statistics, variants, transitions, endpoints, lengths, time to conversion."""
    paths = path_counts(agg)
    n = paths.n_channels
    names = agg.channels
    lengths = paths.lengths
    path_of = paths.path_of_member()
    journeys = paths.journeys.astype(np.float64)
    conversions = paths.conversions.astype(np.float64)
    nonempty = lengths > 0
    firsts = paths.members[paths.offsets[:-1][nonempty]]
    lasts = paths.members[paths.offsets[1:][nonempty] - 1]
    events = np.bincount(paths.members, weights=journeys[path_of], minlength=n)
    set_offsets, set_members = distinct_sets(paths.offsets, paths.members, n)
    set_path = np.repeat(np.arange(lengths.shape[0]), np.diff(set_offsets))
    through = np.bincount(set_members, weights=journeys[set_path], minlength=n)
    starts = np.bincount(firsts, weights=journeys[nonempty], minlength=n)
    ends = np.bincount(lasts, weights=journeys[nonempty], minlength=n)
    converted_ends = np.bincount(lasts, weights=conversions[nonempty], minlength=n)
    channels = [
        ChannelStats(
            channel=names[i],
            events=int(events[i]),
            journeys=int(through[i]),
            starts=int(starts[i]),
            ends=int(ends[i]),
            conversions=int(converted_ends[i]),
            drop_offs=int(ends[i] - converted_ends[i]),
            drop_off_rate=ratio(ends[i] - converted_ends[i], events[i]),
        )
        for i in range(n)
    ]
    variants = [
        Variant(
            path=agg.path(i),
            journeys=int(paths.journeys[i]),
            conversions=int(paths.conversions[i]),
            conversion_rate=ratio(paths.conversions[i], paths.journeys[i]),
            value=float(paths.value[i]),
        )
        for i in (int(v) for v in agg.variant_order[:top_variants])
    ]
    transitions = [
        Transition(names[int(a)], names[int(b)], int(c), float(m))
        for a, b, c, m in zip(agg.dfg_from, agg.dfg_to, agg.dfg_count, agg.dfg_median_seconds)
    ]
    transitions.sort(key=lambda t: (-t.count, t.source, t.target))

    def endpoints(counts: np.ndarray) -> list[Endpoint]:
        rows = [Endpoint(names[i], int(counts[i])) for i in range(n) if counts[i] > 0]
        return sorted(rows, key=lambda e: (-e.journeys, e.channel))

    by_length = np.bincount(lengths, weights=journeys, minlength=1)
    conv_by_length = np.bincount(lengths, weights=conversions, minlength=1)
    path_lengths = [
        PathLength(int(k), int(by_length[k]), int(conv_by_length[k]))
        for k in range(by_length.shape[0])
        if by_length[k] > 0
    ]
    ttc = agg.time_to_conversion
    total_journeys = int(paths.journeys.sum())
    total_conversions = int(paths.conversions.sum())
    return {
        "summary": Summary(
            events=agg.n_events,
            journeys=total_journeys,
            conversions=total_conversions,
            conversion_rate=ratio(total_conversions, total_journeys),
            value=float(paths.value.sum()),
            channels=n,
            distinct_paths=agg.n_paths,
            first_event=_iso(agg.first_event_us),
            last_event=_iso(agg.last_event_us),
        ),
        "channels": channels,
        "variants": variants,
        "transitions": transitions,
        "start_touchpoints": endpoints(starts),
        "end_touchpoints": endpoints(ends),
        "path_lengths": path_lengths,
        "time_to_conversion": TimeToConversionSection(
            conversions=ttc.conversions,
            mean_seconds=ttc.mean_seconds,
            quantiles_seconds=ttc.quantiles,
            histogram=[HistogramBucket(label, count) for label, count in ttc.histogram],
        ),
    }
