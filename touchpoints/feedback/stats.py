"""Figures of the results page from sums (no ORM): shares positive / neutral / negative (neutral
counts as a failure to impress), means, share of experience, the "too few answers" rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Cell:
    n: int = 0
    n_pos: int = 0
    n_neg: int = 0
    sum_pos: int = 0
    sum_like: int = 0

    @classmethod
    def of(cls, row: Mapping[str, Any], suffix: str = "") -> Cell:
        """The cell of a query row that sums the answers under the fields' names (plus ``suffix``);
        a sum over no answers (None) counts 0."""
        return cls(*(row[f"{f.name}{suffix}"] or 0 for f in fields(cls)))

    def add(self, other: Cell) -> Cell:
        self.n += other.n
        self.n_pos += other.n_pos
        self.n_neg += other.n_neg
        self.sum_pos += other.sum_pos
        self.sum_like += other.sum_like
        return self

    @property
    def n_neu(self) -> int:
        return self.n - self.n_pos - self.n_neg

    def _share(self, part: int) -> float | None:
        return part / self.n if self.n else None

    @property
    def share_pos(self) -> float | None:
        return self._share(self.n_pos)

    @property
    def share_neu(self) -> float | None:
        return self._share(self.n_neu)

    @property
    def share_neg(self) -> float | None:
        return self._share(self.n_neg)

    @property
    def share_failed(self) -> float | None:
        """Neutral or negative: the encounter did not impress."""
        return self._share(self.n - self.n_pos)

    @property
    def mean_pos(self) -> float | None:
        return self.sum_pos / self.n if self.n else None

    @property
    def mean_like(self) -> float | None:
        return self.sum_like / self.n if self.n else None


def merge(rows: Iterable[tuple[Hashable, Cell]]) -> dict[Hashable, Cell]:
    out: dict[Hashable, Cell] = {}
    for key, cell in rows:
        out.setdefault(key, Cell()).add(cell)
    return out


def total(cells: Iterable[Cell]) -> Cell:
    out = Cell()
    for cell in cells:
        out.add(cell)
    return out


def trusted(cell: Cell | None, minimum: int) -> bool:
    return cell is not None and cell.n >= minimum


@dataclass
class BrandShare:
    brand_id: int
    cell: Cell
    share_of_encounters: float | None
    share_of_positive: float | None


def brand_shares(by_brand: Mapping[int, Cell]) -> list[BrandShare]:
    """Each brand's share of all reported encounters, and of the positive ones."""
    all_n = sum(c.n for c in by_brand.values())
    all_pos = sum(c.n_pos for c in by_brand.values())
    return [
        BrandShare(b, c, c.n / all_n if all_n else None, c.n_pos / all_pos if all_pos else None)
        for b, c in by_brand.items()
    ]


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class TrendPoint:
    week: dt.date
    brand_id: int
    cell: Cell = field(default_factory=Cell)
