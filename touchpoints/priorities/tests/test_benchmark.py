"""The benchmark's views and the top ten diff, on plain data."""

from __future__ import annotations

from touchpoints.priorities import benchmark as b
from touchpoints.priorities import topten

BRANDS = [
    b.BrandColumn(1, "Us", "#0072B2", True),
    b.BrandColumn(2, "Rival", "#D55E00", False),
    b.BrandColumn(3, "Other", "#009E73", False),
]


def _matrix() -> b.BenchmarkMatrix:
    touchpoints = [
        (10, "Phone", ["search"], "sale"),
        (11, "Chat", ["search", "compare"], "sale"),
        (12, "Parking", ["decision"], "business"),
        (13, "Newsletter", ["after"], "sale"),
    ]
    presence = {
        (1, 10): "exists",
        (2, 10): "exists",
        (3, 10): "unknown",
        (1, 11): "missing",
        (2, 11): "exists",
        (1, 12): "exists",
        (2, 12): "missing",
        (3, 12): "missing",
        (1, 13): "exists",
        (2, 13): "exists",
    }
    scores = {(1, 10): 40.0, (2, 10): 80.0, (3, 10): 60.0, (2, 11): 70.0, (1, 12): 90.0, (1, 13): 70.0, (2, 13): 65.0}
    return b.build_matrix(
        brands=BRANDS,
        touchpoints=touchpoints,
        presence=presence,
        scores=scores,
        stage_order=["need", "search", "compare", "decision", "after"],
    )


def test_views() -> None:
    m = _matrix()
    assert [r.name for r in m.unique] == ["Parking"]
    assert [r.name for r in m.missing] == ["Chat"]
    assert [(r.name, r.gap) for r in m.gaps] == [("Phone", 40.0)]  # the best rival (80) against our 40
    # A brand scored on a touchpoint whose presence is unknown has it.
    assert m.rows[0].cells[3].status == b.EXISTS


def test_by_stage_counts_and_means() -> None:
    m = _matrix()
    search = next(g for g in m.by_stage if g.key == "search")
    assert search.touchpoints == 2
    assert search.present == {1: 1, 2: 2, 3: 1}
    assert search.scores == {1: 40.0, 2: 75.0, 3: 60.0}
    assert [g.key for g in m.by_stage] == ["search", "compare", "decision", "after"]


def test_top_ten_diff() -> None:
    older = [(1, 10, "calls"), (2, 11, ""), (3, 12, "")]
    newer = [(1, 11, ""), (2, 10, "calls lost"), (3, 13, "")]
    changes = topten.diff(older, newer)
    assert [(c.kind, c.touchpoint_id, c.before, c.after) for c in changes] == [
        ("up", 11, 2, 1),
        ("down", 10, 1, 2),
        ("added", 13, None, 3),
        ("removed", 12, 3, None),
    ]
    assert topten.diff(newer, newer) == []
    assert topten.diff([(1, 10, "a")], [(1, 10, "b")])[0].kind == topten.REASON
