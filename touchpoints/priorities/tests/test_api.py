"""The priorities API documents what it answers: the market, the top ten and its versions come
with their schemas in the OpenAPI document (they used to be "200 OK" with no body described), and
the bodies have exactly the documented fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.api.main import api

pytestmark = pytest.mark.django_db

DOCUMENTED = [
    ("get", "/priorities/market", None),
    ("put", "/priorities/market", {"company_size": "small"}),
    ("get", "/priorities/top-ten", None),
    ("post", "/priorities/top-ten/fill", None),
    ("put", "/priorities/top-ten", {"places": [], "note": "cleared"}),
    ("get", "/priorities/top-ten/versions", None),
]


def _schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation = document["paths"]["/api/v1/workspaces/{slug}" + path][method]
    schema = operation["responses"][200]["content"]["application/json"]["schema"]
    if schema.get("type") == "array":
        schema = schema["items"]
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


@pytest.mark.parametrize("method, path, body", DOCUMENTED)
def test_the_answer_has_the_documented_fields(populated: Any, method: str, path: str, body: Any) -> None:
    document = api.get_openapi_schema()
    documented = set(_schema(document, method, path)["properties"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {populated.token}")
    base = f"/api/v1/workspaces/{populated.slug}"
    client.put(
        f"{base}/priorities/top-ten", data={"places": [], "note": "a first version"}, content_type="application/json"
    )
    url = base + path
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, data=body or {}, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    items = data if isinstance(data, list) else [data]
    assert items, "nothing to compare"
    for item in items:
        assert set(item) == documented
