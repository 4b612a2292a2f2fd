"""Changes to actions are kept in the history of changes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_status_change_shows_on_the_action_page_and_the_workspace_history(plan) -> None:  # noqa: ANN001
    action, slug = plan.actions[0], plan.workspace.slug
    client = plan.world.client("editor")
    response = client.post(reverse("actions:status", args=[slug, action.pk]), {"status": "in_progress"})
    assert response.status_code in (200, 302)
    detail = client.get(reverse("actions:detail", args=[slug, action.pk])).content.decode()
    assert 'id="history"' in detail
    panel = detail[detail.index('id="history"') :]
    assert "Planned" in panel and "In progress" in panel, panel
    history = plan.world.client("owner").get(f"/w/{slug}/history/").content.decode()
    assert action.title in history and "editor" in history


def test_the_history_names_every_field_in_the_readers_language(plan) -> None:  # noqa: ANN001
    action, slug = plan.actions[0], plan.workspace.slug
    client = plan.world.client("editor")
    client.post(reverse("actions:status", args=[slug, action.pk]), {"status": "in_progress"})
    client.post(reverse("actions:status", args=[slug, action.pk]), {"status": "done"})
    client.cookies["django_language"] = "ru"
    detail = client.get(reverse("actions:detail", args=[slug, action.pk])).content.decode()
    panel = detail[detail.index('id="history"') :]
    labels = re.findall(r"<strong>([^<]+)</strong>:", panel)
    assert "Позиция" in labels  # the board's order, as on the top ten page
    # No label left in English (started and done times, the position on the board).
    assert not [label for label in labels if re.fullmatch(r"[A-Za-z ()]+", label) and label != "KPI"], labels
