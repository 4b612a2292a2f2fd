"""The inventory's bulk edit sets a status for one brand: the own brand by default, or a competitor,
so that marking which touchpoints a rival has (the base of the competitor benchmark) is one step."""

from __future__ import annotations

import re
from typing import Any

from touchpoints.inventory.models import Presence
from touchpoints.inventory.services import touchpoint_create
from touchpoints.workspaces.services import brand_create


def _options(body: str) -> list[str]:
    select = re.search(r'<select name="status_brand"[^>]*>(.*?)</select>', body, re.S)
    assert select, "no brand choice in the bulk edit"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_bulk_edit_sets_a_competitors_status(world: Any) -> None:
    rival = world.workspace.brands.get(name="Rival")
    a = touchpoint_create(workspace=world.workspace, name="Website")
    b = touchpoint_create(workspace=world.workspace, name="Phone")
    editor = world.client("editor")
    body = editor.get(f"/w/{world.slug}/touchpoints/").content.decode()
    # The empty choice names the own brand; the competitors follow.
    assert _options(body) == ["Our clinic (own brand)", "Rival"]

    response = editor.post(
        f"/w/{world.slug}/touchpoints/bulk/",
        {"ids": f"{a.pk},{b.pk}", "status": "exists", "status_brand": str(rival.pk)},
        follow=True,
    )
    assert "Updated 2 touchpoints." in response.content.decode()
    assert set(Presence.objects.values_list("brand__name", "touchpoint__name", "status")) == {
        ("Rival", "Website", "exists"),
        ("Rival", "Phone", "exists"),
    }
    # With no brand chosen the status is the own brand's, as before competitors were offered.
    editor.post(f"/w/{world.slug}/touchpoints/bulk/", {"ids": str(a.pk), "status": "missing"})
    assert Presence.objects.get(brand__is_own=True, touchpoint=a).status == "missing"
    # The benchmark's "missing" view (a rival has it, we don't) now lists the website.
    bench = editor.get(f"/w/{world.slug}/priorities/benchmark/?view=missing").content.decode()
    assert ">Website<" in bench, bench


def test_a_brand_of_another_workspace_is_refused(world: Any) -> None:
    stranger = brand_create(workspace=world.other, name="Stranger")
    a = touchpoint_create(workspace=world.workspace, name="Website")
    response = world.client("editor").post(
        f"/w/{world.slug}/touchpoints/bulk/",
        {"ids": str(a.pk), "status": "exists", "status_brand": str(stranger.pk)},
        follow=True,
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Presence.objects.exists()


def test_without_competitors_there_is_no_brand_to_choose(world: Any) -> None:
    world.workspace.brands.filter(is_own=False).delete()
    body = world.client("editor").get(f"/w/{world.slug}/touchpoints/").content.decode()
    assert 'name="status_brand"' not in body and "Status for the own brand" in body
