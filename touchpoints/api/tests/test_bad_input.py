"""Input that used to answer 500 (or a body the document does not describe) now answers a
documented 4xx with a JSON body: nulls in PATCH bodies, integers beyond 64 bits in ids, offsets,
limits and filters, an unreadable body on the answers endpoint, two schemas of one name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from touchpoints.api.main import api
from touchpoints.lib.databases import MAX_ID

HUGE = 2**63
pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, populated: Any) -> None:
        self.p = populated
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {populated.token}")
        self.base = f"/api/v1/workspaces/{populated.slug}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        url = self.base + path
        if method == "get":
            return self.client.get(url, params)
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return getattr(self.client, method)(url, data=data, content_type="application/json")


@pytest.fixture
def client(populated: Any) -> Api:
    return Api(populated)


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body["detail"]
    return body


# The fields of each PATCH endpoint that may not be emptied with a null.
NOT_NULLABLE = {
    "/brands/{brand}": ["name", "is_own", "color", "website"],
    "/segments/{segment}": ["name", "customer_type"],
    "/touchpoints/{touchpoint}": ["name", "code", "stages", "senses", "segment_ids", "presence", "description", "wow"],
    "/audits/{audit}": ["name", "method", "instructions", "auditor_ids"],
    "/audits/criteria/{criterion}": ["name", "weight", "active"],
}


@pytest.mark.parametrize("path, field", [(path, field) for path, fields in NOT_NULLABLE.items() for field in fields])
def test_null_in_a_patch_is_a_field_error(client: Api, path: str, field: str) -> None:
    response = client.call("patch", path.format(**client.p.ids), {field: None})
    body = _error(response, 400)
    assert field in body["errors"]


@pytest.mark.parametrize("field, value", [("area", None), ("parent_id", None), ("review_interval_days", None)])
def test_null_still_clears_what_may_be_empty(client: Api, field: str, value: Any) -> None:
    response = client.call("patch", f"/touchpoints/{client.p.ids['child']}", {field: value})
    assert response.status_code == 200, response.content


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
    _error(response, 422)


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
        errors = _error(response, 422)["errors"]
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
    _error(client.call("get", path.format(**client.p.ids), **params), 422)


def test_a_huge_number_of_days(client: Api) -> None:
    assert "default_days" in _error(client.call("get", "/audits/due", default_days=HUGE), 400)["errors"]


def test_library_offset_and_limit_are_bounded(client: Api) -> None:
    for params in ({"offset": HUGE}, {"limit": HUGE}):
        _error(client.client.get("/api/v1/library/templates", params), 422)


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
    _error(client.call(method, path.format(**client.p.ids), body), 422)


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
        errors = _error(response, 422)["errors"]
        named = [
            e for e in errors if _name(trail) in e["loc"] and e["type"] in ("greater_than_equal", "less_than_equal")
        ]
        assert named, (bad, errors)
    assert bounds == (1, MAX_ID)


def test_library_add_with_a_huge_id(client: Api) -> None:
    _error(client.call("post", "/library/add", {"template_ids": [HUGE]}), 422)


def test_an_unreadable_body_on_answers_is_documented(client: Api) -> None:
    response = client.call("post", f"/audits/{client.p.ids['audit']}/answers", "{not json")
    _error(response, 400)
    document = api.get_openapi_schema()
    operation = document["paths"]["/api/v1/workspaces/{slug}/audits/{audit_id}/answers"]["post"]
    schema = json.dumps(operation["responses"][400])
    assert "ErrorOut" in schema and "AnswerOutcome" in schema


def test_refused_answers_are_still_a_list(client: Api) -> None:
    body = {
        "answers": [
            {
                "touchpoint": client.p.ids["touchpoint"],
                "field": "score",
                "value": "9999",
                "criterion": client.p.ids["criterion"],
                "key": "k1",
            }
        ]
    }
    response = client.call("post", f"/audits/{client.p.ids['audit']}/answers", body)
    assert response.status_code == 400
    assert response.json()[0]["ok"] is False and response.json()[0]["key"] == "k1"


def test_an_unknown_api_path_answers_json_404(client: Api) -> None:
    for method in ("get", "post", "delete"):
        response = getattr(client.client, method)(client.base + "/journeys/not-a-number")
        _error(response, 404)


def _models(value: Any) -> list[type]:
    from pydantic import BaseModel

    if isinstance(value, type) and issubclass(value, BaseModel):
        out = [value]
        for field in value.model_fields.values():
            out += _models(field.annotation)
        return out
    return [m for arg in getattr(value, "__args__", ()) for m in _models(arg)]


def test_every_schema_name_means_one_schema() -> None:
    """Two classes of one name become one component: one operation would be documented with the
    other's body (library and journey templates were both `TemplateOut`)."""
    seen: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                models = [m for model in op.response_models.values() for m in _models(model)]
                for model in models:
                    if model.__name__ not in ("Response", "NinjaResponseSchema") and "ninja" not in model.__module__:
                        seen.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: where for name, where in seen.items() if len(where) > 1}
    assert not clashes
    assert "JourneyTemplateOut" in api.get_openapi_schema()["components"]["schemas"]


