from __future__ import annotations

from typing import Any


def test_history_is_in_the_navigation_only_for_those_who_may_open_it(world: Any) -> None:
    link = f'href="/w/{world.slug}/history/"'
    for role, shown in (("owner", True), ("editor", True), ("auditor", False), ("viewer", False)):
        body = world.client(role).get(f"/w/{world.slug}/touchpoints/").content.decode()
        assert (link in body) is shown, role
        assert world.client(role).get(f"/w/{world.slug}/history/").status_code == (200 if shown else 403)
