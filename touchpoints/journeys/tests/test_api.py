"""The journeys REST API: CRUD of journeys and steps, reorder, weak links, compare, export."""

from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.inventory.models import Presence


def api(cw: Any, path: str = "") -> str:
    return f"/api/v1/workspaces/{cw.slug}/journeys{path}"


def send(client: Any, method: str, path: str, data: Any) -> Any:
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


def test_journey_and_steps_round_trip(chainworld):
    client = chainworld.world.client("editor")
    segment = chainworld.world.workspace.segments.get()
    response = send(
        client,
        "post",
        api(chainworld),
        {
            "name": "Renewal",
            "process": "Renew the contract",
            "brand_id": chainworld.own.pk,
            "segment_ids": [segment.pk],
        },
    )
    assert response.status_code == 201, response.content
    journey = response.json()
    assert journey["brand_is_own"] and journey["segment_ids"] == [segment.pk] and journey["steps"] == []
    base = api(chainworld, f"/{journey['id']}")
    step = send(client, "post", base + "/steps", {"touchpoint_id": chainworld.tps["newsletter"].pk, "expected": 1})
    assert step.status_code == 201 and step.json()["stage"] == "after" and step.json()["number"] == 1
    new = send(
        client,
        "post",
        base + "/steps",
        {
            "new_touchpoint": {"name": "Renewal reminder", "channel": "email"},
            "stage": "need",
            "position": 0,
            "final_chord": False,
        },
    )
    assert new.status_code == 201 and new.json()["number"] == 1 and new.json()["presence"] == "missing"
    assert Presence.objects.get(touchpoint_id=new.json()["touchpoint_id"], brand=chainworld.own).status == "missing"
    patched = send(client, "patch", base + f"/steps/{step.json()['id']}", {"final_chord": True, "expected": None})
    assert patched.status_code == 200 and patched.json()["final_chord"] and patched.json()["expected"] is None
    steps = client.get(base + "/steps").json()
    assert [s["touchpoint"] for s in steps] == ["Renewal reminder", "Newsletter"]
    reordered = send(client, "post", base + "/reorder", {"step_ids": [s["id"] for s in steps][::-1]})
    assert [s["touchpoint"] for s in reordered.json()] == ["Newsletter", "Renewal reminder"]
    renamed = send(client, "patch", base, {"name": "Contract renewal", "next_journey_id": chainworld.journey.pk})
    assert renamed.json()["name"] == "Contract renewal" and renamed.json()["next_journey_id"] == chainworld.journey.pk
    assert client.delete(base + f"/steps/{steps[0]['id']}").status_code == 204
    assert client.delete(base).status_code == 204
    assert client.get(base).status_code == 404


def test_bad_input_is_refused_with_a_message(chainworld):
    client = chainworld.world.client("editor")
    base = api(chainworld, f"/{chainworld.journey.pk}")
    before = client.get(base + "/steps").json()
    response = send(client, "post", base + "/steps", {"touchpoint_id": chainworld.foreign.pk, "stage": "need"})
    assert response.status_code == 400
    assert "not in this workspace's inventory" in response.json()["errors"]["touchpoint_id"][0]
    response = send(client, "post", base + "/reorder", {"step_ids": [before[0]["id"], before[0]["id"], 123456]})
    assert response.status_code == 400
    messages = " ".join(response.json()["errors"]["step_ids"])
    assert "123456" in messages and "more than once" in messages and "Left out" in messages
    assert send(client, "post", base + "/reorder", {"step_ids": ["a"]}).status_code == 422
    assert (
        send(client, "post", base + "/steps", {"touchpoint_id": chainworld.tps["ad"].pk, "expected": 3}).status_code
        == 422
    )
    assert send(client, "post", base + "/steps", {"stage": "need"}).status_code == 400
    other = send(
        client,
        "post",
        api(chainworld),
        {"name": "B", "brand_id": chainworld.own.pk, "next_journey_id": chainworld.journey.pk},
    ).json()
    response = send(client, "patch", base, {"next_journey_id": other["id"]})
    assert response.status_code == 400 and "cycle" in response.json()["errors"]["next_journey_id"][0]
    response = send(client, "post", api(chainworld), {"name": "X", "brand_id": chainworld.world.other.brands.get().pk})
    assert response.status_code == 400
    response = send(
        client, "post", api(chainworld, "/from-template"), {"template_code": "nope", "brand_id": chainworld.own.pk}
    )
    assert response.status_code == 400
    assert client.get(base + "/steps").json() == before


