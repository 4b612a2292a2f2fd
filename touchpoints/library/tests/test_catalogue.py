from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from touchpoints.inventory.models import Touchpoint
from touchpoints.library.loader import library_load
from touchpoints.library.models import CriterionKind, Pack, TouchpointTemplate
from touchpoints.library.selectors import template_list
from touchpoints.library.services import library_add_to_inventory


@pytest.fixture
def library(db: Any) -> dict[str, int]:
    return library_load()


def test_load_is_complete_and_idempotent(library: dict[str, int]) -> None:
    assert library["templates"] >= 150
    assert {"general", "clinic", "retail", "b2b", "horeca"} <= set(Pack.objects.values_list("code", flat=True))
    assert CriterionKind.objects.count() >= 15
    ids = set(TouchpointTemplate.objects.values_list("id", flat=True))
    again = library_load()
    assert again["templates"] == library["templates"]
    assert set(TouchpointTemplate.objects.values_list("id", flat=True)) == ids


def test_search_in_every_language_and_case(library: dict[str, int]) -> None:
    for query in ["website", "САЙТ", "сайт", "sitio web"]:
        assert template_list(q=query).exists(), query


def test_names_follow_the_language(library: dict[str, int]) -> None:
    site = TouchpointTemplate.objects.get(code="website")
    with translation.override("ru"):
        assert site.name == site.name_ru
    with translation.override("es"):
        assert site.name == site.name_es


def test_add_selection_with_children_and_skip_existing(world: Any, library: dict[str, int]) -> None:
    site = TouchpointTemplate.objects.get(code="website")
    descendants = TouchpointTemplate.objects.filter(parent=site).count()
    assert descendants > 0
    first = library_add_to_inventory(workspace=world.workspace, template_ids=[site.pk], language="en")
    assert len(first.created) > descendants
    created = Touchpoint.objects.get(workspace=world.workspace, template=site)
    assert created.children.exists()
    assert created.channel == site.channel and created.stages == site.stages
    second = library_add_to_inventory(workspace=world.workspace, template_ids=[site.pk], language="en")
    assert second.created == [] and len(second.skipped) == len(first.created)
    assert Touchpoint.objects.filter(workspace=world.workspace).count() == len(first.created)
    # A touchpoint already typed by hand under the same name (in any language) is not duplicated.
    other = TouchpointTemplate.objects.exclude(parent__isnull=False).exclude(pk=site.pk).first()
    assert other is not None
    Touchpoint.objects.create(workspace=world.workspace, name=other.name_ru)
    third = library_add_to_inventory(workspace=world.workspace, template_ids=[other.pk], include_children=False)
    assert third.created == []


def test_library_page_and_add_view(world: Any, library: dict[str, int]) -> None:
    client = world.client("editor")
    page = client.get(f"/w/{world.slug}/library/?q=сайт")
    assert page.status_code == 200 and page.context["rows"]
    ids = [str(t.pk) for t in TouchpointTemplate.objects.filter(parent__isnull=True)[:10]]
    response = client.post(f"/w/{world.slug}/library/add/", {"template": ids})
    assert response.status_code == 302
    assert Touchpoint.objects.filter(workspace=world.workspace).count() == 10
    page = client.get(f"/w/{world.slug}/library/")
    assert sum(1 for r in page.context["rows"] if r["have"]) == 10


def test_api_browse_and_add(world: Any, library: dict[str, int]) -> None:
    client = world.client("editor")
    items = client.get("/api/v1/library/templates?q=FAQ", HTTP_ACCEPT_LANGUAGE="es").json()["items"]
    assert items and all(i["name"] == i["name_es"] for i in items)
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/library/add",
        data={"template_ids": [items[0]["id"]]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["created"]
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/library/add", data={"template_ids": [999999]}, content_type="application/json"
    )
    assert response.status_code == 400


def _own_statuses(world: Any) -> dict[str, str]:
    own = world.workspace.brands.get(is_own=True)
    return dict(own.presences.values_list("touchpoint__template__code", "status"))


def test_ticked_templates_are_added_with_the_status_the_user_chose(world: Any, library: dict[str, int]) -> None:
    """The library asks which touchpoints the business has: "mark the ticked ones as" sets the own
    brand's status on what was ticked; the nested ones that come along are left for the team to say."""
    site = TouchpointTemplate.objects.get(code="website")
    children = set(TouchpointTemplate.objects.filter(parent=site).values_list("code", flat=True))
    client = world.client("editor")
    page = client.get(f"/w/{world.slug}/library/").content.decode()
    assert '<select name="status">' in page and '<option value="missing">Missing</option>' in page
    assert '<option value="unknown">' not in page
    response = client.post(
        f"/w/{world.slug}/library/add/", {"template": [site.pk], "children": "1", "status": "exists"}, follow=True
    )
    assert "Added" in response.content.decode()
    assert _own_statuses(world) == {"website": "exists"}
    added = set(Touchpoint.objects.filter(workspace=world.workspace).values_list("template__code", flat=True))
    assert children <= added

    # A status the form does not offer is refused with a message, and nothing is added.
    other = TouchpointTemplate.objects.filter(parent__isnull=True).exclude(pk=site.pk).first()
    assert other is not None
    before = Touchpoint.objects.count()
    response = client.post(f"/w/{world.slug}/library/add/", {"template": [other.pk], "status": "gone"}, follow=True)
    assert "Unknown status “gone”." in response.content.decode()
    assert Touchpoint.objects.count() == before

    # The API takes the same choice, and answers 422 naming the field for another.
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/library/add",
        data={"template_ids": [other.pk], "include_children": False, "status": "missing"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _own_statuses(world) == {"website": "exists", other.code: "missing"}
    response = client.post(
        f"/api/v1/workspaces/{world.slug}/library/add",
        data={"template_ids": [site.pk], "status": "gone"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "status" in response.content.decode()