def test_every_operation_documents_the_error_statuses() -> None:
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = {int(c) for c in operation["responses"]}
            assert {400, 401, 403, 404, 422} <= codes, (method, path, codes)


# Operations whose body fields are all optional, or that read attributes a string has ("title").
NOT_AN_OBJECT_TARGETS = [
    ("put", "/priorities/market"),
    ("put", "/priorities/estimates/{touchpoint}"),
    ("patch", "/actions/{action}"),
    ("post", "/reports"),
    ("patch", "/touchpoints/{touchpoint}"),
]


@pytest.mark.parametrize("method, path", NOT_AN_OBJECT_TARGETS)
@pytest.mark.parametrize("body", ["[]", '"x"', "1", "null", "[{}]", "true"])
def test_a_body_that_is_not_a_json_object_is_refused(client: Api, method: str, path: str, body: str) -> None:
    """A list, a string, a number or null used to pass as a body of defaults (and write them)."""
    from touchpoints.actions.models import Action
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.priorities.models import Estimate, MarketSettings
    from touchpoints.reports.models import Report

    def state() -> Any:
        return (
            list(MarketSettings.objects.values()),
            list(Estimate.objects.values()),
            list(Touchpoint.objects.values("name", "code", "description")),
            list(Action.objects.values("title", "status")),
            Report.objects.count(),
        )

    before = state()
    response = client.call(method, path.format(**client.p.ids), body)
    assert _error(response, 400)["detail"] == "The request body must be a JSON object."
    assert state() == before


def test_an_action_title_is_not_read_from_a_string_body(client: Api) -> None:
    response = client.call("patch", f"/actions/{client.p.ids['action']}", '"x"')
    assert response.status_code == 400
    assert client.call("get", f"/actions/{client.p.ids['action']}").json()["title"] != "X"


def test_an_unknown_impact_source_is_a_field_error(client: Api) -> None:
    body = _error(client.call("get", "/impact/estimates", source="bogus"), 400)
    assert body["errors"] == {"source": ["Choose survey, logs or manual."]}


