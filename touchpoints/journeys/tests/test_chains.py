"""Pure pieces around the chain: the curve, the comparison, the map layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from touchpoints.journeys.chain import Chain, Step, chain_stats, experience_curve, percent_to_experience
from touchpoints.journeys.compare import compare_chains
from touchpoints.journeys.layout import map_lanes


def s(i: int, tp: int, expected: int | None = 1, **kw: object) -> Step:
    base: dict = {"id": i, "touchpoint_id": tp, "name": f"TP{tp}", "stage": "decision", "expected": expected}
    base.update(kw)
    return Step(**base)


def test_percent_maps_onto_minus_two_plus_two():
    assert percent_to_experience(0) == -2 and percent_to_experience(50) == 0 and percent_to_experience(100) == 2
    assert percent_to_experience(150) == 2 and percent_to_experience(-5) == -2


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_percent_conversion_is_monotone(a: float, b: float):
    if a <= b:
        assert percent_to_experience(a) <= percent_to_experience(b)


def test_curve_prefers_audit_scores():
    chain = Chain(steps=(s(1, 10, expected=2, score=-1.0), s(2, 11, expected=1), s(3, 12, expected=None)))
    curve = experience_curve(chain)
    assert [(p.number, p.value, p.source) for p in curve] == [(1, -1.0, "audit"), (2, 1.0, "expected"), (3, None, "")]
    stats = chain_stats(chain)
    assert stats.mean == 0.0 and stats.scored == 2 and stats.audited == 1 and stats.lowest == -1.0


def test_compare_matches_by_touchpoint_and_aligns_rows():
    own = Chain(steps=(s(1, 10, 1), s(2, 11, 1), s(3, 12, -1), s(4, 13, 0)))
    rival = Chain(steps=(s(5, 10, 1), s(6, 20, 2), s(7, 12, 1), s(8, 14, 0)))
    result = compare_chains(own, rival)
    assert [(r.touchpoint_id, r.verdict) for r in result.rows] == [
        (10, "same"),
        (20, "only_second"),
        (11, "only_first"),
        (12, "worse"),
        (14, "only_second"),
        (13, "only_first"),
    ]
    assert [x.touchpoint_id for x in result.only_first] == [11, 13]
    assert [x.touchpoint_id for x in result.only_second] == [20, 14]
    assert (result.better, result.worse, result.same) == (0, 1, 1)
    assert result.rows[3].delta == -2


def test_compare_repeated_touchpoints_pair_in_order_and_unknown_without_scores():
    first = Chain(steps=(s(1, 10, 2), s(2, 10, None)))
    second = Chain(steps=(s(3, 10, 0), s(4, 10, 0), s(5, 10, 0)))
    result = compare_chains(first, second)
    assert [r.verdict for r in result.rows] == ["better", "unknown", "only_second"]


def test_compare_with_an_empty_chain():
    result = compare_chains(Chain(), Chain(steps=(s(1, 10),)))
    assert [r.verdict for r in result.rows] == ["only_second"] and result.first_mean is None


@given(
    st.lists(st.integers(min_value=1, max_value=6), max_size=8),
    st.lists(st.integers(min_value=1, max_value=6), max_size=8),
)
def test_compare_keeps_every_step_of_both_chains_once(a: list[int], b: list[int]):
    first = Chain(steps=tuple(s(i, tp) for i, tp in enumerate(a)))
    second = Chain(steps=tuple(s(100 + i, tp) for i, tp in enumerate(b)))
    rows = compare_chains(first, second).rows
    assert [r.first.id for r in rows if r.first] == [x.id for x in first.steps]  # in the first chain's order
    assert sorted(r.second.id for r in rows if r.second) == [x.id for x in second.steps]
    assert all(r.first is None or r.second is None or r.first.touchpoint_id == r.second.touchpoint_id for r in rows)
    matched = sum(1 for r in rows if r.first and r.second)
    assert matched == sum(min(a.count(tp), b.count(tp)) for tp in set(a))


def test_map_lanes_group_by_channel_mode_or_owner_in_order_of_appearance():
    chain = Chain(
        steps=(
            s(1, 1, stage="need", channel="advertising", mode="online", owner="Marketing"),
            s(2, 2, stage="decision", channel="phone", mode="offline", owner="Call centre"),
            s(3, 3, stage="decision", channel="advertising", mode="online", owner="marketing"),
        )
    )
    lanes = map_lanes(chain, "channel")
    assert [lane.key for lane in lanes] == ["advertising", "phone"]
    assert [n for n, _s in lanes[0].cells[3]] == [3] and [n for n, _s in lanes[0].cells[0]] == [1]
    assert [lane.key for lane in map_lanes(chain, "owner")] == ["marketing", "call centre"]
    assert [lane.label for lane in map_lanes(chain, "mode")] == ["Online", "Offline"]
    assert [lane.key for lane in map_lanes(chain, "nonsense")] == ["advertising", "phone"]
    empty = map_lanes(Chain(), "channel")
    assert len(empty) == 1 and all(cell == () for cell in empty[0].cells)
