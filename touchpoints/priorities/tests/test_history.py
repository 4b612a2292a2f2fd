"""Changes to estimates and the top ten are kept in the history of changes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_top_ten_and_estimate_changes_show_on_the_history_pages(plan) -> None:  # noqa: ANN001
    client, slug, tps = plan.world.client("editor"), plan.world.slug, plan.tps
    client.post(f"/w/{slug}/priorities/top/save/", {"tp": [tps["Chat"].pk], "reason": ["a rival has a chat"]})
    client.post(
        f"/w/{slug}/priorities/touchpoints/{tps['Phone'].pk}/estimate/",
        {"impact": 2, "impact_reason": "Fewer calls now", "effort": 2},
    )
    history = plan.world.client("owner").get(f"/w/{slug}/history/").content.decode()
    assert "a rival has a chat" in history  # the place's reason
    assert "Fewer calls now" in history  # the estimate's new reason
    assert "editor" in history
    top = client.get(f"/w/{slug}/priorities/top/").content.decode()
    assert 'id="history"' in top and "a rival has a chat" in top
    # Viewers see no history panel.
    assert 'id="history"' not in plan.world.client("viewer").get(f"/w/{slug}/priorities/top/").content.decode()


def test_the_top_ten_history_names_the_place_and_its_fields_in_the_readers_language(plan) -> None:  # noqa: ANN001
    client, slug, tps = plan.world.client("editor"), plan.world.slug, plan.tps
    client.post(f"/w/{slug}/priorities/top/save/", {"tp": [tps["Chat"].pk], "reason": ["a rival has a chat"]})
    top = client.get(f"/w/{slug}/priorities/top/").content.decode()
    assert "1. Chat" in top and f"1. {tps['Chat'].pk}<" not in top  # the touchpoint by its name, not its id
    client.cookies["django_language"] = "ru"
    top = client.get(f"/w/{slug}/priorities/top/").content.decode()
    assert "<strong>Позиция</strong>" in top and "<strong>Точка контакта</strong>" in top
    assert "<strong>Position</strong>" not in top and "<strong>Touchpoint</strong>" not in top
