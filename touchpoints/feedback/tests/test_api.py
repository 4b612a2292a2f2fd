"""The API: encounters one by one or in batches, idempotent by key; bad input is a 4xx JSON answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from touchpoints.feedback import services
from touchpoints.feedback.models import Response, Study

pytestmark = pytest.mark.django_db


def _base(world: Any, study: Study) -> str:
    return f"/api/v1/workspaces/{world.slug}/feedback/studies/{study.pk}"


def _enc(study: Study, key: str, **over: Any) -> dict[str, Any]:
    brand = study.brands.first()
    tp = study.study_touchpoints.first().touchpoint
    return {"key": key, "brand_id": brand.pk, "touchpoint_id": tp.pk, "positivity": -1, "likelihood": 3, **over}


def _post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_batch_is_idempotent(world: Any, study: Study) -> None:
    Study.objects.filter(pk=study.pk).update(opens_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # takes a backlog
    client = world.client("editor")
    url = _base(world, study) + "/encounters"
    batch = {"encounters": [_enc(study, f"kiosk-{i}", answered_at="2026-01-05T10:00:00Z") for i in range(5)]}
    first = _post(client, url, batch)
    assert first.status_code == 201 and first.json() == {"created": 5, "duplicates": 0}
    again = _post(client, url, {"encounters": batch["encounters"] + [_enc(study, "kiosk-5")]})
    assert again.json() == {"created": 1, "duplicates": 5}
    assert Response.objects.count() == 6
    assert Response.objects.filter(source="api", created_at__year=2026, created_at__month=1).count() == 5
    naive = _post(client, _base(world, study) + "/encounter", _enc(study, "naive", answered_at="2026-01-05T10:00:00"))
    assert naive.status_code == 201
    single = _post(client, _base(world, study) + "/encounter", _enc(study, "kiosk-0"))
    assert single.status_code == 200 and single.json()["duplicates"] == 1


@pytest.mark.parametrize(
    "over,field",
    [
        ({"positivity": 5}, "positivity"),
        ({"likelihood": 11}, "likelihood"),
        ({"brand_id": 999999}, "brand_id"),
        ({"touchpoint_id": 999999}, "touchpoint_id"),
        ({"comment": "x" * 5000}, "comment"),
        ({"language": "de"}, "language"),
        ({"answered_at": "2099-01-01T00:00:00Z"}, "answered_at"),
        ({"customer_type": "vip"}, "customer_type"),
    ],
)
def test_bad_encounter_stores_nothing(world: Any, study: Study, over: dict[str, Any], field: str) -> None:
    client = world.client("editor")
    resp = _post(
        client, _base(world, study) + "/encounters", {"encounters": [_enc(study, "good"), _enc(study, "bad", **over)]}
    )
    assert resp.status_code == 400
    assert field in resp.json()["errors"]["1"]
    assert Response.objects.count() == 0


def test_a_field_error_is_named_as_the_client_sent_it(world: Any, study: Study) -> None:
    """The brand, the touchpoint and the segment came back as brand, touchpoint and segment (the
    answer page's names) though the client sent brand_id, touchpoint_id and segment_id."""
    Study.objects.filter(pk=study.pk).update(ask_segment=True)
    sent = _enc(study, "bad", brand_id=999999, touchpoint_id=999999, segment_id=999999, positivity=9)
    resp = _post(world.client("editor"), _base(world, study) + "/encounter", sent)
    assert resp.status_code == 400
    errors = resp.json()["errors"]["0"]
    assert set(errors) == {"brand_id", "touchpoint_id", "segment_id", "positivity"}
    assert errors["brand_id"] == "Please choose one of the brands listed."
    assert errors["touchpoint_id"] == "Please choose where you met us from the list."
    assert Response.objects.count() == 0


def test_an_answer_from_before_the_study_opened_is_refused(world: Any, study: Study) -> None:
    """answered_at 1900-01-01 was stored and counted in the study's results."""
    client = world.client("editor")
    opened = study.opens_at.replace(microsecond=0)
    url = _base(world, study) + "/encounter"
    resp = _post(client, url, _enc(study, "old", answered_at="1900-01-01T00:00:00"))
    assert resp.status_code == 400
    assert resp.json()["errors"]["0"]["answered_at"] == (
        f"An answer cannot come before the study opened ({opened.isoformat(timespec='seconds')})."
    )
    future = _post(client, url, _enc(study, "later", answered_at=(study.opens_at + dt.timedelta(hours=1)).isoformat()))
    assert future.status_code == 400 and "future" in future.json()["errors"]["0"]["answered_at"]
    assert Response.objects.count() == 0
    assert _post(client, url, _enc(study, "now", answered_at=study.opens_at.isoformat())).status_code == 201


def test_schema_errors_are_json(world: Any, study: Study) -> None:
    client = world.client("editor")
    url = _base(world, study) + "/encounters"
    assert _post(client, url, {"encounters": []}).status_code == 422
    too_many = {"encounters": [_enc(study, f"k{i}") for i in range(501)]}
    resp = _post(client, url, too_many)
    assert resp.status_code == 422 and resp["Content-Type"].startswith("application/json")
    resp = client.post(url, "not json", content_type="application/json")
    assert 400 <= resp.status_code < 500
    dup = _post(client, url, {"encounters": [_enc(study, "same"), _enc(study, "same")]})
    assert dup.status_code == 400 and "key" in dup.json()["errors"]["1"]


def test_closed_study_refuses(world: Any, study: Study) -> None:
    services.study_set_status(study=study, status="closed")
    resp = _post(world.client("editor"), _base(world, study) + "/encounter", _enc(study, "late"))
    assert resp.status_code == 409 and "does not take answers" in resp.json()["detail"]


def test_answers_pagination_and_summary(world: Any, study: Study) -> None:
    client = world.client("editor")
    _post(client, _base(world, study) + "/encounters", {"encounters": [_enc(study, f"k{i}") for i in range(7)]})
    viewer = world.client("viewer")
    page = viewer.get(_base(world, study) + "/answers?limit=5").json()
    assert len(page["items"]) == 5 and page["next_after"]
    rest = viewer.get(_base(world, study) + f"/answers?limit=5&after={page['next_after']}").json()
    assert len(rest["items"]) == 2 and rest["next_after"] is None
    summary = viewer.get(_base(world, study) + "/summary").json()
    assert summary["answers"] == 7
    row = next(r for r in summary["rows"] if r["answers"])
    assert row["negative_share"] == 1.0 and row["mean_positivity"] == -1.0 and row["enough_answers"] is False


def test_token_auth(world: Any, study: Study) -> None:
    from django.test import Client

    from touchpoints.accounts.models import ApiToken
    from touchpoints.lib.tokens import hash_token

    for who, expected in (("editor", 201), ("viewer", 403)):
        raw = ApiToken.generate()
        ApiToken.objects.create(user=world.users[who], name="kiosk", prefix=raw[:8], token_hash=hash_token(raw))
        resp = Client().post(
            _base(world, study) + "/encounter",
            json.dumps(_enc(study, f"tok-{who}")),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert resp.status_code == expected
    bad = Client().post(
        _base(world, study) + "/encounter",
        json.dumps(_enc(study, "x")),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer tp_wrong",
    )
    assert bad.status_code == 401
