"""The inventory page keeps its coverage, filter panel and table in the cache (under the inventory
version of lib/freshness.py): whatever changes the inventory shows on the very next view, and no workspace, role or language is
ever shown another's cached page."""

from __future__ import annotations

from typing import Any

from touchpoints.inventory.importing import import_touchpoints
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import (
    presence_set,
    touchpoint_bulk_update,
    touchpoint_create,
    touchpoint_delete,
    touchpoint_update,
)
from touchpoints.inventory.tabular import read_rows
from touchpoints.lib import freshness
from touchpoints.workspaces.services import brand_create, brand_delete, brand_update, segment_create, workspace_create


def page(client: Any, slug: str, query: str = "") -> str:
    response = client.get(f"/w/{slug}/touchpoints/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def test_every_touchpoint_write_shows_on_the_next_view(world: Any) -> None:
    client, slug, ws = world.client("editor"), world.slug, world.workspace
    assert "Lobby screen" not in page(client, slug)

    site = touchpoint_create(workspace=ws, name="Lobby screen")
    assert "Lobby screen" in page(client, slug)

    touchpoint_update(touchpoint=Touchpoint.objects.get(pk=site.pk), name="Lounge screen")
    html = page(client, slug)
    assert "Lounge screen" in html and "Lobby screen" not in html

    own = ws.brands.get(is_own=True)
    assert "row-missing" not in html
    presence_set(touchpoint=Touchpoint.objects.get(pk=site.pk), brand=own, status="missing")
    assert f'id="tp-{site.pk}" class="row-missing"' in page(client, slug)

    touchpoint_bulk_update(workspace=ws, ids=[site.pk], changes={"owner_unit": "Front desk team"})
    assert "Front desk team" in page(client, slug)

    header, rows = read_rows(b"name,code\nImported kiosk,kiosk\n", "csv")
    assert import_touchpoints(workspace=ws, header=header, rows=rows).ok
    assert "Imported kiosk" in page(client, slug)

    touchpoint_delete(touchpoint=Touchpoint.objects.get(pk=site.pk))
    html = page(client, slug)
    assert "Lounge screen" not in html and "Imported kiosk" in html


def test_coverage_parent_picker_and_filters_follow_writes(world: Any) -> None:
    client, slug, ws = world.client("viewer"), world.slug, world.workspace
    site = touchpoint_create(workspace=ws, name="Lobby screen", stages=["search"])
    html = page(client, slug)
    assert "1 <small>touchpoint</small>" in html
    assert f'<option value="{site.pk}">Lobby screen</option>' not in html  # no children yet: no parent

    touchpoint_create(workspace=ws, name="FAQ", parent=site)
    html = page(client, slug)
    assert "2 <small>touchpoints</small>" in html
    assert f'<option value="{site.pk}">Lobby screen</option>' in html

    segment_create(workspace=ws, name="Night owls")
    assert "Night owls" in page(client, slug)


def test_brand_changes_show_in_the_table(world: Any) -> None:
    client, slug, ws = world.client("viewer"), world.slug, world.workspace
    touchpoint_create(workspace=ws, name="Lobby screen")
    assert "Newcomer" not in page(client, slug)
    brand = brand_create(workspace=ws, name="Newcomer")
    assert "<th>Newcomer</th>" in page(client, slug)
    brand_update(brand=brand, name="Challenger")
    html = page(client, slug)
    assert "<th>Challenger</th>" in html and "Newcomer" not in html
    brand_delete(brand=brand)
    assert "Challenger" not in page(client, slug)


def test_a_filtered_or_later_page_is_its_own_entry(world: Any) -> None:
    client, slug, ws = world.client("viewer"), world.slug, world.workspace
    touchpoint_create(workspace=ws, name="Lobby screen", area="product")
    touchpoint_create(workspace=ws, name="Reception desk", area="sale")
    assert "Lobby screen" in page(client, slug) and "Reception desk" in page(client, slug)
    html = page(client, slug, "?area=sale")
    assert "Reception desk" in html and "Lobby screen" not in html
    assert 'value="sale" checked' in html
    assert "Lobby screen" in page(client, slug)


def test_what_is_read_before_the_commit_is_dropped_at_the_commit(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A request that reads while a write is not yet committed may cache the old inventory under
    the version the write made at once: the commit replaces that version again."""
    with django_capture_on_commit_callbacks() as at_commit:
        ws = workspace_create(name="Fresh start", owner=world.users["owner"])
        touchpoint_create(workspace=ws, name="Chat widget")
        touchpoint_create(workspace=ws, name="Call-back form")
    read_in_between = freshness.version(ws, freshness.INVENTORY)
    bumps = [f for f in at_commit if getattr(f, "workspace_id", None) == ws.pk]
    assert len(bumps) == 1  # once per transaction, however many rows it wrote
    for callback in at_commit:
        callback()
    assert freshness.version(ws, freshness.INVENTORY) != read_in_between


def test_another_workspace_never_sees_cached_data(world: Any) -> None:
    touchpoint_create(workspace=world.workspace, name="Clinic lobby screen")
    touchpoint_create(workspace=world.other, name="Other shopfront")
    mine = page(world.client("owner"), world.slug)
    theirs = page(world.client("outsider"), world.other.slug)
    assert "Clinic lobby screen" in mine and "Other shopfront" not in mine
    assert "Other shopfront" in theirs and "Clinic lobby screen" not in theirs
    assert world.client("outsider").get(f"/w/{world.slug}/touchpoints/").status_code in (403, 404)


def test_roles_and_languages_get_their_own_page(world: Any) -> None:
    tp = touchpoint_create(workspace=world.workspace, name="Lobby screen")
    edit_button = f'hx-get="/w/{world.slug}/touchpoints/{tp.pk}/row/edit/"'
    assert edit_button in page(world.client("editor"), world.slug)
    assert edit_button not in page(world.client("viewer"), world.slug)
    russian = world.client("viewer")
    russian.cookies["django_language"] = "ru"
    html = page(russian, world.slug)
    assert "Lobby screen" in html and ">Stages<" not in html


def api_names(client: Any, slug: str, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/workspaces/{slug}/touchpoints{query}")
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


def test_list_api_follows_writes_and_keeps_workspaces_apart(world: Any) -> None:
    client, slug, ws = world.client("editor"), world.slug, world.workspace
    assert api_names(client, slug) == []
    tp = touchpoint_create(workspace=ws, name="Lobby screen")
    assert api_names(client, slug) == ["Lobby screen"]
    patched = client.patch(
        f"/api/v1/workspaces/{slug}/touchpoints/{tp.pk}", {"name": "Lounge screen"}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert api_names(client, slug) == ["Lounge screen"]
    own = ws.brands.get(is_own=True)
    presence_set(touchpoint=Touchpoint.objects.get(pk=tp.pk), brand=own, status="planned")
    item = client.get(f"/api/v1/workspaces/{slug}/touchpoints").json()["items"][0]
    assert {"brand_id": own.pk, "brand": own.name, "status": "planned"} in item["presence"]
    assert api_names(client, slug, "?limit=1&offset=1") == []

    touchpoint_create(workspace=world.other, name="Other shopfront")
    assert api_names(world.client("outsider"), world.other.slug) == ["Other shopfront"]
    assert api_names(client, slug) == ["Lounge screen"]
    assert client.get(f"/api/v1/workspaces/{slug}/touchpoints?area=nonsense").status_code == 400
