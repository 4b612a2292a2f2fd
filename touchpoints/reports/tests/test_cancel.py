"""A report can be cancelled while it waits or while it is generated, from its page and through
the API, and tried again afterwards; only editors and owners may."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.lib.testing_access import EDIT, AccessMatrix, Case
from touchpoints.reports import choices as c
from touchpoints.reports import services
from touchpoints.reports.models import Report

pytestmark = pytest.mark.django_db


def _report(world: Any, status: str = c.Status.QUEUED) -> Report:
    now = timezone.now()
    running = status == c.Status.RUNNING
    return Report.objects.create(
        workspace=world.workspace,
        title="Weekly",
        status=status,
        started_at=now if running else None,
        heartbeat_at=now if running else None,
    )


def _api(world: Any, who: str) -> Client:
    from touchpoints.accounts.services import api_token_create

    if who == "anonymous":
        return Client()
    created = api_token_create(user=world.users[who], name="tests")
    raw = created[1] if isinstance(created, tuple) else created
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _api_url(world: Any, report: Report, action: str) -> str:
    return f"/api/v1/workspaces/{world.slug}/reports/{report.pk}/{action}"


def test_a_queued_report_is_cancelled_from_its_page_and_tried_again(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = _report(world)
    client = world.client("editor")
    page = client.get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    assert 'id="cancel"' in page
    response = client.post(f"/w/{world.slug}/reports/{report.pk}/cancel/", follow=True)
    report.refresh_from_db()
    assert report.status == c.Status.CANCELLED
    page = response.content.decode()
    assert "The report was cancelled." in page and 'id="retry"' in page and 'http-equiv="refresh"' not in page
    assert services.report_generate(report_id=report.pk) == "skipped"  # a late worker does nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/w/{world.slug}/reports/{report.pk}/retry/")
    report.refresh_from_db()
    assert report.status == c.Status.DONE and report.pdf


def test_a_report_being_generated_stops_at_its_next_step(world: Any) -> None:
    report = _report(world)
    Report.objects.filter(pk=report.pk).update(cancel_requested=True)  # asked while it was running
    assert services.report_generate(report_id=report.pk) == "cancelled"
    report.refresh_from_db()
    assert report.status == c.Status.CANCELLED and not report.pdf and not report.cancel_requested


def test_cancelling_a_running_report_asks_it_to_stop(world: Any) -> None:
    report = _report(world, c.Status.RUNNING)
    response = _api(world, "editor").post(_api_url(world, report, "cancel"))
    assert response.status_code == 200 and response.json()["status"] == "running"
    report.refresh_from_db()
    assert report.cancel_requested
    page = world.client("editor").get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    assert "data-cancelling" in page and 'id="cancel"' not in page


def test_the_api_cancels_and_retries(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    report = _report(world)
    client = _api(world, "owner")
    response = client.post(_api_url(world, report, "cancel"))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client.post(_api_url(world, report, "cancel")).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_api_url(world, report, "retry"))
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.status == c.Status.DONE
    response = client.post(_api_url(world, report, "retry"))
    assert response.status_code == 409 and "failed or cancelled" in response.json()["detail"]


@pytest.mark.parametrize(
    "who, expected",
    [("owner", 200), ("editor", 200), ("auditor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)],
)
@pytest.mark.parametrize("action", ["cancel", "retry"])
def test_permissions(access: AccessMatrix, world: Any, who: str, expected: int, action: str) -> None:
    report = _report(world, c.Status.QUEUED if action == "cancel" else c.Status.FAILED)
    response = _api(world, who).post(_api_url(world, report, action))
    assert response.status_code == expected, response.content
    report.refresh_from_db()
    assert (report.status != (c.Status.QUEUED if action == "cancel" else c.Status.FAILED)) == (expected == 200)
    # the page: editors and owners are sent back to the report, members refused with 403, outsiders
    # 404, anonymous visitors to the login page
    access.check(who, [Case("post", f"/w/{world.slug}/reports/{report.pk}/{action}/", EDIT, ok=(302,))])


def test_viewers_see_no_cancel(world: Any) -> None:
    report = _report(world)
    assert 'id="cancel"' not in world.client("viewer").get(f"/w/{world.slug}/reports/{report.pk}/").content.decode()
    assert world.client("viewer").post(f"/w/{world.slug}/reports/{report.pk}/cancel/").status_code == 403
    report.refresh_from_db()
    assert report.status == c.Status.QUEUED
