"""Audits compared, as pure functions over plain data: this audit against an earlier one
(touchpoint by touchpoint: improved, worse, unchanged, new, dropped) and several brands scored on
the same touchpoints side by side. Scores are on the common 0–100 axis (``audits.scoring``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from touchpoints.audits.scoring import difference, mean

Column = TypeVar("Column", bound=Hashable)  # what the columns compared are keyed by (a brand id)

# A change smaller than this (in points of 0–100) is "unchanged".
CHANGE_THRESHOLD = 1.0


@dataclass
class ChangeRow:
    touchpoint_id: int
    current: float | None
    other: float | None
    change: str

    @property
    def delta(self) -> float | None:
        return difference(self.current, self.other)


def classify_change(current: float | None, other: float | None, threshold: float = CHANGE_THRESHOLD) -> str:
    if current is None and other is None:
        return "unchanged"
    if other is None:
        return "new"
    if current is None:
        return "dropped"
    if current - other >= threshold:
        return "improved"
    if other - current >= threshold:
        return "worse"
    return "unchanged"


def compare_scores(
    current: Mapping[int, float | None], previous: Mapping[int, float | None], threshold: float = CHANGE_THRESHOLD
) -> list[ChangeRow]:
    """This audit against an earlier one, touchpoint by touchpoint: the biggest drops first, then
    the biggest gains, then the rest."""
    ids = list(dict.fromkeys([*current.keys(), *previous.keys()]))
    rows = [
        ChangeRow(i, current.get(i), previous.get(i), classify_change(current.get(i), previous.get(i), threshold))
        for i in ids
    ]
    rank = {"worse": 0, "improved": 1, "unchanged": 2, "new": 3, "dropped": 4}
    return sorted(rows, key=lambda r: (rank[r.change], -abs(r.delta or 0.0)))


@dataclass
class SideBySideRow(Generic[Column]):
    touchpoint_id: int
    scores: dict[Column, float | None]
    leader: Column | None


def side_by_side(columns: Mapping[Column, Mapping[int, float | None]], *, base: Column) -> list[SideBySideRow[Column]]:
    """The same touchpoints scored for several brands: rows for the touchpoints that ``base`` and
    at least one other column scored, with the column that scores highest (None on a tie)."""
    base_scores = columns.get(base, {})
    rows = []
    for tp_id, value in base_scores.items():
        if value is None:
            continue
        scores = {col: col_scores.get(tp_id) for col, col_scores in columns.items()}
        others = [v for col, v in scores.items() if col != base and v is not None]
        if not others:
            continue
        present = {col: v for col, v in scores.items() if v is not None}
        top = max(present.values())
        leaders = [col for col, v in present.items() if v == top]
        rows.append(SideBySideRow(tp_id, scores, leaders[0] if len(leaders) == 1 else None))
    return rows


def column_means(rows: Sequence[SideBySideRow[Column]]) -> dict[Column, float | None]:
    """Each column's mean over the rows (the touchpoints compared)."""
    cols: dict[Column, list[float | None]] = defaultdict(list)
    for row in rows:
        for col, v in row.scores.items():
            cols[col].append(v)
    return {col: mean(vals) for col, vals in cols.items()}
