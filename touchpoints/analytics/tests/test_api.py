"""The analytics API end to end with a personal token: upload and run, follow, read, export, add
candidates, repeat, delete; bad input refused with a message and nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from touchpoints.analytics import selectors
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import staging_dir

from .conftest import COLUMNS, ROWS, csv_bytes, parquet_bytes, upload

FIELDS = {
    **COLUMNS,
    "markov_orders": "1,2",
    "bootstrap": "10",
    "by_segment": "true",
}


def token_client(user: Any) -> Client:
    from touchpoints.accounts.services import api_token_create

    created = api_token_create(user=user, name="tests")
    raw = created[1] if isinstance(created, tuple) else created
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def base(world: Any) -> str:
    return f"/api/v1/workspaces/{world.slug}/analytics"


def nothing_stored() -> bool:
    return not AnalysisRun.objects.exists() and not any(staging_dir().iterdir())


def test_upload_run_and_read_through_the_api(world: Any, inventory: Any) -> None:
    client = token_client(world.users["editor"])
    response = client.post(
        f"{base(world)}/runs", {"file": upload(parquet_bytes(), "march.bin"), "name": "March", **FIELDS}
    )
    assert response.status_code == 202, response.content
    run = response.json()
    assert run["status"] == "done" and run["name"] == "March" and run["source_format"] == "parquet"
    assert (run["journeys"], run["conversions"], run["channels"]) == (5, 3, 5)
    assert run["options"]["markov_orders"] == [1, 2] and run["options"]["bootstrap"] == 10
    assert run["columns"]["segment"] == "segment" and run["segment_values"] == ["A", "B"]
    assert run["progress"] and run["created_by"] == "editor"
    runs = client.get(f"{base(world)}/runs").json()
    assert [r["id"] for r in runs] == [run["id"]]
    status = client.get(f"{base(world)}/runs/{run['id']}").json()
    assert status["status"] == "done"
    result = client.get(f"{base(world)}/runs/{run['id']}/result").json()
    assert result["schema_version"] == 1 and result["summary"]["conversions"] == 3
    assert [s["segment"] for s in result["segments"]] == ["A", "B"]
    rows = client.get(f"{base(world)}/runs/{run['id']}/attribution?model=last_touch").json()
    assert {r["channel"]: r["conversions"] for r in rows}["phone"] == 3.0
    phone = next(r for r in rows if r["channel"] == "phone")
    assert phone["touchpoint_id"] == inventory["phone"].pk and phone["ci_low"] is not None
    seg = client.get(f"{base(world)}/runs/{run['id']}/attribution?segment=B&model=first_touch").json()
    assert {r["channel"]: r["conversions"] for r in seg}["social"] == 1.0
    export = client.get(f"{base(world)}/runs/{run['id']}/export?what=attribution&format=json")
    assert export.status_code == 200 and export["Content-Disposition"].endswith('.json"')
    assert any(r["model"] == "markov_2" for r in json.loads(export.content))
    csv_text = client.get(f"{base(world)}/runs/{run['id']}/export?what=variants&format=csv").content.decode("utf-8-sig")
    assert "ads-context → Website → phone,3,2,2,1.0,200.0" in csv_text
    latest = client.get(f"{base(world)}/attribution/latest").json()
    assert latest[str(inventory["phone"].pk)]["last_touch"] == pytest.approx(1.0)


def test_the_mapping_may_be_given_as_one_map_field(world: Any) -> None:
    client = token_client(world.users["owner"])
    response = client.post(
        f"{base(world)}/runs",
        {
            "file": upload(csv_bytes()),
            "bootstrap": "0",
            "markov_orders": "1",
            "map": "customer=client_id,timestamp=event_time,touchpoint=channel,conversion=converted",
        },
    )
    assert response.status_code == 202 and response.json()["columns"]["value"] is None


def test_candidates_rerun_and_delete_through_the_api(world: Any, run: AnalysisRun) -> None:
    client = token_client(world.users["editor"])
    response = client.post(
        f"{base(world)}/runs/{run.pk}/candidates",
        {"channels": ["social", "Instagram ads"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["added"]) == 2 and body["candidates"] == [] and body["linked"] == []
    response = client.post(
        f"{base(world)}/runs/{run.pk}/rerun",
        {"segments": ["A"], "until": "2024-03-03"},
        content_type="application/json",
    )
    assert response.status_code == 202
    again = response.json()
    assert again["rerun_of"] == run.pk and again["filters"] == {"segments": ["A"], "since": None, "until": "2024-03-03"}
    assert (again["journeys"], again["conversions"]) == (2, 1)
    # The repeat matched the channels added a moment ago.
    rows = selectors.attribution_rows(run=AnalysisRun.objects.get(pk=again["id"]))
    assert [r for r in rows if r.channel == "social"] == []  # segment A has no social
    assert client.delete(f"{base(world)}/runs/{again['id']}").status_code == 204
    assert AnalysisRun.objects.count() == 1


def test_the_result_of_an_unfinished_run_is_not_there_yet(world: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = token_client(world.users["editor"])
    run = client.post(f"{base(world)}/runs", {"file": upload(csv_bytes()), **FIELDS}).json()
    assert run["status"] == "queued"
    response = client.get(f"{base(world)}/runs/{run['id']}/result")
    assert response.status_code == 409 and response.json()["status"] == "queued"


@pytest.mark.parametrize(
    "fields, content, key, words",
    [
        ({**FIELDS, "touchpoint": "chanel"}, csv_bytes(), "touchpoint", "did you mean “channel”"),
        ({**FIELDS, "customer": ""}, csv_bytes(), "customer", "Choose the column"),
        (FIELDS, csv_bytes([("u1", "soon", "web", 0, "", "A")]), "timestamp", "row 1 (line 2 of the file)"),
        (FIELDS, csv_bytes([]), "file", "empty"),
        (FIELDS, b"\x00\x01\x02binary", "file", "binary data"),
        ({**FIELDS, "map": "customer=client_id,when=event_time"}, csv_bytes(), "map", "unknown field 'when'"),
        ({**FIELDS, "markov_orders": "7"}, csv_bytes(), "markov_orders", "Markov orders are 1, 2 or 3"),
        ({**FIELDS, "segments": "Z"}, csv_bytes(), "segments", "no segment “Z”"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    world: Any, fields: dict, content: bytes, key: str, words: str
) -> None:
    client = token_client(world.users["editor"])
    response = client.post(f"{base(world)}/runs", {"file": upload(content), **fields})
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert words in " ".join(errors[key]), errors
    assert nothing_stored()


def test_a_missing_file_is_asked_for(world: Any) -> None:
    response = token_client(world.users["editor"]).post(f"{base(world)}/runs", FIELDS)
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_an_oversized_upload_is_refused_with_the_command(world: Any, settings: Any) -> None:
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 100
    client = token_client(world.users["editor"])
    response = client.post(
        f"{base(world)}/runs", data=b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(2 * 1024**3)
    )
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "This log (2 GB) is larger than the 100 B accepted here" in detail
    assert "touchpoints journeys analyze LOG --map" in detail and f"--workspace {world.slug}" in detail
    response = client.post(f"{base(world)}/runs", {"file": upload(csv_bytes()), **FIELDS})
    assert response.status_code == 413 and "touchpoints journeys analyze" in response.json()["detail"]
    assert nothing_stored()


def test_session_users_need_the_csrf_token_to_upload(world: Any) -> None:
    client = world.client("editor", enforce_csrf=True)
    response = client.post(f"{base(world)}/runs", {"file": upload(csv_bytes()), **FIELDS})
    assert response.status_code in (401, 403)
    assert nothing_stored()


def test_the_openapi_document_describes_the_upload(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    upload_op = doc["paths"]["/api/v1/workspaces/{slug}/analytics/runs"]["post"]
    schema = upload_op["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "customer", "timestamp", "touchpoint", "conversion"} <= set(schema["properties"])
    assert len(ROWS) == 13
