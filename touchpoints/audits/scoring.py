"""Audit results as pure functions over plain data: weighting, aggregation, gaps and heat map
cells (comparisons with other audits are in ``audits.comparisons``). No database here;
``audits.selectors`` feeds these from the ORM, the tests and the benchmark feed them directly.

All values are on the common 0–100 axis (``audits.scales``). "Not applicable" is *excluded*
everywhere — it never counts as zero:

* a criterion's value is the mean over the auditors who scored it (an auditor's N/A is left out);
* a touchpoint's score is the weighted mean of its criteria values, ``Σ wᵢ·vᵢ / Σ wᵢ`` over the
  criteria that have a value, so only the *proportions* of the weights matter;
* a touchpoint that its auditors marked "not applicable" has no score and is left out of every
  aggregate;
* a group (stage, area, channel, the whole audit) scores the plain mean of its touchpoints' scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"
# Worst first: breaks ties when auditors disagree on the impression.
IMPRESSION_SEVERITY = {NEGATIVE: 0, NEUTRAL: 1, POSITIVE: 2}
IDEAL_DEFAULT = 100.0


class Item(NamedTuple):
    """One touchpoint in an audit's scope, with its checklist of (criterion id, weight).

    Items, answers and assessments are named tuples: an audit of 1,000 touchpoints has 8,000
    answers, and tuples are built several times faster than frozen dataclasses."""

    touchpoint_id: int
    name: str = ""
    position: int = 0
    stages: tuple[str, ...] = ()
    area: str = ""
    channel: str = ""
    criteria: tuple[tuple[int, float], ...] = ()


class Answer(NamedTuple):
    """One auditor's answer to one criterion of one touchpoint, already normalised to 0–100."""

    touchpoint_id: int
    criterion_id: int
    value: float | None
    not_applicable: bool = False
    auditor_id: int | None = None


class Assessment(NamedTuple):
    """One auditor's view of a whole touchpoint: impression, expectation, ideal, N/A."""

    touchpoint_id: int
    impression: str = ""
    expectation: float | None = None
    ideal: float | None = None
    not_applicable: bool = False
    auditor_id: int | None = None


@dataclass
class TouchpointResult:
    touchpoint_id: int
    name: str
    position: int
    stages: tuple[str, ...]
    area: str
    channel: str
    score: float | None
    criteria: dict[int, float | None]
    na_criteria: frozenset[int]
    not_applicable: bool
    impression: str
    expectation: float | None
    ideal: float
    answered: int
    applicable: int

    @property
    def gap_expectation(self) -> float | None:
        """Score minus the internal expectation: below zero means it falls short."""
        return difference(self.score, self.expectation)

    @property
    def gap_ideal(self) -> float | None:
        return difference(self.score, self.ideal)

    @property
    def failed_to_impress(self) -> bool:
        """Neutral is a failure too ([P0]): only a positive impression passes."""
        return self.impression in (NEUTRAL, NEGATIVE)


@dataclass
class GroupScore:
    key: str
    score: float | None
    scored: int
    total: int


@dataclass
class HeatCell:
    touchpoint_id: int
    criterion_id: int
    value: float | None
    not_applicable: bool


@dataclass
class AuditResults:
    touchpoints: list[TouchpointResult]
    overall: float | None
    by_stage: list[GroupScore]
    by_area: list[GroupScore]
    by_channel: list[GroupScore]
    impressions: dict[str, int]
    answered: int
    expected_answers: int
    worst_first: list[TouchpointResult] = field(default_factory=list)

    @property
    def progress(self) -> float:
        return 100.0 * self.answered / self.expected_answers if self.expected_answers else 0.0

    def scores(self) -> dict[int, float]:
        """Touchpoint id → score, for the scored touchpoints (what comparisons and the journey map use)."""
        return {t.touchpoint_id: t.score for t in self.touchpoints if t.score is not None}


def difference(value: float | None, other: float | None) -> float | None:
    """``value - other``, or None when either is missing."""
    if value is None or other is None:
        return None
    return value - other


def mean(values: Iterable[float | None]) -> float | None:
    nums = [v for v in values if v is not None]
    return sum(nums) / len(nums) if nums else None


