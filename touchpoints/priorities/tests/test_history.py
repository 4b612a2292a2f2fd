"""Changes to estimates and the top ten are kept in the history of changes."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from touchpoints.priorities.models import TopTenVersion

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


def test_estimates_and_versions_are_named_by_their_touchpoint_and_time_not_ids(plan) -> None:  # noqa: ANN001
    """An estimate was named «66: impact 2, effort 5» (the touchpoint's number and English words,
    in the Russian history too) and a top ten version «Clinic #3» (its number); now the
    touchpoint's name and the moment the version was saved. The cost reads as the reader's
    language writes it (ru «20 000,00», not «20000.00»)."""
    client, slug, tps = plan.world.client("editor"), plan.world.slug, plan.tps
    client.post(f"/w/{slug}/priorities/top/save/", {"tp": [tps["Chat"].pk], "reason": [""]})
    client.post(f"/w/{slug}/priorities/touchpoints/{tps['Phone'].pk}/estimate/", {"impact": 2, "cost": "20000"})
    owner = plan.world.client("owner")
    owner.cookies["django_language"] = "ru"
    page = owner.get(f"/w/{slug}/history/").content.decode()
    names = re.findall(r"<strong>([^<]*)</strong>(?!:)", page)  # the objects (a field's label has a colon)
    assert {"Phone", "Chat", "Parking"} <= set(names)
    assert not [n for n in names if "impact" in n or "effort" in n or "#" in n or n.isdigit()], names
    version = TopTenVersion.objects.get()
    assert f"{timezone.localtime(version.created_at):%Y-%m-%d %H:%M}" in names
    assert "→ 20\xa0000,00</div>" in page and "20000" not in page
