"""Weighting, aggregation, gaps and comparisons: pure functions over plain data, with property
tests (bounds, monotone in the raw score, weights only count by their proportions, "not
applicable" left out rather than counted as zero) and hand-worked known answers."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from touchpoints.audits import scales
from touchpoints.audits.scoring import (
    Answer,
    Assessment,
    Item,
    combined_impression,
    compute_results,
    group_means,
    heatmap_cells,
    weighted_score,
)

# Scores on the 0–100 scale. Subnormal floats (below 2.2e-308) are left out: no scale produces them,
# and their arithmetic rounds (2 × 5e-324 / 3 == 5e-324), which no property of the score can survive.
values = st.floats(min_value=0, max_value=100, allow_nan=False, allow_subnormal=False)
weights = st.floats(min_value=0.01, max_value=1000, allow_nan=False)


def known(value: float | None) -> float:
    """A score the test expects to exist (comparing with None would fail the test anyway)."""
    assert value is not None
    return value


pairs = st.lists(st.tuples(st.one_of(st.none(), values), weights), min_size=0, max_size=12)


@given(pairs)
def test_weighted_score_stays_within_0_100(p: list[tuple[float | None, float]]) -> None:
    score = weighted_score(p)
    if any(v is not None for v, _ in p):
        assert score is not None and 0.0 <= score <= 100.0
    else:
        assert score is None


@given(pairs, st.floats(min_value=0.001, max_value=1000, allow_nan=False))
def test_scaling_every_weight_gives_the_same_score(p: list[tuple[float | None, float]], factor: float) -> None:
    a = weighted_score(p)
    b = weighted_score([(v, w * factor) for v, w in p])
    assert (a is None and b is None) or a == pytest.approx(b, abs=1e-7)


@given(pairs, st.integers(0, 11), values, values)
def test_weighted_score_is_monotone_in_one_value(
    p: list[tuple[float | None, float]], index: int, x: float, y: float
) -> None:
    assume(p)
    index %= len(p)
    lo, hi = sorted((x, y))
    low = list(p)
    high = list(p)
    low[index] = (lo, p[index][1])
    high[index] = (hi, p[index][1])
    assert known(weighted_score(low)) <= known(weighted_score(high)) + 1e-9


@given(pairs, weights)
def test_not_applicable_is_left_out_not_counted_as_zero(p: list[tuple[float | None, float]], w: float) -> None:
    with_na = p + [(None, w)]
    assert weighted_score(with_na) == weighted_score(p)
    present = [v for v, _ in p if v is not None]
    if present and max(present) > 0:
        # Counting it as zero would pull the score down.
        assert known(weighted_score(p + [(0.0, w)])) < known(weighted_score(with_na))


# ---- whole audits --------------------------------------------------------------------------


@st.composite
def audits(draw: st.DrawFn) -> tuple[list[Item], list[Answer]]:
    """Up to 8 touchpoints, each with 1–6 weighted criteria and a points answer or N/A for each."""
    n = draw(st.integers(1, 8))
    items, answers = [], []
    crit = 0
    for tp in range(n):
        k = draw(st.integers(1, 6))
        checklist = []
        for _ in range(k):
            crit += 1
            checklist.append((crit, draw(weights)))
            raw = draw(st.one_of(st.none(), st.sampled_from(scales.spec("points").steps)))
            if raw is None:
                answers.append(Answer(tp, crit, None, True, 1))
            else:
                answers.append(Answer(tp, crit, scales.normalise("points", raw), False, 1))
        items.append(Item(tp, f"tp{tp}", tp, ("search",), "sale", "website", tuple(checklist)))
    return items, answers


def ranking(items: list[Item], answers: list[Answer]) -> list[int]:
    return [r.touchpoint_id for r in compute_results(items, answers, []).worst_first]


@given(audits(), st.floats(min_value=0.001, max_value=1000, allow_nan=False))
def test_weights_summing_to_anything_rank_like_the_normalised_weights(
    audit: tuple[list[Item], list[Answer]], factor: float
) -> None:
    items, answers = audit
    normalised = []
    scaled = []
    for item in items:
        total = sum(w for _, w in item.criteria)
        normalised.append(item._replace(criteria=tuple((c, w / total) for c, w in item.criteria)))
        scaled.append(item._replace(criteria=tuple((c, w * factor) for c, w in item.criteria)))
    base = compute_results(items, answers, [])
    norm = compute_results(normalised, answers, [])
    for a, b in zip(base.touchpoints, norm.touchpoints, strict=True):
        assert (a.score is None and b.score is None) or a.score == pytest.approx(b.score, abs=1e-7)
    # Same ranking, up to ties that float round-off may order either way.
    for ranked in (ranking(normalised, answers), ranking(scaled, answers)):
        scores = {t.touchpoint_id: t.score for t in base.touchpoints}
        keyed = [(scores[i] is None, round(scores[i] or 0, 6)) for i in ranked]
        assert keyed == sorted(keyed)


@given(audits())
def test_every_aggregate_stays_within_0_100(audit: tuple[list[Item], list[Answer]]) -> None:
    res = compute_results(*audit, [])
    figures = (
        [res.overall]
        + [t.score for t in res.touchpoints]
        + [g.score for g in res.by_stage + res.by_area + res.by_channel]
    )
    assert all(f is None or 0.0 <= f <= 100.0 for f in figures)
    assert 0 <= res.answered <= res.expected_answers


@given(audits(), st.data())
def test_a_touchpoint_score_is_monotone_in_each_raw_answer(
    audit: tuple[list[Item], list[Answer]], data: st.DataObject
) -> None:
    items, answers = audit
    i = data.draw(st.integers(0, len(answers) - 1))
    ans = answers[i]
    steps = scales.spec("points").steps
    lo, hi = sorted(data.draw(st.sampled_from(steps)) for _ in range(2))
    lo_v, hi_v = scales.normalise("points", lo), scales.normalise("points", hi)
    assume(lo_v <= hi_v)
    low = answers[:i] + [Answer(ans.touchpoint_id, ans.criterion_id, lo_v, False, 1)] + answers[i + 1 :]
    high = answers[:i] + [Answer(ans.touchpoint_id, ans.criterion_id, hi_v, False, 1)] + answers[i + 1 :]
    a = {t.touchpoint_id: t.score for t in compute_results(items, low, []).touchpoints}
    b = {t.touchpoint_id: t.score for t in compute_results(items, high, []).touchpoints}
    assert known(a[ans.touchpoint_id]) <= known(b[ans.touchpoint_id]) + 1e-9


@given(audits())
def test_na_criteria_do_not_lower_the_score(audit: tuple[list[Item], list[Answer]]) -> None:
    items, answers = audit
    res = compute_results(items, answers, [])
    as_zero = [Answer(a.touchpoint_id, a.criterion_id, 0.0, False, 1) if a.not_applicable else a for a in answers]
    zero = {t.touchpoint_id: t.score for t in compute_results(items, as_zero, []).touchpoints}
    for t in res.touchpoints:
        if t.na_criteria and t.score is not None:
            assert t.score >= known(zero[t.touchpoint_id]) - 1e-9
        assert t.answered == len(t.criteria)


# ---- known answers -------------------------------------------------------------------------


def test_weighted_touchpoint_score_by_hand() -> None:
    items = [Item(1, "Site", 0, ("search",), "business", "website", ((10, 2.0), (11, 1.0), (12, 1.0)))]
    answers = [Answer(1, 10, 90.0, auditor_id=1), Answer(1, 11, 30.0, auditor_id=1), Answer(1, 12, None, True, 1)]
    res = compute_results(items, answers, [Assessment(1, "neutral", 80.0, None, auditor_id=1)])
    tp = res.touchpoints[0]
    assert tp.score == pytest.approx((2 * 90 + 30) / 3)  # 70: the N/A criterion is left out
    assert tp.gap_expectation == pytest.approx(-10)
    assert tp.ideal == 100.0 and tp.gap_ideal == pytest.approx(-30)
    assert tp.failed_to_impress  # neutral fails to impress
    assert tp.na_criteria == {12}
    assert res.impressions == {"positive": 0, "neutral": 1, "negative": 0}


def test_auditors_are_averaged_and_an_auditors_na_touchpoint_is_left_out() -> None:
    items = [Item(1, criteria=((10, 1.0),)), Item(2, position=1, criteria=((20, 1.0),))]
    answers = [
        Answer(1, 10, 40.0, auditor_id=1),
        Answer(1, 10, 80.0, auditor_id=2),
        Answer(2, 20, 10.0, auditor_id=1),
        Answer(2, 20, 90.0, auditor_id=2),
    ]
    assessments = [Assessment(2, not_applicable=True, auditor_id=1)]
    res = compute_results(items, answers, assessments)
    assert res.touchpoints[0].score == pytest.approx(60)
    assert res.touchpoints[1].score == pytest.approx(90)  # auditor 1 said N/A for the whole touchpoint


def test_a_touchpoint_marked_not_applicable_is_out_of_every_aggregate() -> None:
    items = [
        Item(1, stages=("need",), area="sale", channel="phone", criteria=((10, 1.0),)),
        Item(2, position=1, stages=("need",), area="sale", channel="phone", criteria=((20, 1.0),)),
    ]
    answers = [Answer(1, 10, 80.0, auditor_id=1)]
    res = compute_results(items, answers, [Assessment(2, not_applicable=True, auditor_id=1)])
    assert res.touchpoints[1].not_applicable and res.touchpoints[1].score is None
    assert res.overall == pytest.approx(80)
    need = next(g for g in res.by_stage if g.key == "need")
    assert (need.score, need.scored, need.total) == (pytest.approx(80), 1, 1)
    assert [r.touchpoint_id for r in res.worst_first] == [1]
    assert res.expected_answers == 1


def test_groups_by_stage_area_and_channel_with_empty_stages_listed() -> None:
    items = [
        Item(1, stages=("search", "compare"), area="business", channel="website", criteria=((1, 1.0),)),
        Item(2, position=1, stages=("decision",), area="sale", channel="phone", criteria=((2, 1.0),)),
        Item(3, position=2, stages=("decision",), area="sale", channel="phone", criteria=((3, 1.0),)),
    ]
    answers = [Answer(1, 1, 60.0), Answer(2, 2, 20.0), Answer(3, 3, 40.0)]
    order = ["need", "search", "compare", "decision", "after"]
    res = compute_results(items, answers, [], stage_order=order)
    stages = {g.key: g.score for g in res.by_stage}
    assert [g.key for g in res.by_stage] == order
    assert stages == {"need": None, "search": 60, "compare": 60, "decision": pytest.approx(30), "after": None}
    assert {g.key: g.score for g in res.by_channel} == {"phone": pytest.approx(30), "website": 60}
    assert [r.touchpoint_id for r in res.worst_first] == [2, 3, 1]


def test_unscored_touchpoints_come_after_the_scored_ones() -> None:
    items = [Item(1, criteria=((1, 1.0),)), Item(2, position=1, criteria=((2, 1.0),))]
    res = compute_results(items, [Answer(2, 2, 90.0)], [])
    assert [r.touchpoint_id for r in res.worst_first] == [2, 1]
    assert res.touchpoints[0].score is None


def test_combined_impression_majority_and_ties_go_to_the_worse() -> None:
    assert combined_impression(["positive", "positive", "negative"]) == "positive"
    assert combined_impression(["positive", "neutral"]) == "neutral"
    assert combined_impression(["neutral", "negative"]) == "negative"
    assert combined_impression([]) == ""


def test_heatmap_cells_cover_each_checklist() -> None:
    items = [Item(1, criteria=((1, 1.0), (2, 1.0))), Item(2, position=1, criteria=((3, 1.0),))]
    res = compute_results(items, [Answer(1, 1, 50.0), Answer(1, 2, None, True)], [])
    cells = {(c.touchpoint_id, c.criterion_id): (c.value, c.not_applicable) for c in heatmap_cells(res.touchpoints)}
    assert cells == {(1, 1): (50.0, False), (1, 2): (None, True), (2, 3): (None, False)}


def test_group_means_of_plain_scores() -> None:
    groups = group_means(
        {1: 40.0, 2: 80.0, 3: None}, {1: ["need"], 2: ["need", "after"], 3: ["after"]}, ["need", "search", "after"]
    )
    assert [(g.key, g.score, g.scored, g.total) for g in groups] == [
        ("need", pytest.approx(60), 2, 2),
        ("search", None, 0, 0),
        ("after", 80, 1, 2),
    ]
