"""Numbers beyond their bounds answer a documented 4xx with a JSON body, never a 500: an id beyond
64 bits in a path, a query, a filter or a body (every id of the OpenAPI document is walked), huge
offsets, limits and counts of days."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from touchpoints.api.main import api
from touchpoints.api.tests.support import HUGE, Api, refused
from touchpoints.lib.databases import MAX_ID

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/brands/{huge}",
        "/segments/{huge}",
        "/touchpoints/{huge}",
        "/journeys/{huge}",
        "/journeys/{journey}/steps/{huge}",
        "/journeys/{journey}/compare/{huge}",
        "/audits/{huge}",
        "/audits/{huge}/answers",
        "/audits/touchpoints/{huge}/criteria",
        "/analytics/runs/{huge}",
        "/analytics/runs/{huge}/attribution",
    ],
)
def test_an_id_beyond_64_bits_in_the_path(client: Api, path: str) -> None:
    response = client.call("get", path.format(huge=HUGE, **client.p.ids))
    refused(response, 422)


def _id_parameters() -> list[tuple[str, str, str]]:
    """(method, path, name) of every integer path parameter of every operation of the document."""
    return [
        (method, path, parameter["name"])
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
    ]


@pytest.mark.parametrize("method, path, name", _id_parameters(), ids=lambda v: v.rsplit("/api/v1/workspaces", 1)[-1])
def test_every_id_in_a_path_is_bounded(world: Any, method: str, path: str, name: str) -> None:
    """Every operation refuses an id beyond 64 bits the same way, as a schema error naming the path
    parameter, and documents the bound (actions, reports, feedback studies, review campaigns,
    impact and priority estimates took any integer and answered 404 or 400 instead)."""
    parameter = next(p for p in api.get_openapi_schema()["paths"][path][method]["parameters"] if p["name"] == name)
    assert (parameter["schema"].get("minimum"), parameter["schema"].get("maximum")) == (1, MAX_ID)
    client = world.client("owner")
    for huge in (MAX_ID + 1, 99999999999999999999):
        url = path.replace("{slug}", world.slug).replace("{" + name + "}", str(huge)).replace("{fmt}", "csv")
        url = re.sub(r"\{\w+\}", "1", url)  # another id: the bad one is refused before any is looked up
        if method in ("get", "delete"):
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, data="{}", content_type="application/json")
        errors = refused(response, 422)["errors"]
        assert ["path", name] in [e["loc"] for e in errors], errors


@pytest.mark.parametrize(
    "path, params",
    [
        ("/touchpoints", {"offset": HUGE}),
        ("/touchpoints", {"limit": HUGE}),
        ("/journeys", {"brand": HUGE}),
        ("/journeys", {"segment": -HUGE}),
        ("/audits", {"brand_id": HUGE}),
        ("/actions", {"touchpoint": HUGE}),
        ("/reviews/campaigns/{campaign}/answers", {"offset": HUGE}),
        ("/feedback/studies/{study}/answers", {"after": HUGE}),
    ],
)
def test_a_huge_number_in_a_query(client: Api, path: str, params: dict[str, Any]) -> None:
    refused(client.call("get", path.format(**client.p.ids), **params), 422)


def test_a_huge_number_of_days(client: Api) -> None:
    assert "default_days" in refused(client.call("get", "/audits/due", default_days=HUGE), 400)["errors"]


def test_library_offset_and_limit_are_bounded(client: Api) -> None:
    for params in ({"offset": HUGE}, {"limit": HUGE}):
        refused(client.client.get("/api/v1/library/templates", params), 422)


@pytest.mark.parametrize("name", ["segment", "brand", "parent", "status"])
def test_a_huge_number_in_an_inventory_filter(client: Api, name: str) -> None:
    response = client.call("get", "/touchpoints", **{name: str(HUGE * 4)})
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/touchpoints", {"name": "x", "segment_ids": [HUGE]}),
        ("post", "/touchpoints", {"name": "x", "parent_id": HUGE}),
        ("post", "/touchpoints", {"name": "x", "review_interval_days": HUGE}),
        ("post", "/touchpoints", {"name": "x", "presence": {str(HUGE): "exists"}}),
        ("patch", "/touchpoints/{touchpoint}", {"segment_ids": [HUGE]}),
        ("post", "/journeys", {"name": "x", "brand_id": HUGE}),
        ("post", "/journeys/{journey}/steps", {"touchpoint_id": HUGE}),
        ("post", "/journeys/{journey}/reorder", {"step_ids": [HUGE]}),
        ("post", "/audits", {"name": "x", "brand_id": 1, "auditor_ids": [HUGE]}),
        ("post", "/audits/{audit}/answers", {"answers": [{"touchpoint": HUGE, "field": "note", "value": "x"}]}),
        ("put", "/audits/touchpoints/{touchpoint}/criteria", {"criterion_ids": [HUGE]}),
        ("put", "/priorities/top-ten", {"places": [{"touchpoint_id": HUGE}]}),
    ],
)
def test_a_huge_id_in_a_body(client: Api, method: str, path: str, body: dict[str, Any]) -> None:
    refused(client.call(method, path.format(**client.p.ids), body), 422)


def _body_ids() -> list[Any]:
    """(method, path, trail, documented bounds) of every id in every JSON request body of the
    document: an integer property named ``*_id`` or ``*_ids`` at any depth, "[]" in the trail
    standing for an item of a list."""
    document = api.get_openapi_schema()

    def walk(schema: dict[str, Any], trail: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], tuple[Any, Any]]]:
        while "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        for alternative in schema.get("anyOf", []) + schema.get("allOf", []):
            yield from walk(alternative, trail)
        if schema.get("type") == "integer" and _name(trail).endswith(("_id", "_ids")):
            yield trail, (schema.get("minimum"), schema.get("maximum"))
        if schema.get("type") == "array":
            yield from walk(schema.get("items", {}), (*trail, "[]"))
        for name, prop in schema.get("properties", {}).items():
            yield from walk(prop, (*trail, name))

    return [
        pytest.param(method, path, trail, bounds, id=f"{method} {path.split('{slug}', 1)[-1]} {'.'.join(trail)}")
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
        for trail, bounds in walk(operation["requestBody"]["content"]["application/json"]["schema"], ())
    ]


def _name(trail: tuple[str, ...]) -> str:
    """The field a trail ends in: ("encounters", "[]", "brand_id") → brand_id, ("segment_ids", "[]") → segment_ids."""
    return next((step for step in reversed(trail) if step != "[]"), "")


def _nested(trail: tuple[str, ...], value: Any) -> Any:
    """The body holding ``value`` at ``trail``: ("encounters", "[]", "brand_id") → {"encounters": [{"brand_id": value}]}."""
    if not trail:
        return value
    inner = _nested(trail[1:], value)
    return [inner] if trail[0] == "[]" else {trail[0]: inner}


@pytest.mark.parametrize("method, path, trail, bounds", _body_ids())
def test_every_id_in_a_body_is_bounded(
    world: Any, method: str, path: str, trail: tuple[str, ...], bounds: tuple[Any, Any]
) -> None:
    """An id in a request body beyond 64 bits or below 1 is a schema error naming the field, and
    the document shows the bound (an action's touchpoint_id, journey_id, priority_id and
    owner_user_id, a report's audit_id, a feedback encounter's brand_id, touchpoint_id and
    segment_id, and a manual impact estimate's touchpoint_id took any integer)."""
    client = world.client("owner")
    url = path.replace("{slug}", world.slug)
    url = re.sub(r"\{\w+\}", "1", url)  # another id: the body is refused before any is looked up
    for bad in (HUGE, -1):
        response = getattr(client, method)(url, data=json.dumps(_nested(trail, bad)), content_type="application/json")
        errors = refused(response, 422)["errors"]
        named = [
            e for e in errors if _name(trail) in e["loc"] and e["type"] in ("greater_than_equal", "less_than_equal")
        ]
        assert named, (bad, errors)
    assert bounds == (1, MAX_ID)


def test_library_add_with_a_huge_id(client: Api) -> None:
    refused(client.call("post", "/library/add", {"template_ids": [HUGE]}), 422)
