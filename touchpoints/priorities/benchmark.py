"""The competitor benchmark as pure functions over plain data (no ORM): the presence matrix
touchpoints × brands, and its views: unique, missing, quality gaps, by stage and by area.

A brand's status on a touchpoint is its presence (exists / missing / planned / unknown); a
brand with an audit score on a touchpoint whose presence is unknown counts as having it (it was
walked). "Has it" means exists; "lacks it" means missing or planned; unknown is neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

EXISTS, MISSING, PLANNED, UNKNOWN = "exists", "missing", "planned", "unknown"
LACKING = (MISSING, PLANNED)


@dataclass(frozen=True)
class BrandColumn:
    id: int
    name: str
    color: str
    is_own: bool


@dataclass(frozen=True)
class FeedbackFigure:
    """Customers' answers on one brand × touchpoint over every study of the workspace: how many,
    the shares positive / neutral / negative (0–1), the mean positivity (−2 … +2) and mean
    likelihood to choose (0–10); ``enough`` False below the feedback app's minimum of answers
    (the figures are then shown as indicative and not used in the priorities)."""

    n: int
    share_pos: float | None
    share_neu: float | None
    share_neg: float | None
    mean_pos: float | None
    mean_like: float | None
    enough: bool


@dataclass(slots=True)
class Cell:
    status: str  # exists / missing / planned / unknown
    score: float | None = None  # latest finished audit of the brand, 0–100
    # Customers' feedback on this brand × touchpoint (``FeedbackFigure``), or None without answers.
    feedback: FeedbackFigure | None = None

    @property
    def has(self) -> bool:
        return self.status == EXISTS


@dataclass(slots=True)
class BenchRow:
    """One touchpoint across the brands. The derived fields are filled by ``finish`` (once, since
    the pages read them for a thousand rows)."""

    touchpoint_id: int
    name: str
    stages: tuple[str, ...]
    area: str
    cells: dict[int, Cell]
    own_id: int | None = None
    own: Cell = field(default_factory=lambda: Cell(UNKNOWN))
    rivals_with_it: list[int] = field(default_factory=list)
    best_rival: tuple[int | None, float | None] = (None, None)
    gap: float | None = None  # how far the own score trails the best rival's (positive = we are worse)
    unique: bool = False  # we have it, no rival has it, and at least one is known to lack it
    missing: bool = False  # we lack it (missing / planned) and a rival has it

    def finish(self) -> BenchRow:
        own = self.cells.get(self.own_id, Cell(UNKNOWN)) if self.own_id is not None else Cell(UNKNOWN)
        rivals = [(b, cell) for b, cell in self.cells.items() if b != self.own_id]
        self.own = own
        self.rivals_with_it = [b for b, cell in rivals if cell.status == EXISTS]
        scored = [(cell.score, b) for b, cell in rivals if cell.status == EXISTS and cell.score is not None]
        if scored:
            score, brand = max(scored, key=lambda p: (p[0], -p[1]))
            self.best_rival = (brand, score)
            if own.score is not None and own.status == EXISTS:
                self.gap = round(score - own.score, 2)
        self.unique = (
            own.status == EXISTS and not self.rivals_with_it and any(cell.status in LACKING for _b, cell in rivals)
        )
        self.missing = own.status in LACKING and bool(self.rivals_with_it)
        return self


@dataclass
class GroupRow:
    key: str
    touchpoints: int
    present: dict[int, int]  # brand id → touchpoints of the group it has
    scores: dict[int, float | None]  # brand id → mean score over the group's scored touchpoints


@dataclass
class BenchmarkMatrix:
    brands: list[BrandColumn]
    own_id: int | None
    rows: list[BenchRow]
    unique: list[BenchRow] = field(default_factory=list)
    missing: list[BenchRow] = field(default_factory=list)
    gaps: list[BenchRow] = field(default_factory=list)  # worst gap first
    by_stage: list[GroupRow] = field(default_factory=list)
    by_area: list[GroupRow] = field(default_factory=list)

    def brand(self, brand_id: int) -> BrandColumn | None:
        return next((b for b in self.brands if b.id == brand_id), None)


def effective_status(status: str | None, score: float | None) -> str:
    status = status or UNKNOWN
    if status == UNKNOWN and score is not None:
        return EXISTS
    return status


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def group_rows(
    rows: Sequence[BenchRow], brands: Sequence[BrandColumn], key: str, order: Sequence[str]
) -> list[GroupRow]:
    """Per stage (``key="stages"``) or area (``key="area"``): how many touchpoints each brand has
    and its mean score there. A touchpoint on several stages counts in each."""
    groups: dict[str, list[BenchRow]] = {}
    for row in rows:
        keys = row.stages if key == "stages" else ((row.area,) if row.area else ())
        for k in keys:
            groups.setdefault(k, []).append(row)
    out = []
    for k in [o for o in order if o in groups] + sorted(set(groups) - set(order)):
        members = groups[k]
        present = {b.id: sum(1 for r in members if r.cells[b.id].has) for b in brands}
        scores = {
            b.id: _mean([s for r in members if r.cells[b.id].has and (s := r.cells[b.id].score) is not None])
            for b in brands
        }
        out.append(GroupRow(k, len(members), present, scores))
    return out


def build_matrix(
    *,
    brands: Sequence[BrandColumn],
    touchpoints: Sequence[tuple[int, str, Sequence[str], str]],
    presence: Mapping[tuple[int, int], str],
    scores: Mapping[tuple[int, int], float],
    feedback: Mapping[tuple[int, int], Any] | None = None,
    stage_order: Sequence[str] = (),
    area_order: Sequence[str] = (),
    groups: bool = True,
) -> BenchmarkMatrix:
    """``touchpoints``: (id, name, stages, area); ``presence`` and ``scores`` keyed by
    (brand id, touchpoint id); ``groups=False`` skips the by-stage and by-area tables."""
    feedback = feedback or {}
    own_id = next((b.id for b in brands if b.is_own), None)
    rows = []
    for tp_id, name, stages, area in touchpoints:
        cells = {}
        for b in brands:
            score = scores.get((b.id, tp_id))
            cells[b.id] = Cell(effective_status(presence.get((b.id, tp_id)), score), score, feedback.get((b.id, tp_id)))
        rows.append(BenchRow(tp_id, name, tuple(stages), area or "", cells, own_id).finish())
    gaps = [r for r in rows if (r.gap or 0) > 0]
    gaps.sort(key=lambda r: (-(r.gap or 0), r.name.lower()))
    return BenchmarkMatrix(
        brands=list(brands),
        own_id=own_id,
        rows=rows,
        unique=[r for r in rows if r.unique],
        missing=[r for r in rows if r.missing],
        gaps=gaps,
        by_stage=group_rows(rows, brands, "stages", stage_order) if groups else [],
        by_area=group_rows(rows, brands, "area", area_order) if groups else [],
    )