def test_an_unknown_impact_source_is_refused_in_the_users_language(client: Api) -> None:
    response = client.client.get(f"{client.base}/impact/estimates", {"source": "bogus"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert _error(response, 400)["errors"]["source"] == ["Выберите: опрос, журнал или экспертная оценка."]


@pytest.mark.parametrize("body", ["{not json", "company_size=micro", b"\xff\xfe\x00"])
def test_a_body_that_is_not_json_says_so(client: Api, body: Any) -> None:
    response = client.call("put", "/priorities/market", body)
    error = _error(response, 400)
    assert error["detail"] == "The request body is not valid JSON."
    assert error["errors"]["body"]


def test_an_owner_id_of_another_account_does_not_reveal_its_name(client: Api) -> None:
    """POST /actions with any user id answered "<their name> is no longer a member…": an editor
    could read the name of every account on the server, one id at a time."""
    outsider = client.p.world.users["outsider"]
    body = {
        "title": "Call back",
        "touchpoint_id": client.p.ids["touchpoint"],
        "owner_user_id": outsider.pk,
        "deadline": "2999-12-31",
    }
    response = client.call("post", "/actions", body)
    error = _error(response, 400)
    assert error["errors"]["owner_user_id"] == ["Choose a current member of the workspace or a unit."]
    assert outsider.username not in response.content.decode()


def test_a_field_error_is_named_as_the_client_sent_it(client: Api) -> None:
    """A service names a field by the model (touchpoint, journey, owner_user); the client sent
    touchpoint_id, journey_id, owner_user_id and gets the error under that name."""
    body = {"title": "Call back", "journey_id": 2**31, "deadline": "2999-12-31"}
    errors = _error(client.call("post", "/actions", body), 400)["errors"]
    assert errors["journey_id"] == ["This does not exist (any more)."]
    assert errors["owner_user_id"] == ["Name an owner: a member of the workspace or a unit."]
    assert not errors.keys() & {"journey", "owner_user", "touchpoint"}
    action = client.call("post", "/actions", {**body, "journey_id": None, "owner_unit": "Front desk"})
    assert "touchpoint_id" in _error(action, 400)["errors"]


def test_a_path_parameter_error_is_named_as_in_the_path(client: Api) -> None:
    response = client.call("put", f"/priorities/estimates/{2**31}", {"impact": 3})
    assert _error(response, 400)["errors"] == {"touchpoint_id": ["This touchpoint is not in this workspace."]}


@pytest.mark.parametrize(
    "params, field",
    [({"owner": "uabc"}, "owner"), ({"owner": "someone"}, "owner"), ({"status": "finished"}, "status")],
)
def test_a_malformed_action_filter_is_refused(client: Api, params: dict[str, str], field: str) -> None:
    """GET /actions?owner=uabc answered every action as if no filter had been given."""
    assert list(_error(client.call("get", "/actions", **params), 400)["errors"]) == [field]


def test_a_well_formed_action_filter_still_filters(client: Api) -> None:
    member = client.p.world.users["owner"].pk
    for params in ({"owner": f"u{member}"}, {"owner": "unit:Front desk"}, {"status": "planned"}, {"owner": ""}):
        assert client.call("get", "/actions", **params).status_code == 200
    assert client.call("get", "/actions", owner="u999999").json() == []


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        (
            "post",
            "/actions",
            {"title": "Call back", "deadline": "2999-12-31", "description": "x" * 100_000},
            "description",
        ),
        ("patch", "/actions/{action}", {"description": "x" * 2001}, "description"),
        ("post", "/impact/manual", {"value": 1, "unit": "points", "reason": "x" * 100_000}, "reason"),
        ("post", "/impact/manual", {"value": 1, "unit": "u" * 61, "reason": "A pilot"}, "unit"),
    ],
)
def test_a_text_beyond_its_length_is_refused(
    client: Api, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    """An action's description and a manual estimate's reason took 100,000 characters, its unit
    any string (cut to 60 without a word): the same limits as the pages, as schema errors."""
    from touchpoints.actions.models import Action
    from touchpoints.impact.models import ImpactEstimate

    body = {**body, "touchpoint_id": client.p.ids["touchpoint"]}
    ids = {"action": Action.objects.values_list("pk", flat=True).first()}
    before = (Action.objects.order_by().values_list("description", flat=True).first(), ImpactEstimate.objects.count())
    errors = _error(client.call(method, path.format(**ids), body), 422)["errors"]
    assert [e["loc"][-1] for e in errors] == [field]
    assert "at most" in errors[0]["msg"]
    assert (
        Action.objects.order_by().values_list("description", flat=True).first(),
        ImpactEstimate.objects.count(),
    ) == before


@pytest.mark.parametrize("path", ["/audits/{audit}/evidence", "/analytics/runs"])
def test_a_form_upload_without_a_boundary_is_refused(client: Api, path: str) -> None:
    """A multipart body with no boundary answered 500: Django refuses it, django-ninja did not
    turn the refusal into an answer."""
    url = client.base + path.format(**client.p.ids)
    response = client.client.post(url, data=b"--x--", content_type="multipart/form-data")
    body = _error(response, 400)
    assert body["errors"]["body"]
