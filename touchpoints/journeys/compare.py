"""Two chains side by side ([P1]: the two clinic sites): which steps each has that the other
lacks, and where each is better. Pure: plain ``Chain`` data in, rows out.

Steps are matched by touchpoint (both journeys of a workspace walk the same inventory; a brand's
presence tells whether it has a touchpoint). A touchpoint met twice in one chain is matched
occurrence by occurrence. Rows follow the first chain; a step only the second chain has is placed
right after the step it follows there. "Better" compares experience (audit score, else expected):
a difference under ``TOLERANCE`` counts as the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from touchpoints.journeys.chain import Chain, Step, chain_stats
from touchpoints.journeys.choices import Verdict

TOLERANCE = 0.25


@dataclass(frozen=True)
class CompareRow:
    touchpoint_id: int
    name: str
    first: Step | None
    second: Step | None
    verdict: str
    delta: float | None  # first − second experience

    @property
    def stage(self) -> str:
        return (self.first or self.second).stage  # type: ignore[union-attr]


@dataclass
class Comparison:
    rows: list[CompareRow]
    only_first: list[Step] = field(default_factory=list)
    only_second: list[Step] = field(default_factory=list)
    better: int = 0
    worse: int = 0
    same: int = 0
    first_mean: float | None = None
    second_mean: float | None = None


def _verdict(first: Step, second: Step) -> tuple[str, float | None]:
    a, b = first.experience, second.experience
    if a is None or b is None:
        return Verdict.UNKNOWN, None
    delta = round(a - b, 2)
    if delta >= TOLERANCE:
        return Verdict.BETTER, delta
    if delta <= -TOLERANCE:
        return Verdict.WORSE, delta
    return Verdict.SAME, delta


def _pairs(first: Chain, second: Chain) -> dict[int, int]:
    """Index in the first chain → index in the second, occurrence by occurrence of a touchpoint."""
    waiting: dict[int, list[int]] = {}
    for j, step in enumerate(second.steps):
        waiting.setdefault(step.touchpoint_id, []).append(j)
    pairs: dict[int, int] = {}
    for i, step in enumerate(first.steps):
        queue = waiting.get(step.touchpoint_id)
        if queue:
            pairs[i] = queue.pop(0)
    return pairs


def compare_chains(first: Chain, second: Chain) -> Comparison:
    pairs = _pairs(first, second)
    matched_second = {j: i for i, j in pairs.items()}
    # Each second-only step is anchored after the first-chain row of the closest matched step before it.
    anchored: dict[int, list[Step]] = {}
    anchor = -1
    for j, step in enumerate(second.steps):
        if j in matched_second:
            anchor = matched_second[j]
        else:
            anchored.setdefault(anchor, []).append(step)

    result = Comparison(rows=[])

    def only_second(steps: list[Step]) -> None:
        for s in steps:
            result.rows.append(CompareRow(s.touchpoint_id, s.name, None, s, Verdict.ONLY_SECOND, None))
            result.only_second.append(s)

    only_second(anchored.get(-1, []))
    for i, step in enumerate(first.steps):
        if i in pairs:
            other = second.steps[pairs[i]]
            verdict, delta = _verdict(step, other)
            result.rows.append(CompareRow(step.touchpoint_id, step.name, step, other, verdict, delta))
            if verdict == Verdict.BETTER:
                result.better += 1
            elif verdict == Verdict.WORSE:
                result.worse += 1
            elif verdict == Verdict.SAME:
                result.same += 1
        else:
            result.rows.append(CompareRow(step.touchpoint_id, step.name, step, None, Verdict.ONLY_FIRST, None))
            result.only_first.append(step)
        only_second(anchored.get(i, []))
    result.first_mean = chain_stats(first).mean
    result.second_mean = chain_stats(second).mean
    return result
