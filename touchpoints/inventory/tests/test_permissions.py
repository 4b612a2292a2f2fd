"""Who may use each inventory and library page and endpoint (the workspace's own pages are in
touchpoints/workspaces/tests/test_permissions.py).

Outsiders (members of another workspace) get 404 everywhere; a role without the capability
gets 403; nothing is written by a refused request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case
from touchpoints.library.models import Pack, TouchpointTemplate


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    tp = touchpoint_create(workspace=world.workspace, name="Website", channel="website", stages=["search"])
    pack = Pack.objects.create(code="general", name_en="General", name_ru="Общие", name_es="General")
    template = TouchpointTemplate.objects.create(code="faq", pack=pack, name_en="FAQ", name_ru="ЧаВо", name_es="FAQ")
    brand = world.workspace.brands.get(is_own=False)
    return {"tp": tp, "template": template, "brand": brand}


def page_cases(s: dict[str, Any]) -> list[Case]:
    tp = s["tp"]
    return [
        Case("get", "/w/{slug}/touchpoints/", READ),
        Case("get", "/w/{slug}/touchpoints/tree/", READ),
        Case("get", f"/w/{{slug}}/touchpoints/{tp.pk}/", READ),
        Case("get", f"/w/{{slug}}/touchpoints/{tp.pk}/row/", READ),
        Case("get", "/w/{slug}/touchpoints/export.csv", READ),
        Case("get", "/w/{slug}/touchpoints/export.xlsx", READ),
        Case("get", "/w/{slug}/touchpoints/export.json", READ),
        Case("get", "/w/{slug}/touchpoints/import/template.csv", READ),
        Case("get", "/w/{slug}/library/", READ),
        Case("get", "/w/{slug}/touchpoints/new/", EDIT),
        Case("post", "/w/{slug}/touchpoints/new/", EDIT, {"name": "Created by POST"}),
        Case("get", f"/w/{{slug}}/touchpoints/{tp.pk}/edit/", EDIT),
        Case("get", f"/w/{{slug}}/touchpoints/{tp.pk}/row/edit/", EDIT),
        Case("post", f"/w/{{slug}}/touchpoints/{tp.pk}/row/edit/", EDIT, {"name": "Renamed", "channel": "website"}),
        Case("get", f"/w/{{slug}}/touchpoints/{tp.pk}/delete/", EDIT),
        Case("post", "/w/{slug}/touchpoints/bulk/", EDIT, {"ids": str(tp.pk), "area": "sale"}),
        Case("get", "/w/{slug}/touchpoints/import/", EDIT),
        Case("post", "/w/{slug}/library/add/", EDIT, {"template": str(s["template"].pk)}),
    ]


def api_cases(s: dict[str, Any]) -> list[Case]:
    tp = s["tp"]
    base = "/api/v1/workspaces/{slug}"
    return [
        Case("get", f"{base}/touchpoints", READ),
        Case("get", f"{base}/touchpoints/{tp.pk}", READ),
        Case("get", f"{base}/touchpoints/export.csv", READ),
        Case("json", f"{base}/touchpoints", EDIT, {"name": "API touchpoint", "stages": ["need"]}),
        Case("patch", f"{base}/touchpoints/{tp.pk}", EDIT, {"area": "sale"}),
        Case("json", f"{base}/library/add", EDIT, {"template_ids": [s["template"].pk]}),
        Case("delete", f"{base}/touchpoints/{tp.pk}", EDIT),
    ]


@pytest.mark.parametrize("role", EVERYONE)
def test_pages_permission_matrix(access: AccessMatrix, world: Any, setup: dict[str, Any], role: str) -> None:
    access.check(role, page_cases(setup), unchanged=Touchpoint.objects.filter(workspace=world.workspace).count)


@pytest.mark.parametrize("role", EVERYONE)
def test_api_permission_matrix(access: AccessMatrix, setup: dict[str, Any], role: str) -> None:
    access.check(role, api_cases(setup))


def test_outsider_cannot_reach_objects_through_own_workspace(world: Any, setup: dict[str, Any]) -> None:
    """An id from another workspace is not found even under a workspace the user owns."""
    client = world.client("outsider")
    other = world.other.slug
    tp = setup["tp"]
    assert client.get(f"/w/{other}/touchpoints/{tp.pk}/").status_code == 404
    assert client.get(f"/api/v1/workspaces/{other}/touchpoints/{tp.pk}").status_code == 404
    response = client.patch(
        f"/api/v1/workspaces/{other}/touchpoints/{tp.pk}",
        data=json.dumps({"name": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    tp.refresh_from_db()
    assert tp.name == "Website"
    exported = client.get(f"/w/{other}/touchpoints/export.json").json()
    assert exported == []
    assert client.get(f"/api/v1/workspaces/{other}/brands/{setup['brand'].pk}").status_code == 404


def test_anonymous_is_sent_to_login_and_api_says_401(world: Any, setup: dict[str, Any], client: Any) -> None:
    response = client.get(f"/w/{world.slug}/touchpoints/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.get(f"/api/v1/workspaces/{world.slug}/touchpoints")
    assert response.status_code == 401
    assert response.json()["detail"]
