"""A chain of touchpoints as plain data, and its experience curve. No ORM here: the weak-link
analysis, the comparison and the exports work on these dataclasses, so they can be tested on
hand-built chains and benchmarked without a database (selectors.chain_for builds them)."""

from __future__ import annotations

from dataclasses import dataclass

from touchpoints.inventory.choices import PresenceStatus, Stage

STAGES: tuple[str, ...] = tuple(Stage.values)
STAGE_INDEX: dict[str, int] = {s: i for i, s in enumerate(STAGES)}

# Experience values on the −2…+2 scale: at or below NEGATIVE_AT a step hurts the chain; strictly
# between the two it is neutral, which "fails to impress" ([P0]); at or above POSITIVE_AT it is good.
NEGATIVE_AT = -0.5
POSITIVE_AT = 0.5


def percent_to_experience(percent: float) -> float:
    """An audit score normalised to 0–100 on the journey's −2…+2 scale (50 → 0, 0 → −2, 100 → +2)."""
    percent = min(100.0, max(0.0, float(percent)))
    return round((percent - 50.0) / 25.0, 2)


@dataclass(frozen=True)
class Step:
    id: int
    touchpoint_id: int
    name: str
    stage: str
    channel: str = ""
    mode: str = ""
    owner: str = ""
    presence: str = PresenceStatus.UNKNOWN  # whether the journey's brand has the touchpoint
    expected: int | None = None  # −2…+2, None while nobody has judged it
    score: float | None = None  # audit score on −2…+2, None when not audited
    final_chord: bool = False
    note: str = ""

    @property
    def experience(self) -> float | None:
        """What the curve shows: the audit score when there is one, else the expected experience."""
        return self.score if self.score is not None else (None if self.expected is None else float(self.expected))

    @property
    def source(self) -> str:
        if self.score is not None:
            return "audit"
        return "expected" if self.expected is not None else ""


@dataclass(frozen=True)
class Chain:
    steps: tuple[Step, ...] = ()
    brand: str = ""
    has_next: bool = False  # a next journey is linked (the final chord's new chain)

    @property
    def audited(self) -> bool:
        return any(s.score is not None for s in self.steps)

    def stage_steps(self) -> dict[str, list[Step]]:
        out: dict[str, list[Step]] = {s: [] for s in STAGES}
        for step in self.steps:
            out.setdefault(step.stage, []).append(step)
        return out


@dataclass(frozen=True)
class CurvePoint:
    number: int  # 1-based place in the chain
    step_id: int
    name: str
    stage: str
    value: float | None
    source: str  # "audit", "expected" or "" (unscored)


def experience_curve(chain: Chain) -> list[CurvePoint]:
    return [
        CurvePoint(number=i + 1, step_id=s.id, name=s.name, stage=s.stage, value=s.experience, source=s.source)
        for i, s in enumerate(chain.steps)
    ]


@dataclass(frozen=True)
class ChainStats:
    steps: int
    mean: float | None
    lowest: float | None
    scored: int
    audited: int
    stages_covered: int
    channels: int
    owners: int


def chain_stats(chain: Chain) -> ChainStats:
    values = [s.experience for s in chain.steps if s.experience is not None]
    return ChainStats(
        steps=len(chain.steps),
        mean=round(sum(values) / len(values), 2) if values else None,
        lowest=min(values) if values else None,
        scored=len(values),
        audited=sum(1 for s in chain.steps if s.score is not None),
        stages_covered=len({s.stage for s in chain.steps}),
        channels=len({s.channel for s in chain.steps if s.channel}),
        owners=len({s.owner.strip().lower() for s in chain.steps if s.owner.strip()}),
    )