def test_weak_links_resource(chainworld):
    client = chainworld.world.client("viewer")
    data = client.get(api(chainworld, f"/{chainworld.journey.pk}/weak-links")).json()
    assert data["journey_id"] == chainworld.journey.pk and data["counts"]["high"] >= 1
    first = data["items"][0]
    assert first["severity"] == "high" and first["code"] == "negative" and first["step_number"] == 3
    assert first["touchpoint_url"].endswith(f"/w/{chainworld.slug}/touchpoints/{chainworld.tps['phone'].pk}/")
    assert [p["number"] for p in data["curve"]] == [1, 2, 3, 4, 5]
    assert {i["code"] for i in data["items"]} >= {"no_final_chord", "empty_stage", "neutral"}
    assert client.post(api(chainworld, f"/{chainworld.journey.pk}/weak-links")).status_code == 405


def test_compare_and_filters(chainworld):
    client = chainworld.world.client("editor")
    rival = send(
        client, "post", api(chainworld), {"name": "Theirs", "process": "Book a visit", "brand_id": chainworld.rival.pk}
    ).json()
    send(client, "post", api(chainworld, f"/{rival['id']}/steps"), {"touchpoint_id": chainworld.tps["ask"].pk})
    send(
        client,
        "post",
        api(chainworld, f"/{rival['id']}/steps"),
        {"touchpoint_id": chainworld.tps["phone"].pk, "expected": 2},
    )
    data = client.get(api(chainworld, f"/{chainworld.journey.pk}/compare/{rival['id']}")).json()
    assert data["only_second"] == [chainworld.tps["ask"].pk] and data["worse"] == 1
    assert len(data["only_first"]) == 4
    listed = client.get(api(chainworld, f"?brand={chainworld.rival.pk}")).json()
    assert [j["name"] for j in listed] == ["Theirs"]
    assert len(client.get(api(chainworld, "?process=Book a visit")).json()) == 2


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("mm", "application/x-freemind"),
        ("mmd", "text/vnd.mermaid"),
        ("svg", "image/svg+xml"),
        ("json", "application/json"),
    ],
)
def test_exports(chainworld, fmt, content_type):
    response = chainworld.world.client("viewer").get(api(chainworld, f"/{chainworld.journey.pk}/export.{fmt}"))
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert f'journey-{chainworld.journey.pk}.{fmt}"' in response["Content-Disposition"]


def test_unknown_export_format(chainworld):
    response = chainworld.world.client("viewer").get(api(chainworld, f"/{chainworld.journey.pk}/export.docx"))
    assert response.status_code == 400


def test_openapi_lists_the_journey_endpoints(chainworld):
    paths = chainworld.world.client("viewer").get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/workspaces/{slug}/journeys",
        "/api/v1/workspaces/{slug}/journeys/{journey_id}/reorder",
        "/api/v1/workspaces/{slug}/journeys/{journey_id}/weak-links",
    ):
        assert path in paths, sorted(p for p in paths if "journeys" in p)


def test_token_auth(chainworld, client):
    from touchpoints.accounts.services import api_token_create

    _row, raw = api_token_create(user=chainworld.world.users["viewer"], name="ci")
    response = client.get(api(chainworld), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()[0]["name"] == "First visit"
    assert client.get(api(chainworld)).status_code == 401


def test_from_template_with_chosen_touchpoints(chainworld):
    from touchpoints.library.models import JourneyTemplate, JourneyTemplateStep, Pack, TouchpointTemplate

    pack = Pack.objects.create(code="p", name_en="P", name_ru="P", name_es="P")
    jt = JourneyTemplate.objects.create(
        code="renewal", pack=pack, name_en="Renewal", name_ru="Продление", name_es="Renovación", final_chord=True
    )
    for i, name in enumerate(["Renewal reminder", "Online payment"]):
        tpl = TouchpointTemplate.objects.create(
            code=f"t{i}", pack=pack, name_en=name, name_ru=name, name_es=name, stages=["after"]
        )
        JourneyTemplateStep.objects.create(journey=jt, template=tpl, position=i, stage="after", expected=1)
    client = chainworld.world.client("editor")
    response = send(
        client,
        "post",
        api(chainworld, "/from-template"),
        {
            "template_code": "renewal",
            "brand_id": chainworld.own.pk,
            "touchpoint_ids": {"0": chainworld.tps["newsletter"].pk},
        },
    )
    assert response.status_code == 201, response.content
    steps = response.json()["steps"]
    assert [s["touchpoint"] for s in steps] == ["Newsletter", "Online payment"] and steps[1]["final_chord"]
    response = send(
        client,
        "post",
        api(chainworld, "/from-template"),
        {"template_code": "renewal", "brand_id": chainworld.own.pk, "touchpoint_ids": {"1": chainworld.foreign.pk}},
    )
    assert response.status_code == 400
