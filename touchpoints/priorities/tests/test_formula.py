"""The priority formula: hand-worked examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from touchpoints.priorities import formula as f
from touchpoints.priorities.formula import Factors, PriorityRow


def test_hand_worked_example() -> None:
    # Score 40 → poor experience 0.6; impact 4/5 → 0.8; effort 2 → (6−2)/5 = 0.8.
    # Priority = 100 × 0.6 × 0.8 × 0.8 = 38.4.
    row = f.build_row(PriorityRow(1, "Phone", own_score=40, impact_value=f.impact_from_estimate(4), effort=2))
    assert row.factors == Factors(0.6, 0.8, 0.8)
    assert row.score == 38.4
    assert row.missing == ()
    assert row.quadrant == f.FIX_FIRST


def test_missing_touchpoint_a_rival_has_counts_as_the_worst_experience() -> None:
    # Impact 5 → 1.0; effort 1 → 1.0; missing while PhleboExpert has it → 1.0: priority 100.
    row = f.build_row(
        PriorityRow(2, "Online booking", lacking=True, rivals_with_it=("PhleboExpert",), impact_value=1.0, effort=1)
    )
    assert row.factors.experience == 1.0
    assert row.score == 100.0
    assert row.quadrant == f.FIX_FIRST


def test_money_only_cost_is_read_against_the_most_expensive_estimate() -> None:
    # Cost 500 of a maximum 1000 → effort 1 + 4 × 0.5 = 3 → cost-effectiveness 0.6.
    assert f.effort_from_money(500, 1000) == 3.0
    assert f.cost_effectiveness(None, 500, 1000) == 0.6
    # An effort given wins over the money.
    assert f.cost_effectiveness(1, 1000, 1000) == 1.0
    assert f.max_money([None, 200, 1000.0, 0]) == 1000.0


def test_a_missing_factor_is_shown_as_missing_not_zero() -> None:
    row = f.build_row(PriorityRow(3, "Chat", own_score=None, impact_value=0.8, effort=2))
    assert row.score is None
    assert row.missing == (f.EXPERIENCE,)
    assert row.factors.experience is None
    lacking_alone = f.build_row(PriorityRow(4, "Kiosk", lacking=True, rivals_with_it=(), impact_value=0.8))
    assert lacking_alone.missing == (f.EXPERIENCE, f.COST)


def test_incomplete_rows_rank_after_complete_ones_fewer_missing_first() -> None:
    rows = f.rank(
        [
            PriorityRow(1, "No impact", own_score=0, effort=1),  # missing impact
            PriorityRow(2, "Low", own_score=90, impact_value=0.2, effort=5),  # 100×0.1×0.2×0.2 = 0.4
            PriorityRow(3, "Nothing"),  # all missing
            PriorityRow(4, "High", own_score=20, impact_value=1.0, effort=1),  # 80
        ]
    )
    assert [r.name for r in rows] == ["High", "Low", "No impact", "Nothing"]
    assert [r.rank for r in rows] == [1, 2, 3, 4]


def test_quadrants() -> None:
    assert f.quadrant(30, 0.8) == f.FIX_FIRST
    assert f.quadrant(80, 0.8) == f.KEEP
    assert f.quadrant(30, 0.2) == f.WATCH
    assert f.quadrant(80, 0.2) == f.DONT_OVERSPEND
    assert f.quadrant(None, 0.8) is None


scores = st.floats(min_value=0, max_value=100, allow_nan=False)
impacts = st.floats(min_value=0, max_value=1, allow_nan=False)
efforts = st.integers(min_value=1, max_value=5)


def _score(score: float, impact: float, effort: int) -> float:
    return f.build_row(PriorityRow(1, "x", own_score=score, impact_value=impact, effort=effort)).score


@given(scores, scores, impacts, efforts)
def test_worse_experience_never_lowers_the_priority(a: float, b: float, impact: float, effort: int) -> None:
    low, high = sorted((a, b))
    assert _score(low, impact, effort) >= _score(high, impact, effort)


@given(scores, impacts, impacts, efforts)
def test_more_impact_never_lowers_the_priority(score: float, a: float, b: float, effort: int) -> None:
    low, high = sorted((a, b))
    assert _score(score, high, effort) >= _score(score, low, effort)


@given(scores, impacts, efforts, efforts)
def test_more_effort_never_raises_the_priority(score: float, impact: float, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert _score(score, impact, low) >= _score(score, impact, high)


@given(st.one_of(st.none(), scores), st.one_of(st.none(), impacts), st.one_of(st.none(), efforts))
def test_score_is_none_exactly_when_a_factor_is_missing(score, impact, effort) -> None:  # noqa: ANN001
    row = f.build_row(PriorityRow(1, "x", own_score=score, impact_value=impact, effort=effort))
    assert (row.score is None) == bool(row.missing)
    assert row.score is None or 0 <= row.score <= 100
    assert set(row.missing) == {
        n for n, v in ((f.EXPERIENCE, score), (f.IMPACT, impact), (f.COST, effort)) if v is None
    }


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), scores), st.one_of(st.none(), impacts), st.one_of(st.none(), efforts)),
        max_size=12,
    )
)
def test_ranking_puts_every_complete_row_first_in_score_order(inputs) -> None:  # noqa: ANN001
    rows = f.rank(
        [PriorityRow(i, f"t{i}", own_score=s, impact_value=im, effort=e) for i, (s, im, e) in enumerate(inputs)]
    )
    complete = [r.score for r in rows if r.score is not None]
    assert complete == sorted(complete, reverse=True)
    seen_incomplete = False
    for r in rows:
        seen_incomplete = seen_incomplete or r.score is None
        assert not (seen_incomplete and r.score is not None)
