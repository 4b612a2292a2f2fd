"""Input that used to answer 500 (or a body the document does not describe) now answers a
documented 4xx with a JSON body: nulls in PATCH bodies, an unreadable body on the answers endpoint,
bodies that are not JSON objects, two schemas of one name, malformed filters, overlong texts, a NUL
character in a text.
Numbers and ids beyond their bounds: test_bounds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.api.main import api
from touchpoints.api.tests.support import Api, refused

pytestmark = pytest.mark.django_db


# The fields of each PATCH endpoint that may not be emptied with a null.
NOT_NULLABLE = {
    "/brands/{brand}": ["name", "is_own", "color", "website"],
    "/segments/{segment}": ["name", "customer_type"],
    "/touchpoints/{touchpoint}": ["name", "code", "stages", "senses", "segment_ids", "presence", "description", "wow"],
    "/audits/{audit}": ["name", "method", "instructions", "auditor_ids"],
    "/audits/criteria/{criterion}": ["name", "weight", "active"],
}


@pytest.mark.parametrize("path, field", [(path, field) for path, fields in NOT_NULLABLE.items() for field in fields])
def test_null_in_a_patch_is_a_fielderror(client: Api, path: str, field: str) -> None:
    response = client.call("patch", path.format(**client.p.ids), {field: None})
    body = refused(response, 400)
    assert field in body["errors"]


@pytest.mark.parametrize("field, value", [("area", None), ("parent_id", None), ("review_interval_days", None)])
def test_null_still_clears_what_may_be_empty(client: Api, field: str, value: Any) -> None:
    response = client.call("patch", f"/touchpoints/{client.p.ids['child']}", {field: value})
    assert response.status_code == 200, response.content


def test_an_unreadable_body_on_answers_is_documented(client: Api) -> None:
    response = client.call("post", f"/audits/{client.p.ids['audit']}/answers", "{not json")
    refused(response, 400)
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
        refused(response, 404)


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
    assert refused(response, 400)["detail"] == "The request body must be a JSON object."
    assert state() == before


def test_an_action_title_is_not_read_from_a_string_body(client: Api) -> None:
    response = client.call("patch", f"/actions/{client.p.ids['action']}", '"x"')
    assert response.status_code == 400
    assert client.call("get", f"/actions/{client.p.ids['action']}").json()["title"] != "X"


def test_an_unknown_impact_source_is_a_fielderror(client: Api) -> None:
    body = refused(client.call("get", "/impact/estimates", source="bogus"), 400)
    assert body["errors"] == {"source": ["Choose survey, logs or manual."]}


def test_an_unknown_impact_source_is_refused_in_the_users_language(client: Api) -> None:
    response = client.client.get(f"{client.base}/impact/estimates", {"source": "bogus"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert refused(response, 400)["errors"]["source"] == ["Выберите: опрос, журнал или экспертная оценка."]


@pytest.mark.parametrize("body", ["{not json", "company_size=micro", b"\xff\xfe\x00"])
def test_a_body_that_is_not_json_says_so(client: Api, body: Any) -> None:
    response = client.call("put", "/priorities/market", body)
    error = refused(response, 400)
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
    error = refused(response, 400)
    assert error["errors"]["owner_user_id"] == ["Choose a current member of the workspace or a unit."]
    assert outsider.username not in response.content.decode()


def test_a_field_error_is_named_as_the_client_sent_it(client: Api) -> None:
    """A service names a field by the model (touchpoint, journey, owner_user); the client sent
    touchpoint_id, journey_id, owner_user_id and gets the error under that name."""
    body = {"title": "Call back", "journey_id": 2**31, "deadline": "2999-12-31"}
    errors = refused(client.call("post", "/actions", body), 400)["errors"]
    assert errors["journey_id"] == ["This does not exist (any more)."]
    assert errors["owner_user_id"] == ["Name an owner: a member of the workspace or a unit."]
    assert not errors.keys() & {"journey", "owner_user", "touchpoint"}
    action = client.call("post", "/actions", {**body, "journey_id": None, "owner_unit": "Front desk"})
    assert "touchpoint_id" in refused(action, 400)["errors"]


def test_a_path_parameter_error_is_named_as_in_the_path(client: Api) -> None:
    response = client.call("put", f"/priorities/estimates/{2**31}", {"impact": 3})
    assert refused(response, 400)["errors"] == {"touchpoint_id": ["This touchpoint is not in this workspace."]}


@pytest.mark.parametrize(
    "params, field",
    [({"owner": "uabc"}, "owner"), ({"owner": "someone"}, "owner"), ({"status": "finished"}, "status")],
)
def test_a_malformed_action_filter_is_refused(client: Api, params: dict[str, str], field: str) -> None:
    """GET /actions?owner=uabc answered every action as if no filter had been given."""
    assert list(refused(client.call("get", "/actions", **params), 400)["errors"]) == [field]


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
    errors = refused(client.call(method, path.format(**ids), body), 422)["errors"]
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
    body = refused(response, 400)
    assert body["errors"]["body"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/touchpoints", {"name": "Web\u0000site"}, "name"),
        ("/brands", {"name": "Rival", "notes": "a\u0000b"}, "notes"),
        ("/journeys/{journey}/reorder", {"step_ids": [1], "x": ["ok", "\u0000"]}, "x.1"),
        ("/segments", {"name": "New", "n\u0000": 1}, "body"),
    ],
)
def test_a_nul_character_in_text_is_a_field_error_and_nothing_is_written(
    client: Api, path: str, body: dict[str, Any], field: str
) -> None:
    # No database keeps a NUL: PostgreSQL refuses it, SQLite would store it; both answer alike.
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.workspaces.models import Brand, Segment

    counts = (Touchpoint.objects.count(), Brand.objects.count(), Segment.objects.count())
    refused_body = refused(client.call("post", path.format(**client.p.ids), body), 400)
    assert refused_body["errors"] == {field: ["Null characters are not allowed."]}
    assert (Touchpoint.objects.count(), Brand.objects.count(), Segment.objects.count()) == counts


def test_a_nul_character_in_a_filter_is_a_field_error(client: Api) -> None:
    response = client.call("get", "/touchpoints", q="Web\u0000site")
    assert refused(response, 400)["errors"] == {"q": ["Null characters are not allowed."]}
