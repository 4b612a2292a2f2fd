"""The audit API end to end, with a personal token: criteria, checklists, an audit from creation to
results and export; plus the OpenAPI description."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from touchpoints.accounts.models import ApiToken
from touchpoints.audits.tests.helpers import Setup


def token_client(user: Any) -> Client:
    from touchpoints.accounts.services import api_token_create

    created = api_token_create(user=user, name="tests")
    raw = created[1] if isinstance(created, tuple) else created
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def call(client: Client, method: str, url: str, data: Any = None) -> Any:
    if data is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def test_an_audit_through_the_api(setup: Setup, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = setup.world
    base = f"/api/v1/workspaces/{world.slug}/audits"
    editor = world.client("editor")
    web, phone, _reception = setup.touchpoints

    crits = call(editor, "get", f"{base}/criteria?kind=website").json()
    assert [c["name"] for c in crits] == ["Functionality", "Load speed", "Design"]
    assert {c["source"] for c in crits} == {"library"}
    custom = call(editor, "post", f"{base}/criteria", {"kind": "custom", "name": "Queue length", "weight": 2})
    assert custom.status_code == 201 and custom.json()["source"] == "custom"
    patched = call(editor, "patch", f"{base}/criteria/{crits[1]['id']}", {"weight": 3})
    assert patched.json()["weight"] == 3.0
    checklist = call(
        editor,
        "put",
        f"{base}/touchpoints/{phone.pk}/criteria",
        {"criterion_ids": [custom.json()["id"], crits[0]["id"]]},
    ).json()
    assert checklist["explicit"] and [c["name"] for c in checklist["criteria"]] == ["Queue length", "Functionality"]

    created = call(
        editor,
        "post",
        base,
        {
            "name": "API walk",
            "brand_id": world.workspace.brands.get(is_own=True).pk,
            "scope": "selection",
            "touchpoint_ids": [phone.pk, web.pk],
            "scale": "words",
            "method": "third_party",
            "auditor_ids": [world.users["auditor"].pk],
            "starts_on": "2026-11-01",
        },
    )
    assert created.status_code == 201, created.content
    audit = created.json()
    assert audit["touchpoint_ids"] == [phone.pk, web.pk] and audit["status"] == "draft"
    started = call(editor, "post", f"{base}/{audit['id']}/transition", {"action": "start"}).json()
    assert started["status"] == "in_progress"

    auditor = world.client("auditor")
    answers = [
        {"touchpoint": phone.pk, "criterion": custom.json()["id"], "field": "score", "value": "bad"},
        {"touchpoint": phone.pk, "criterion": crits[0]["id"], "field": "score", "value": "normal"},
        {"touchpoint": phone.pk, "field": "impression", "value": "negative"},
        {"touchpoint": web.pk, "criterion": crits[1]["id"], "field": "score", "value": "ideal"},
        {"touchpoint": web.pk, "criterion": crits[0]["id"], "field": "criterion_na", "value": True},
        {"touchpoint": web.pk, "field": "expectation", "value": "excellent"},
        {"touchpoint": web.pk, "criterion": crits[2]["id"], "field": "score", "value": "superb", "key": "k"},
    ]
    response = call(auditor, "post", f"{base}/{audit['id']}/answers", {"answers": answers})
    assert response.status_code == 400  # one refused, the rest saved
    outcomes = response.json()
    assert [o["ok"] for o in outcomes] == [True] * 6 + [False] and outcomes[-1]["key"] == "k"
    mine = call(auditor, "get", f"{base}/{audit['id']}/answers?mine=true").json()
    assert len(mine["scores"]) == 4 and {s["raw"] for s in mine["scores"]} == {"bad", "normal", "ideal", ""}

    photo = auditor.post(
        f"{base}/{audit['id']}/evidence",
        {"touchpoint": phone.pk, "file": SimpleUploadedFile("hold.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)},
    )
    assert photo.status_code == 201 and photo.json()["content_type"] == "image/png"

    results = call(world.client("viewer"), "get", f"{base}/{audit['id']}/results").json()
    phone_row = next(t for t in results["touchpoints"] if t["touchpoint_id"] == phone.pk)
    # (2 × bad 25 + 1 × normal 50) / 3
    assert round(phone_row["score"], 3) == round((2 * 25 + 50) / 3, 3) and phone_row["failed_to_impress"]
    web_row = next(t for t in results["touchpoints"] if t["touchpoint_id"] == web.pk)
    assert web_row["score"] == 100 and web_row["gap_expectation"] == 25
    assert results["touchpoints"][0]["touchpoint_id"] == phone.pk  # worst first

    submitted = call(auditor, "post", f"{base}/{audit['id']}/transition", {"action": "submit"}).json()
    assert submitted["status"] == "submitted" and submitted["overall"] is not None
    csv_text = world.client("viewer").get(f"{base}/{audit['id']}/results.csv?table=answers").content.decode("utf-8-sig")
    assert "Queue length" in csv_text and "bad" in csv_text
    assert call(editor, "get", f"{base}/{audit['id']}/results.pdf").status_code == 400


def test_tokens_work_like_the_session(setup: Setup) -> None:
    try:
        client = token_client(setup.world.users["auditor"])
    except (ImportError, TypeError):
        raw = "tp_test_token_value_for_audits"
        from touchpoints.lib.tokens import hash_token

        ApiToken.objects.create(user=setup.world.users["auditor"], name="t", token_hash=hash_token(raw))
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    listed = client.get(f"/api/v1/workspaces/{setup.world.slug}/audits").json()
    assert [a["id"] for a in listed] == [setup.audit.pk]


def test_openapi_describes_the_audit_endpoints(setup: Setup) -> None:
    schema = setup.world.client("owner").get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if "/audits" in p]
    for expected in (
        "/api/v1/workspaces/{slug}/audits",
        "/api/v1/workspaces/{slug}/audits/{audit_id}/answers",
        "/api/v1/workspaces/{slug}/audits/{audit_id}/results",
        "/api/v1/workspaces/{slug}/audits/criteria",
        "/api/v1/workspaces/{slug}/audits/due",
    ):
        assert expected in paths, paths