def weighted_score(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """``Σ w·v / Σ w`` over the pairs whose value is not None and whose weight is positive.

    None (not applicable, unanswered) is left out, not counted as zero; multiplying every weight
    by the same positive number gives the same result."""
    total_w = 0.0
    total = 0.0
    for value, weight in pairs:
        if value is None or weight <= 0:
            continue
        total_w += weight
        total += weight * value
    if total_w <= 0:
        return None
    # Clamp float round-off so a mean of values in [0, 100] stays in [0, 100].
    return min(100.0, max(0.0, total / total_w))


def combined_impression(impressions: Iterable[str]) -> str:
    """The most frequent impression among auditors; a tie goes to the worse one."""
    counts = Counter(i for i in impressions if i in IMPRESSION_SEVERITY)
    if not counts:
        return ""
    return min(counts, key=lambda i: (-counts[i], IMPRESSION_SEVERITY[i]))


def touchpoint_result(item: Item, answers: Sequence[Answer], assessments: Sequence[Assessment]) -> TouchpointResult:
    """One touchpoint's result from its answers and assessments (every auditor's)."""
    na_auditors = {a.auditor_id for a in assessments if a.not_applicable}
    return _result(item, _tally(answers, {item.touchpoint_id: na_auditors} if na_auditors else {}), assessments)


Tally = tuple[dict[tuple[int, int], list[float]], dict[tuple[int, int], int], set[int]]


def _tally(answers: Iterable[Answer], na_auditors: Mapping[int, set[int | None]]) -> Tally:
    """One pass over the answers: (touchpoint, criterion) → [sum, count] of the values, → the
    number of N/A votes, and the touchpoints with any value. Answers of auditors who marked the
    whole touchpoint N/A are left out."""
    sums: dict[tuple[int, int], list[float]] = {}
    na_votes: dict[tuple[int, int], int] = {}
    valued: set[int] = set()
    for tp_id, crit_id, value, not_applicable, auditor_id in answers:
        if na_auditors and auditor_id in na_auditors.get(tp_id, ()):
            continue
        key = (tp_id, crit_id)
        if not_applicable:
            na_votes[key] = na_votes.get(key, 0) + 1
        elif value is not None:
            acc = sums.get(key)
            if acc is None:
                sums[key] = [value, 1]
                valued.add(tp_id)
            else:
                acc[0] += value
                acc[1] += 1
    return sums, na_votes, valued


def _result(item: Item, tally: Tally, assessments: Sequence[Assessment]) -> TouchpointResult:
    sums, na_votes, valued = tally
    tp_id = item.touchpoint_id
    criteria: dict[int, float | None] = {}
    na_criteria = set()
    total_w = total = 0.0
    answered = 0
    for crit_id, weight in item.criteria:
        acc = sums.get((tp_id, crit_id))
        if acc is not None:
            value = acc[0] / acc[1]
            criteria[crit_id] = value
            answered += 1
            if weight > 0:
                total_w += weight
                total += weight * value
        else:
            criteria[crit_id] = None
            if na_votes.get((tp_id, crit_id)):
                na_criteria.add(crit_id)
                answered += 1
    if len(assessments) == 1 and not assessments[0].not_applicable:
        # The common case: one auditor.
        live: Sequence[Assessment] = assessments
        not_applicable = False
    else:
        live = [a for a in assessments if not a.not_applicable]
        # Not applicable: an auditor said so, and no other auditor scored anything on it.
        not_applicable = len(live) < len(assessments) and tp_id not in valued
    score = None if not_applicable or total_w <= 0 else min(100.0, max(0.0, total / total_w))
    if len(live) == 1:
        ideal, expectation = live[0].ideal, live[0].expectation
    else:
        ideal, expectation = mean(a.ideal for a in live), mean(a.expectation for a in live)
    return TouchpointResult(
        touchpoint_id=tp_id,
        name=item.name,
        position=item.position,
        stages=tuple(item.stages),
        area=item.area,
        channel=item.channel,
        score=score,
        criteria=criteria,
        na_criteria=frozenset(na_criteria),
        not_applicable=not_applicable,
        impression=""
        if not_applicable
        else (live[0].impression if len(live) == 1 else combined_impression(a.impression for a in live)),
        expectation=expectation,
        ideal=IDEAL_DEFAULT if ideal is None else ideal,
        answered=answered,
        applicable=len(item.criteria) - len(na_criteria),
    )


def group_scores(results: Sequence[TouchpointResult], key: str, order: Sequence[str] = ()) -> list[GroupScore]:
    """Mean touchpoint score per value of ``key`` ("stages" counts a touchpoint in each of its
    stages). Values in ``order`` come first, in that order, even when empty; N/A touchpoints are
    left out."""
    groups: dict[str, list[TouchpointResult]] = defaultdict(list)
    for r in results:
        if r.not_applicable:
            continue
        keys = r.stages if key == "stages" else (getattr(r, key),)
        for k in keys:
            if k:
                groups[k].append(r)
    ordered = list(order) + sorted(k for k in groups if k not in order)
    return [
        GroupScore(
            key=k,
            score=mean(r.score for r in groups.get(k, [])),
            scored=sum(1 for r in groups.get(k, []) if r.score is not None),
            total=len(groups.get(k, [])),
        )
        for k in ordered
    ]


def group_means(
    scores: Mapping[int, float | None], keys: Mapping[int, Sequence[str]], order: Sequence[str] = ()
) -> list[GroupScore]:
    """Mean score per group for plain touchpoint scores (``keys``: touchpoint id → its groups),
    e.g. another brand's audit on this audit's touchpoints, by stage."""
    groups: dict[str, list[float | None]] = defaultdict(list)
    for tp_id, value in scores.items():
        for k in keys.get(tp_id, ()):
            groups[k].append(value)
    ordered = list(order) + sorted(k for k in groups if k not in order)
    return [
        GroupScore(
            k, mean(groups.get(k, [])), sum(1 for v in groups.get(k, []) if v is not None), len(groups.get(k, []))
        )
        for k in ordered
    ]


def worst_first(results: Sequence[TouchpointResult]) -> list[TouchpointResult]:
    """Scored touchpoints, lowest score first (ties: the larger shortfall to the ideal, then a
    failed impression first); unscored ones after; N/A ones are left out."""
    live = [r for r in results if not r.not_applicable]
    return sorted(
        live,
        key=lambda r: (
            r.score is None,
            r.score if r.score is not None else 0.0,
            r.gap_ideal if r.gap_ideal is not None else 0.0,
            not r.failed_to_impress,
            r.position,
        ),
    )


def compute_results(
    items: Sequence[Item],
    answers: Iterable[Answer],
    assessments: Iterable[Assessment],
    *,
    stage_order: Sequence[str] = (),
    area_order: Sequence[str] = (),
) -> AuditResults:
    by_tp_assess: dict[int, list[Assessment]] = defaultdict(list)
    na_auditors: dict[int, set[int | None]] = defaultdict(set)
    for s in assessments:
        by_tp_assess[s.touchpoint_id].append(s)
        if s.not_applicable:
            na_auditors[s.touchpoint_id].add(s.auditor_id)
    tally = _tally(answers, na_auditors)
    results = [
        _result(i, tally, by_tp_assess.get(i.touchpoint_id, ())) for i in sorted(items, key=lambda i: i.position)
    ]
    impressions = Counter(r.impression for r in results if r.impression)
    live = [r for r in results if not r.not_applicable]
    return AuditResults(
        touchpoints=results,
        overall=mean(r.score for r in live),
        by_stage=group_scores(results, "stages", stage_order),
        by_area=group_scores(results, "area", area_order),
        by_channel=group_scores(results, "channel"),
        impressions={k: impressions.get(k, 0) for k in (POSITIVE, NEUTRAL, NEGATIVE)},
        answered=sum(r.answered for r in live),
        expected_answers=sum(len(r.criteria) for r in live),
        worst_first=worst_first(results),
    )


def heatmap_cells(results: Sequence[TouchpointResult]) -> list[HeatCell]:
    """Touchpoints × criteria: one cell per criterion on each touchpoint's checklist."""
    return [
        HeatCell(r.touchpoint_id, crit_id, value, crit_id in r.na_criteria)
        for r in results
        if not r.not_applicable
        for crit_id, value in r.criteria.items()
    ]
