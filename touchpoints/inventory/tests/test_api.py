from __future__ import annotations

import json
from typing import Any

from django.test import Client

from touchpoints.accounts.services import api_token_create
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create


def bearer(world: Any, who: str) -> Client:
    _token, raw = api_token_create(user=world.users[who], name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_token_auth_crud_round_trip(world: Any) -> None:
    client = bearer(world, "editor")
    base = f"/api/v1/workspaces/{world.slug}"
    own = world.workspace.brands.get(is_own=True)
    seg = world.workspace.segments.get()
    response = post(
        client,
        f"{base}/touchpoints",
        {
            "name": "Website",
            "code": "site",
            "channel": "website",
            "stages": ["compare", "need"],
            "senses": ["sight"],
            "area": "business",
            "segment_ids": [seg.pk],
            "presence": {str(own.pk): "planned"},
        },
    )
    assert response.status_code == 201, response.content
    site = response.json()
    assert site["stages"] == ["need", "compare"] and site["phases"] == ["before"]
    assert site["presence"] == [{"brand_id": own.pk, "brand": own.name, "status": "planned"}]
    child = post(client, f"{base}/touchpoints", {"name": "FAQ", "parent_id": site["id"]}).json()
    assert child["parent_id"] == site["id"]
    response = client.patch(
        f"{base}/touchpoints/{site['id']}", data=json.dumps({"parent_id": child["id"]}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "cycle" in json.dumps(response.json()["errors"])
    listing = client.get(f"{base}/touchpoints?stage=compare").json()
    assert [t["name"] for t in listing["items"]] == ["Website"]
    assert client.delete(f"{base}/touchpoints/{site['id']}").status_code == 204
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_bad_input_gets_4xx_json(world: Any) -> None:
    client = bearer(world, "editor")
    base = f"/api/v1/workspaces/{world.slug}"
    response = post(client, f"{base}/touchpoints", {"name": "X", "channel": "telepathy"})
    assert response.status_code == 422 and response.json()["errors"]
    response = post(client, f"{base}/touchpoints", {"channel": "website"})
    assert response.status_code == 422
    foreign = touchpoint_create(workspace=world.other, name="Foreign")
    response = post(client, f"{base}/touchpoints", {"name": "X", "parent_id": foreign.pk})
    assert response.status_code == 400 and "parent_id" in response.json()["errors"]
    response = client.get(f"{base}/touchpoints?area=nowhere")
    assert response.status_code == 400 and "area" in response.json()["errors"]
    response = client.post(f"{base}/touchpoints", data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Touchpoint.objects.filter(workspace=world.workspace).exists()


def test_invalid_token_is_401(world: Any) -> None:
    client = Client(HTTP_AUTHORIZATION="Bearer tp_nope")
    assert client.get("/api/v1/workspaces").status_code == 401


def test_filters_match_the_page(world: Any) -> None:
    own = world.workspace.brands.get(is_own=True)
    touchpoint_create(
        workspace=world.workspace,
        name="Answering machine",
        channel="phone",
        stages=["decision"],
        presence={own.pk: "missing"},
    )
    touchpoint_create(
        workspace=world.workspace, name="Website", channel="website", stages=["search"], presence={own.pk: "exists"}
    )
    touchpoint_create(workspace=world.workspace, name="Сайт клиники", channel="website")
    touchpoint_create(workspace=world.workspace, name="CLÍNICA móvil", channel="website")
    client = world.client("viewer")
    for query, expected in [
        ("status=missing", ["Answering machine"]),
        ("phase=during", ["Answering machine"]),
        ("channel=website&channel=phone", ["Answering machine", "CLÍNICA móvil", "Website", "Сайт клиники"]),
        ("q=answer", ["Answering machine"]),
        # Case is ignored in every alphabet, on SQLite as on PostgreSQL.
        ("q=сайт", ["Сайт клиники"]),
        ("q=КЛИНИК", ["Сайт клиники"]),
        ("q=clínica", ["CLÍNICA móvil"]),
    ]:
        api = [t["name"] for t in client.get(f"/api/v1/workspaces/{world.slug}/touchpoints?{query}").json()["items"]]
        page = [t.name for t in client.get(f"/w/{world.slug}/touchpoints/?{query}").context["page"]]
        assert api == page == expected, query


def test_openapi_and_docs_are_served(world: Any) -> None:
    client = world.client("viewer")
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/workspaces/{slug}/touchpoints" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200
