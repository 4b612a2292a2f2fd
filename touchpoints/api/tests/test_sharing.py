"""Share links through the API (a journey's map, a report): an editor creates one and gets its
address once, the address opens the page without a login, the list shows the link without its
address, and revoking it closes the page at once. Who may do it is in the permission matrix."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client

from touchpoints.api.tests.support import Api, refused
from touchpoints.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("thing", "key", "shown"),
    [("journeys", "journey", b"Website"), ("reports", "report", b"Touchpoint report")],
)
def test_create_open_list_and_revoke(client: Api, populated: Any, thing: str, key: str, shown: bytes) -> None:
    links = f"/{thing}/{populated.ids[key]}/share-links"
    before = client.call("get", links).json()

    made = client.call("post", links, {"days": 3})
    assert made.status_code == 201, made.content
    link = made.json()
    assert link["state"] == "live" and link["views"] == 0 and link["created_by"] == "owner"
    address = urlparse(link["url"]).path
    assert address.rsplit("/", 2)[-2].startswith(link["prefix"])

    page = Client().get(address)  # anyone holding the link, no login
    assert page.status_code == 200 and shown in page.content

    listed = client.call("get", links).json()
    assert len(listed) == len(before) + 1
    mine = next(row for row in listed if row["id"] == link["id"])
    assert mine["views"] == 1 and "url" not in mine  # the address is never shown again

    revoked = client.call("post", f"{links}/{link['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert Client().get(address).status_code == 404
    again = client.call("post", f"{links}/{link['id']}/revoke").json()
    assert again["revoked_at"] == revoked.json()["revoked_at"]  # revoking again keeps the first time


@pytest.mark.parametrize("days", [0, 91, -1])
def test_days_out_of_range_is_a_field_error(client: Api, populated: Any, days: int) -> None:
    links = f"/journeys/{populated.ids['journey']}/share-links"
    count = len(client.call("get", links).json())
    body = refused(client.call("post", links, {"days": days}), 400)
    assert "90" in " ".join(body["errors"]["days"])
    assert len(client.call("get", links).json()) == count


def test_a_report_that_is_not_finished_cannot_be_shared(client: Api, populated: Any) -> None:
    report = Report.objects.get(pk=populated.ids["report"])
    report.status = "running"
    report.save(update_fields=["status"])
    body = refused(client.call("post", f"/reports/{report.pk}/share-links", {"days": 3}), 409)
    assert "finished" in body["detail"]


def test_a_link_of_another_journey_is_not_found(client: Api, populated: Any) -> None:
    other = f"/journeys/{populated.ids['other_journey']}/share-links"
    refused(client.call("post", f"{other}/{populated.ids['journey_share']}/revoke"), 404)
    own = client.call("get", f"/journeys/{populated.ids['journey']}/share-links").json()
    assert [(row["id"], row["state"]) for row in own] == [(populated.ids["journey_share"], "live")]
