"""Who may use each inventory, library and workspace page and endpoint.

Outsiders (members of another workspace) get 404 everywhere; a role without the capability
gets 403; nothing is written by a refused request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.library.models import Pack, TouchpointTemplate

READ, EDIT, MANAGE = "read", "edit", "manage"
ALLOWED = {
    READ: {"owner", "editor", "auditor", "viewer"},
    EDIT: {"owner", "editor"},
    MANAGE: {"owner"},
}


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    tp = touchpoint_create(workspace=world.workspace, name="Website", channel="website", stages=["search"])
    pack = Pack.objects.create(code="general", name_en="General", name_ru="Общие", name_es="General")
    template = TouchpointTemplate.objects.create(code="faq", pack=pack, name_en="FAQ", name_ru="ЧаВо", name_es="FAQ")
    brand = world.workspace.brands.get(is_own=False)
    segment = world.workspace.segments.get()
    member = world.workspace.memberships.get(user=world.users["viewer"])
    return {"tp": tp, "template": template, "brand": brand, "segment": segment, "member": member}


def page_cases(s: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    tp, brand, segment = s["tp"], s["brand"], s["segment"]
    return [
        ("get", "/w/{slug}/", READ, None),
        ("get", "/w/{slug}/touchpoints/", READ, None),
        ("get", "/w/{slug}/touchpoints/tree/", READ, None),
        ("get", f"/w/{{slug}}/touchpoints/{tp.pk}/", READ, None),
        ("get", f"/w/{{slug}}/touchpoints/{tp.pk}/row/", READ, None),
        ("get", "/w/{slug}/touchpoints/export.csv", READ, None),
        ("get", "/w/{slug}/touchpoints/export.xlsx", READ, None),
        ("get", "/w/{slug}/touchpoints/export.json", READ, None),
        ("get", "/w/{slug}/touchpoints/import/template.csv", READ, None),
        ("get", "/w/{slug}/library/", READ, None),
        ("get", "/w/{slug}/brands/", READ, None),
        ("get", "/w/{slug}/segments/", READ, None),
        ("get", "/w/{slug}/members/", READ, None),
        ("get", "/w/{slug}/touchpoints/new/", EDIT, None),
        ("post", "/w/{slug}/touchpoints/new/", EDIT, {"name": "Created by POST"}),
        ("get", f"/w/{{slug}}/touchpoints/{tp.pk}/edit/", EDIT, None),
        ("get", f"/w/{{slug}}/touchpoints/{tp.pk}/row/edit/", EDIT, None),
        ("post", f"/w/{{slug}}/touchpoints/{tp.pk}/row/edit/", EDIT, {"name": "Renamed", "channel": "website"}),
        ("get", f"/w/{{slug}}/touchpoints/{tp.pk}/delete/", EDIT, None),
        ("post", "/w/{slug}/touchpoints/bulk/", EDIT, {"ids": str(tp.pk), "area": "sale"}),
        ("get", "/w/{slug}/touchpoints/import/", EDIT, None),
        ("post", "/w/{slug}/library/add/", EDIT, {"template": str(s["template"].pk)}),
        ("post", "/w/{slug}/brands/", EDIT, {"name": "New rival", "color": "#000000"}),
        ("get", f"/w/{{slug}}/brands/{brand.pk}/", EDIT, None),
        ("post", "/w/{slug}/segments/", EDIT, {"name": "Students", "customer_type": "new"}),
        ("get", f"/w/{{slug}}/segments/{segment.pk}/", EDIT, None),
        ("post", "/w/{slug}/members/", MANAGE, {"email": "x@example.com", "role": "viewer"}),
        ("post", f"/w/{{slug}}/members/{s['member'].pk}/", MANAGE, {"role": "editor"}),
    ]


def api_cases(s: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    tp, brand, segment = s["tp"], s["brand"], s["segment"]
    base = "/api/v1/workspaces/{slug}"
    return [
        ("get", f"{base}/brands", READ, None),
        ("get", f"{base}/brands/{brand.pk}", READ, None),
        ("get", f"{base}/segments", READ, None),
        ("get", f"{base}/segments/{segment.pk}", READ, None),
        ("get", f"{base}/touchpoints", READ, None),
        ("get", f"{base}/touchpoints/{tp.pk}", READ, None),
        ("get", f"{base}/touchpoints/export.csv", READ, None),
        ("post", f"{base}/brands", EDIT, {"name": "API rival"}),
        ("patch", f"{base}/brands/{brand.pk}", EDIT, {"notes": "patched"}),
        ("post", f"{base}/segments", EDIT, {"name": "API segment"}),
        ("patch", f"{base}/segments/{segment.pk}", EDIT, {"share": 12}),
        ("post", f"{base}/touchpoints", EDIT, {"name": "API touchpoint", "stages": ["need"]}),
        ("patch", f"{base}/touchpoints/{tp.pk}", EDIT, {"area": "sale"}),
        ("post", f"{base}/library/add", EDIT, {"template_ids": [s["template"].pk]}),
        ("delete", f"{base}/touchpoints/{tp.pk}", EDIT, None),
    ]


def _call(client: Any, method: str, url: str, data: dict[str, Any] | None, as_json: bool) -> Any:
    if as_json and method in ("post", "patch"):
        return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")
    if method == "post":
        return client.post(url, data or {})
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", ["owner", "editor", "auditor", "viewer", "outsider"])
def test_pages_permission_matrix(world: Any, setup: dict[str, Any], role: str) -> None:
    client = world.client(role)
    for method, template, needed, data in page_cases(setup):
        url = template.format(slug=world.slug)
        before = Touchpoint.objects.filter(workspace=world.workspace).count()
        response = _call(client, method, url, data, as_json=False)
        if role == "outsider":
            assert response.status_code == 404, (method, url, response.status_code)
        elif role in ALLOWED[needed]:
            assert response.status_code in (200, 302), (role, method, url, response.status_code)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert Touchpoint.objects.filter(workspace=world.workspace).count() == before


@pytest.mark.parametrize("role", ["owner", "editor", "auditor", "viewer", "outsider"])
def test_api_permission_matrix(world: Any, setup: dict[str, Any], role: str) -> None:
    client = world.client(role)
    for method, template, needed, data in api_cases(setup):
        url = template.format(slug=world.slug)
        response = _call(client, method, url, data, as_json=True)
        if role == "outsider":
            assert response.status_code == 404, (method, url, response.status_code)
            assert response.json()["detail"]
        elif role in ALLOWED[needed]:
            assert response.status_code in (200, 201, 204), (role, method, url, response.status_code, response.content)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert "detail" in response.json()


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
