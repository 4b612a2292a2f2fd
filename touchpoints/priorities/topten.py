"""The top ten as plain data, and the difference between two saved versions (pure, no ORM)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOP_SIZE = 10

ADDED, REMOVED, MOVED_UP, MOVED_DOWN, REASON, SAME = "added", "removed", "up", "down", "reason", "same"


@dataclass
class TopTenEntry:
    """One place of the top ten: ``position`` 1–10, the touchpoint, the team's reason, and the
    computed priority it was placed against (``priority_rank``/``priority_score``, None when the
    touchpoint has no complete priority) and the latest own-brand score."""

    position: int
    touchpoint_id: int
    name: str
    reason: str = ""
    priority_rank: int | None = None
    priority_score: float | None = None
    own_score: float | None = None
    place_id: int | None = None  # the stored place (None for a list shown as posted, not saved)


@dataclass(frozen=True)
class Change:
    kind: str  # added / removed / up / down / reason
    touchpoint_id: int
    before: int | None  # position in the older version
    after: int | None  # position in the newer version
    reason: str = ""


def diff(older: Sequence[tuple[int, int, str]], newer: Sequence[tuple[int, int, str]]) -> list[Change]:
    """(position, touchpoint id, reason) lists → what changed: added, removed, moved up or down,
    reason rewritten. In the newer list's order, then the removed ones."""
    before = {tp: (pos, reason) for pos, tp, reason in older}
    after = {tp: (pos, reason) for pos, tp, reason in newer}
    out: list[Change] = []
    for pos, tp, reason in sorted(newer):
        if tp not in before:
            out.append(Change(ADDED, tp, None, pos, reason))
            continue
        old_pos, old_reason = before[tp]
        if pos < old_pos:
            out.append(Change(MOVED_UP, tp, old_pos, pos, reason))
        elif pos > old_pos:
            out.append(Change(MOVED_DOWN, tp, old_pos, pos, reason))
        elif reason != old_reason:
            out.append(Change(REASON, tp, old_pos, pos, reason))
    for pos, tp, reason in sorted(older):
        if tp not in after:
            out.append(Change(REMOVED, tp, pos, None, reason))
    return out
