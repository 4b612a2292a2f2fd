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


def test_numbers_and_dates_read_as_the_readers_language_writes_them(plan) -> None:  # noqa: ANN001
    """A KPI read «20000.00» and a deadline «2099-12-01» in every language; a Russian reader now
    reads «20 000,00» and «01.12.2099». The export keeps the stored values, which a spreadsheet
    reads in any language."""
    import csv
    import datetime as dt
    import io
    from decimal import Decimal

    from touchpoints.actions import services

    action, slug = plan.actions[0], plan.workspace.slug
    services.action_update(
        action=action,
        kpi_name="Calls answered",
        kpi_baseline=Decimal("20000"),
        kpi_target=Decimal("1234567.5"),
        deadline=dt.date(2099, 12, 1),
    )
    client = plan.world.client("owner")
    client.cookies["django_language"] = "ru"
    detail = client.get(reverse("actions:detail", args=[slug, action.pk])).content.decode()
    panel = detail[detail.index('id="history"') :]
    assert "→ 20\xa0000,00</div>" in panel and "→ 1\xa0234\xa0567,50</div>" in panel
    assert "→ 01.12.2099</div>" in panel
    assert "20000" not in panel and "2099-12-01" not in panel
    english = plan.world.client("owner").get(reverse("actions:detail", args=[slug, action.pk])).content.decode()
    assert "→ 20,000.00</div>" in english and "→ 12/01/2099</div>" in english
    exported = client.get(f"/w/{slug}/history/export.csv").content.decode("utf-8-sig")
    after = {row[7] for row in csv.reader(io.StringIO(exported))}
    assert {"20000", "1234567.5", "2099-12-01"} <= after
