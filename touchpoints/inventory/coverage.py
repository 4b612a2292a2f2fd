"""Coverage of the inventory at a glance: a pure function over plain rows (no ORM)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from touchpoints.inventory import choices as c


@dataclass
class Coverage:
    total: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    by_phase: dict[str, int] = field(default_factory=dict)
    by_area: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    empty_stages: list[str] = field(default_factory=list)
    empty_areas: list[str] = field(default_factory=list)
    unclassified: int = 0


def coverage_from_counts(
    *,
    total: int,
    stages: Mapping[str, int],
    phases: Mapping[str, int],
    areas: Mapping[str, int],
    channels: Mapping[str, int],
    statuses: Mapping[str, int],
    unclassified: int,
) -> Coverage:
    """Coverage from counts already aggregated (by the database). Touchpoints without a status row
    for the own brand count as unknown; zero counts are kept so gaps show."""
    known = sum(statuses.get(s, 0) for s in c.PresenceStatus.values if s != c.PresenceStatus.UNKNOWN)
    by_status = {s: statuses.get(s, 0) for s in c.PresenceStatus.values}
    by_status[c.PresenceStatus.UNKNOWN] = max(0, total - known)
    return Coverage(
        total=total,
        by_stage={s: stages.get(s, 0) for s in c.Stage.values},
        by_phase={p: phases.get(p, 0) for p in c.Phase.values},
        by_area={a: areas.get(a, 0) for a in c.Area.values},
        by_channel={ch: channels[ch] for ch in c.Channel.values if channels.get(ch)},
        by_status=by_status,
        empty_stages=[s for s in c.Stage.values if not stages.get(s)],
        empty_areas=[a for a in c.Area.values if not areas.get(a)],
        unclassified=unclassified,
    )


def compute_coverage(rows: Iterable[Mapping[str, object]]) -> Coverage:
    """The same coverage from plain rows: dicts with ``stages`` (list), ``area``, ``channel`` and
    ``status`` (the own brand's presence status, or "" when unknown). The reference the database
    aggregation in ``inventory.selectors.inventory_coverage`` is tested against."""
    stage: Counter[str] = Counter()
    phase: Counter[str] = Counter()
    area: Counter[str] = Counter()
    channel: Counter[str] = Counter()
    status: Counter[str] = Counter()
    total = unclassified = 0
    for row in rows:
        total += 1
        stages = list(row.get("stages") or [])  # type: ignore[call-overload]
        stage.update(stages)
        phase.update(c.phases_for(stages))
        if row.get("area"):
            area[str(row["area"])] += 1
        if row.get("channel"):
            channel[str(row["channel"])] += 1
        if row.get("status"):
            status[str(row["status"])] += 1
        if not all(row.get(name) for name in c.CLASSIFYING_FIELDS):
            unclassified += 1
    return coverage_from_counts(
        total=total,
        stages=stage,
        phases=phase,
        areas=area,
        channels=channel,
        statuses=status,
        unclassified=unclassified,
    )
