from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.reviews import services
from touchpoints.reviews.models import Campaign, Contact

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, payload: Any) -> Any:
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_import_contacts_json_and_read_back(world: Any, campaign: Campaign) -> None:
    client = world.client("editor")
    base = f"/api/v1/workspaces/{world.slug}/reviews/campaigns"
    response = _post(
        client,
        f"{base}/{campaign.pk}/contacts",
        {
            "contacts": [
                {
                    "name": "Ana",
                    "email": "ana@example.com",
                    "phone": "+34 911 234 567",
                    "language": "es",
                    "visit": "Doctor",
                    "visit_date": "2026-11-20T10:30",
                },
                {"name": "Bob", "email": "bob@example.com"},
            ]
        },
    )
    assert response.status_code == 201 and response.json() == {"created": 2}
    services.answer_submit(
        contact=Contact.objects.get(email="ana@example.com"), language="es", liked="Sí", improve="", recommend=10
    )
    campaigns = client.get(base).json()
    assert campaigns[0]["contacts"] == 2 and campaigns[0]["answers"] == 1
    funnel = client.get(f"{base}/{campaign.pk}/funnel").json()
    assert {s["key"]: s["count"] for s in funnel["stages"]}["answered"] == 1
    answers = client.get(f"{base}/{campaign.pk}/answers?score_min=9").json()
    assert answers["count"] == 1 and answers["results"][0]["email"] == "ana@example.com"
    viewer = world.client("viewer").get(f"{base}/{campaign.pk}/answers").json()
    assert viewer["results"][0]["email"] is None and viewer["results"][0]["liked"] == "Sí"


def test_import_faults_are_400_with_rows_and_nothing_written(world: Any, campaign: Campaign) -> None:
    url = f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/contacts"
    response = _post(
        world.client("editor"), url, {"contacts": [{"email": "ok@example.com"}, {"email": "nope", "language": "fr"}]}
    )
    assert response.status_code == 400
    faults = {(f["row"], f["column"]) for f in response.json()["faults"]}
    assert faults == {(3, "email"), (3, "language")}
    assert Contact.objects.count() == 0


def test_an_empty_list_of_contacts_says_so(world: Any, campaign: Campaign) -> None:
    """{"contacts": []} answered "The file has no header row." to a client that sent no file."""
    url = f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/contacts"
    response = _post(world.client("editor"), url, {"contacts": []})
    assert response.status_code == 400
    assert response.json()["errors"] == {"contacts": ["No contacts given."]}
    assert "header" not in response.content.decode()
    assert Contact.objects.count() == 0


def test_malformed_payload_is_422_not_500(world: Any, campaign: Campaign) -> None:
    url = f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/contacts"
    assert _post(world.client("editor"), url, {"contacts": "x"}).status_code == 422
    assert (
        world.client("editor")
        .get(f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/answers?score_min=42")
        .status_code
        == 422
    )
