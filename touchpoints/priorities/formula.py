"""The priority of a touchpoint, as pure functions (no ORM): plain numbers in, plain data out.

    priority = 100 × poor experience × impact × cost-effectiveness        (each factor 0–1)

- **Poor experience** = (100 − the experience score) / 100, where the experience score is the
  mean of what is known of: the latest own-brand audit score (0–100) and the customers' mean
  positivity (−2 … +2) mapped to 0–100 as (mean + 2) × 25 (:func:`experience_score`); feedback
  with fewer answers than the feedback app's minimum does not count. A touchpoint the own brand
  lacks (missing or planned) while a rival has it counts as the worst experience, 1.
- **Impact** = the impact figure on 0–1. A measured figure (survey key drivers, log attribution,
  or a person's estimate recorded on the impact page) is divided by the largest absolute figure of
  the same source in the workspace, negatives counting as 0 (:func:`impact_from_measure`); the
  team's manual 1–5 estimate of this app, used when no such figure exists, is divided by 5.
- **Cost-effectiveness** = (6 − effort) / 5 for an effort of 1 (a quick fix, 1.0) to 5 (a large
  project, 0.2). With money only, the effort is read from the money: 1 + 4 × cost / the most
  expensive estimate of the workspace.

A factor that is not known stays ``None``: the score is then ``None`` too, the row names the
missing factors, and it ranks after every complete row (among themselves: fewer missing factors
first, then the product of the known factors, then the name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EXPERIENCE, IMPACT, COST = "experience", "impact", "cost"
FACTORS = (EXPERIENCE, IMPACT, COST)
# Impact–performance matrix: the lines between the quadrants.
PERFORMANCE_LINE = 60.0  # audit score, 0–100
IMPACT_LINE = 0.5  # impact, 0–1 (a manual 3 of 5 is high)
FIX_FIRST, KEEP, WATCH, DONT_OVERSPEND = "fix_first", "keep", "watch", "dont_overspend"


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def poor_experience(score: float | None, *, lacking_but_rivals_have: bool = False) -> float | None:
    """0 (perfect, score 100) … 1 (score 0, or a touchpoint rivals have and we lack)."""
    if lacking_but_rivals_have:
        return 1.0
    if score is None:
        return None
    return _clamp((100.0 - float(score)) / 100.0)


def feedback_score(mean_positivity: float | None) -> float | None:
    """Customers' mean positivity (−2 … +2) on the audit's 0–100 scale: (mean + 2) × 25."""
    if mean_positivity is None:
        return None
    return max(0.0, min(100.0, (float(mean_positivity) + 2.0) * 25.0))


def experience_score(audit: float | None, feedback: float | None) -> float | None:
    """The mean of the known ones of the audit score and the feedback score (both 0–100);
    ``None`` when neither is known."""
    known = [float(v) for v in (audit, feedback) if v is not None]
    return sum(known) / len(known) if known else None


def impact_from_estimate(estimate: int | float | None) -> float | None:
    """A manual 1–5 estimate as 0.2–1.0."""
    if estimate is None:
        return None
    return _clamp(float(estimate) / 5.0)


def impact_from_measure(
    value: float, low: float | None, high: float | None, *, scale: float
) -> tuple[float, float | None, float | None]:
    """A measured impact (in its source's own unit) brought to 0–1: divided by ``scale``, the
    largest absolute figure of the same source in the workspace, and clamped to 0–1 (a
    touchpoint whose measured effect is negative has no impact to gain from). The interval is
    scaled the same way. ``scale`` ≤ 0 (every figure zero) gives 0."""
    if not scale or scale <= 0:
        return 0.0, None if low is None else 0.0, None if high is None else 0.0
    return (
        _clamp(value / scale),
        None if low is None else _clamp(low / scale),
        None if high is None else _clamp(high / scale),
    )


def effort_from_money(cost: float | None, max_cost: float | None) -> float | None:
    """Effort 1–5 read from money, relative to the most expensive estimate of the workspace."""
    if cost is None or not max_cost or max_cost <= 0:
        return None
    return 1.0 + 4.0 * _clamp(float(cost) / float(max_cost))


def cost_effectiveness(effort: float | None, cost: float | None = None, max_cost: float | None = None) -> float | None:
    """1.0 for the least effort (1) … 0.2 for the most (5); from money when no effort is given."""
    if effort is None:
        effort = effort_from_money(cost, max_cost)
    if effort is None:
        return None
    effort = min(5.0, max(1.0, float(effort)))
    return (6.0 - effort) / 5.0


@dataclass(frozen=True)
class Factors:
    experience: float | None
    impact: float | None
    cost: float | None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in FACTORS if getattr(self, name) is None)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def known_product(self) -> float:
        """The product of the known factors (1 when none is known): ranks incomplete rows."""
        out = 1.0
        for name in FACTORS:
            value = getattr(self, name)
            if value is not None:
                out *= value
        return out


def priority_score(factors: Factors) -> float | None:
    """0–100, or ``None`` when a factor is missing (never a silent zero)."""
    if not factors.complete:
        return None
    return round(100.0 * factors.experience * factors.impact * factors.cost, 2)  # type: ignore[operator]


def quadrant(performance: float | None, impact: float | None) -> str | None:
    """Impact–performance matrix: high impact and low score → fix first; high impact and good
    score → keep; low impact and low score → watch; low impact and good score → don't overspend."""
    if performance is None or impact is None:
        return None
    high_impact = impact >= IMPACT_LINE
    good = performance >= PERFORMANCE_LINE
    if high_impact:
        return KEEP if good else FIX_FIRST
    return DONT_OVERSPEND if good else WATCH


@dataclass
class PriorityRow:
    """One touchpoint's priority, every factor visible.

    ``own_score``: the latest own-brand audit score (0–100) or None; ``lacking``: the own brand
    lacks it (missing / planned); ``rivals_with_it``: names of the rival brands that have it;
    ``impact_value`` 0–1 with ``impact_low``/``impact_high``/``impact_source``/``impact_reason``;
    ``effort`` 1–5 and ``cost`` (money) as entered; ``factors``, ``score`` (None when a factor is
    missing), ``missing`` (names of the missing factors), ``rank`` (1-based), ``quadrant``."""

    touchpoint_id: int
    name: str
    stages: tuple[str, ...] = ()
    area: str = ""
    own_score: float | None = None
    lacking: bool = False
    rivals_with_it: tuple[str, ...] = ()
    # Customers' feedback on the own brand (answers, mean positivity −2…+2) and its 0–100 score;
    # ``feedback_score`` None when there are too few answers (then it does not count).
    feedback_n: int | None = None
    feedback_mean: float | None = None
    feedback_score: float | None = None
    experience_score: float | None = None  # filled by ``build_row``
    impact_value: float | None = None
    impact_low: float | None = None
    impact_high: float | None = None
    impact_source: str = ""
    impact_reason: str = ""
    # A measured impact as its source gives it (own unit), and where it came from; the team's
    # manual 1–5 estimate in ``impact_estimate`` when that is the figure used.
    impact_raw: float | None = None
    impact_raw_low: float | None = None
    impact_raw_high: float | None = None
    impact_unit: str = ""
    impact_origin: str = ""
    impact_estimate: int | None = None
    effort: int | None = None
    cost: float | None = None
    factors: Factors = field(default_factory=lambda: Factors(None, None, None))
    score: float | None = None
    missing: tuple[str, ...] = ()
    rank: int = 0
    quadrant: str | None = None


def build_row(row: PriorityRow, *, max_cost: float | None = None) -> PriorityRow:
    """Fills ``factors``, ``score``, ``missing`` and ``quadrant`` from the row's inputs."""
    lacking_rivals = row.lacking and bool(row.rivals_with_it)
    row.experience_score = None if row.lacking else experience_score(row.own_score, row.feedback_score)
    factors = Factors(
        experience=poor_experience(row.experience_score, lacking_but_rivals_have=lacking_rivals),
        impact=None if row.impact_value is None else _clamp(row.impact_value),
        cost=cost_effectiveness(row.effort, row.cost, max_cost),
    )
    row.factors = factors
    row.score = priority_score(factors)
    row.missing = factors.missing
    performance = 0.0 if lacking_rivals else row.experience_score
    row.quadrant = quadrant(performance, factors.impact)
    return row


def sort_key(row: PriorityRow) -> tuple:
    if row.score is not None:
        return (0, 0, -row.score, row.name.lower(), row.touchpoint_id)
    return (1, len(row.missing), -row.factors.known_product, row.name.lower(), row.touchpoint_id)


def rank(rows: Iterable[PriorityRow], *, max_cost: float | None = None) -> list[PriorityRow]:
    """Builds every row and orders them: complete rows by score, highest first; then the rows
    with missing factors (fewer missing first, then by the product of the known factors)."""
    built = [build_row(r, max_cost=max_cost) for r in rows]
    built.sort(key=sort_key)
    for i, r in enumerate(built, start=1):
        r.rank = i
    return built


def max_money(costs: Sequence[float | None]) -> float | None:
    known = [float(c) for c in costs if c is not None and c > 0]
    return max(known) if known else None
