"""Coverage of the inventory at a glance: a pure function over plain rows (no ORM)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

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


def compute_coverage(rows: Iterable[Mapping[str, object]]) -> Coverage:
    """``rows``: dicts with ``stages`` (list), ``area``, ``channel`` and ``status`` (the own brand's
    presence status, or "" when unknown). Zero counts are kept so gaps show."""
    stage, phase, area, channel, status = Counter(), Counter(), Counter(), Counter(), Counter()
    total = unclassified = 0
    for row in rows:
        total += 1
        stages = list(row.get("stages") or [])  # type: ignore[call-overload]
        stage.update(stages)
        phase.update(c.phases_for(stages))
        if row.get("area"):
            area[row["area"]] += 1
        if row.get("channel"):
            channel[row["channel"]] += 1
        status[str(row.get("status") or c.PresenceStatus.UNKNOWN)] += 1
        if not stages or not row.get("area") or not row.get("channel"):
            unclassified += 1
    return Coverage(
        total=total,
        by_stage={s: stage[s] for s in c.Stage.values},
        by_phase={p: phase[p] for p in c.Phase.values},
        by_area={a: area[a] for a in c.Area.values},
        by_channel={ch: channel[ch] for ch in c.Channel.values if channel[ch]},
        by_status={s: status[s] for s in c.PresenceStatus.values},
        empty_stages=[s for s in c.Stage.values if not stage[s]],
        empty_areas=[a for a in c.Area.values if not area[a]],
        unclassified=unclassified,
    )
