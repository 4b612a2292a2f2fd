from __future__ import annotations

from touchpoints.inventory.coverage import compute_coverage


def test_empty_inventory_flags_every_stage_and_area() -> None:
    cov = compute_coverage([])
    assert cov.total == 0
    assert cov.empty_stages == ["need", "search", "compare", "decision", "after"]
    assert cov.empty_areas == ["business", "product", "sale", "personnel"]


def test_counts_and_gaps() -> None:
    rows = [
        {"stages": ["need", "search"], "area": "sale", "channel": "website", "status": "exists"},
        {"stages": ["decision"], "area": "sale", "channel": "phone", "status": "missing"},
        {"stages": [], "area": "", "channel": "", "status": ""},
    ]
    cov = compute_coverage(rows)
    assert cov.total == 3
    assert cov.by_stage == {"need": 1, "search": 1, "compare": 0, "decision": 1, "after": 0}
    assert cov.by_phase == {"before": 1, "during": 1, "after": 0}
    assert cov.empty_stages == ["compare", "after"]
    assert cov.empty_areas == ["business", "product", "personnel"]
    assert cov.by_channel == {"website": 1, "phone": 1}
    assert cov.by_status == {"exists": 1, "missing": 1, "planned": 0, "unknown": 1}
    assert cov.unclassified == 1
