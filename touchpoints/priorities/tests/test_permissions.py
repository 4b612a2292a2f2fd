"""Who may do what on the priorities' pages and endpoints: every role of the permission matrix
reads what it may, and a write it may not do changes nothing."""

from __future__ import annotations

import pytest

from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case
from touchpoints.priorities.models import Estimate, MarketSettings, TopTenVersion

ROLES = EVERYONE


def _estimates_market_and_top_ten() -> tuple[list[tuple[int, int]], int, int]:
    return (
        list(Estimate.objects.order_by("pk").values_list("touchpoint_id", "impact")),
        MarketSettings.objects.count(),
        TopTenVersion.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_read_pages(access: AccessMatrix, plan, role: str) -> None:  # noqa: ANN001
    base = "/w/{slug}/priorities"
    phone = plan.tps["Phone"].pk
    urls = (
        f"{base}/",
        f"{base}/benchmark/",
        f"{base}/top/",
        f"{base}/top/history/",
        f"{base}/benchmark/?view=gaps",
        f"{base}/benchmark/?view=stage&radar=area",
        f"{base}/touchpoints/{phone}/",
        f"{base}/export.csv",
        f"{base}/benchmark/export.xlsx",
    )
    access.check(role, [Case("get", url, READ, ok=(200,)) for url in urls])


@pytest.mark.parametrize("role", ROLES)
def test_write_pages(access: AccessMatrix, plan, role: str) -> None:  # noqa: ANN001
    base = "/w/{slug}/priorities"
    phone, chat = plan.tps["Phone"].pk, plan.tps["Chat"].pk
    cases = [
        Case("get", f"{base}/touchpoints/{phone}/estimate/", EDIT, ok=(200,)),
        Case("post", f"{base}/touchpoints/{phone}/estimate/", EDIT, {"impact": "3"}),
        Case("post", f"{base}/benchmark/market/", EDIT, {"loyalty": "high"}),
        Case("post", f"{base}/top/fill/", EDIT),
        Case("post", f"{base}/top/save/", EDIT, {"tp": [chat], "reason": ["x"]}),
    ]
    access.check(role, cases, unchanged=_estimates_market_and_top_ten)
    changed = role in ("owner", "editor")
    assert Estimate.objects.get(touchpoint_id=phone).impact == (3 if changed else 4)
    assert MarketSettings.objects.filter(workspace=plan.world.workspace, loyalty="high").exists() == changed
    assert TopTenVersion.objects.filter(workspace=plan.world.workspace).count() == (2 if changed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_api_permissions(access: AccessMatrix, plan, role: str) -> None:  # noqa: ANN001
    base = "/api/v1/workspaces/{slug}/priorities"
    reads = (
        base,
        f"{base}/benchmark",
        f"{base}/market",
        f"{base}/estimates",
        f"{base}/top-ten",
        f"{base}/top-ten/versions",
    )
    phone = plan.tps["Phone"].pk
    writes = [
        Case("put", f"{base}/estimates/{phone}", EDIT, {"impact": 5, "effort": 1}),
        Case("put", f"{base}/market", EDIT, {"company_size": "large"}),
        Case("post", f"{base}/top-ten/fill", EDIT),
        Case("put", f"{base}/top-ten", EDIT, {"places": [{"touchpoint_id": phone, "reason": "r"}]}),
    ]
    cases = [*(Case("get", url, READ) for url in reads), *writes]
    access.check(role, cases, ok=(200,), unchanged=_estimates_market_and_top_ten)
