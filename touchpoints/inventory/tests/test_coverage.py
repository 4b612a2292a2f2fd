from __future__ import annotations

from typing import Any

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


def test_database_aggregation_matches_the_pure_reference(world: Any) -> None:
    from touchpoints.inventory.selectors import inventory_coverage
    from touchpoints.inventory.services import touchpoint_create

    own = world.workspace.brands.get(is_own=True)
    specs = [
        (["need", "search"], "sale", "website", "exists"),
        (["decision"], "sale", "phone", "missing"),
        ([], "", "", None),
        (["after", "need"], "product", "email", "planned"),
    ]
    rows = []
    for stages, area, channel, status in specs:
        touchpoint_create(
            workspace=world.workspace,
            name=f"{stages}{area}",
            stages=stages,
            area=area,
            channel=channel,
            presence={own.pk: status} if status else None,
        )
        rows.append({"stages": stages, "area": area, "channel": channel, "status": status or ""})
    assert inventory_coverage(workspace=world.workspace) == compute_coverage(rows)
