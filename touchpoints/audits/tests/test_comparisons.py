"""An audit against an earlier one, and brands side by side: hand-worked known answers."""

from __future__ import annotations

import pytest

from touchpoints.audits.comparisons import classify_change, column_means, compare_scores, side_by_side


def test_compare_scores_improved_worse_new_dropped() -> None:
    rows = compare_scores({1: 70.0, 2: 40.0, 3: 50.0, 4: 80.0}, {1: 50.0, 2: 60.0, 3: 50.5, 5: 30.0})
    change = {r.touchpoint_id: r.change for r in rows}
    assert change == {1: "improved", 2: "worse", 3: "unchanged", 4: "new", 5: "dropped"}
    assert rows[0].touchpoint_id == 2  # drops first
    assert next(r for r in rows if r.touchpoint_id == 1).delta == pytest.approx(20)
    assert classify_change(None, None) == "unchanged"


def test_side_by_side_keeps_the_touchpoints_both_brands_scored() -> None:
    rows = side_by_side({"own": {1: 60.0, 2: 80.0, 3: 50.0}, "rival": {1: 70.0, 2: 80.0, 4: 90.0}}, base="own")
    assert [(r.touchpoint_id, r.leader) for r in rows] == [(1, "rival"), (2, None)]
    assert column_means(rows) == {"own": pytest.approx(70), "rival": pytest.approx(75)}
