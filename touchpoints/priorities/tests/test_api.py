"""The priorities API documents what it answers: the benchmark, the market, the top ten and its versions come
with their schemas in the OpenAPI document (they used to be "200 OK" with no body described), and
the bodies have exactly the documented fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.api.main import api
from touchpoints.priorities.tests.conftest import Plan

pytestmark = pytest.mark.django_db

DOCUMENTED = [
    ("get", "/priorities/benchmark", None),
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
    if path.endswith("/fill"):  # a touchpoint with a complete priority: we lack it, a rival has it
        from touchpoints.inventory.services import touchpoint_create

        brands = {b.is_own: b.pk for b in populated.world.workspace.brands.all()}
        tp = touchpoint_create(
            workspace=populated.world.workspace,
            name="Call-back",
            presence={brands[True]: "missing", brands[False]: "exists"},
        )
        client.put(
            f"{base}/priorities/estimates/{tp.pk}", data={"impact": 4, "effort": 2}, content_type="application/json"
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


def test_the_benchmark_is_documented_to_its_cells(plan: Plan) -> None:
    """The benchmark answered a dict the document did not describe; its rows, cells and groups now
    have schemas, and the answer is what it was: cells and group figures by brand id."""
    document = api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    benchmark = _schema(document, "get", "/priorities/benchmark")
    assert set(benchmark["properties"]) == {"brands", "touchpoints", "by_stage", "by_area", "market"}
    row = schemas["BenchmarkRowOut"]["properties"]
    assert row["cells"]["additionalProperties"]["$ref"].endswith("/BenchmarkCellOut")
    assert set(schemas["BenchmarkCellOut"]["properties"]) == {"status", "score"}
    assert set(schemas["BenchmarkGroupOut"]["properties"]) == {"key", "touchpoints", "present", "scores"}

    ws = plan.world.workspace
    own, rival = ws.brands.get(is_own=True).pk, ws.brands.get(is_own=False).pk
    data = plan.world.client("viewer").get(f"/api/v1/workspaces/{plan.world.slug}/priorities/benchmark").json()
    assert [b["is_own"] for b in data["brands"]] == [True, False]
    phone = next(r for r in data["touchpoints"] if r["name"] == "Phone")
    assert phone == {
        "touchpoint_id": plan.tps["Phone"].pk,
        "name": "Phone",
        "stages": ["search", "decision"],
        "area": "sale",
        "cells": {str(own): {"status": "exists", "score": 40.0}, str(rival): {"status": "exists", "score": 80.0}},
        "unique": False,
        "missing": False,
        "gap": 40.0,
    }
    search = next(g for g in data["by_stage"] if g["key"] == "search")
    assert search == {
        "key": "search",
        "touchpoints": 2,
        "present": {str(own): 1, str(rival): 2},
        "scores": {str(own): 40.0, str(rival): 75.0},
    }
    assert set(data["market"]) == set(schemas["MarketOut"]["properties"])
