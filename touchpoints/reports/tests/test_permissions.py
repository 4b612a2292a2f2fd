"""Who may use the report pages, downloads and API (owner, editor, auditor, viewer, outsider,
anonymous), and the share link: it shows that report only, expires, and stops at once when
revoked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import FileResponse
from django.test import Client
from django.utils import timezone

from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case, reads
from touchpoints.reports import services
from touchpoints.reports.models import Report, ShareLink
from touchpoints.reports.tests.conftest import generate

ROLES = EVERYONE


@pytest.fixture
def ready(world: Any) -> Report:
    """A finished report with small stand-in files: who may read it does not depend on its content
    (generation itself is tested in test_report.py)."""
    from django.core.files.base import ContentFile

    report = Report.objects.create(
        workspace=world.workspace, title="Ready", status="done", as_of=timezone.now(), pages=1
    )
    for field, body in (
        ("html", b"<html><body>Ready</body></html>"),
        ("pdf", b"%PDF-1.7 stand-in"),
        ("xlsx", b"PK stand-in"),
        ("data", b"{}"),
    ):
        getattr(report, field).save(f"r.{field}", ContentFile(body), save=False)
    report.save()
    return report


def _reports_and_links() -> tuple[int, int, int]:
    return Report.objects.count(), ShareLink.objects.count(), ShareLink.objects.filter(revoked_at=None).count()


@pytest.mark.parametrize("role", ROLES)
def test_pages_and_api(access: AccessMatrix, ready: Report, role: str, settings: Any) -> None:
    # Reports asked for here are only queued: what is checked is who may ask.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    r = ready.pk
    link = ShareLink.objects.create(
        report=ready, prefix="p", token_hash="0" * 64, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    cases = [
        Case("get", "/w/{slug}/reports/", READ),
        *reads(
            f"/w/{{slug}}/reports/{r}/{p}" for p in ("", "document/", "download.pdf", "download.xlsx", "download.json")
        ),
        Case("post", "/w/{slug}/reports/", EDIT, {"language": "es"}),
        Case("post", f"/w/{{slug}}/reports/{r}/share/", EDIT, {"days": "3"}),
        Case("post", f"/w/{{slug}}/reports/{r}/share/{link.pk}/revoke/", EDIT),
        Case("get", "/api/v1/workspaces/{slug}/reports", READ),
        Case("get", f"/api/v1/workspaces/{{slug}}/reports/{r}", READ),
        *reads(f"/api/v1/workspaces/{{slug}}/reports/{r}/download.{fmt}" for fmt in ("pdf", "xlsx", "json")),
        Case("json", "/api/v1/workspaces/{slug}/reports", EDIT, {"language": "ru"}),
        Case("post", f"/w/{{slug}}/reports/{r}/delete/", EDIT),
    ]
    access.check(role, cases, ok=(200, 202, 302), unchanged=_reports_and_links)


def test_a_share_link_shows_that_report_only_and_revoking_works_at_once(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.inventory.services import touchpoint_create

    touchpoint_create(workspace=world.workspace, name="Shown touchpoint")
    shared = generate(world.workspace, capture=django_capture_on_commit_callbacks)
    touchpoint_create(workspace=world.workspace, name="Added after the report")
    other = generate(world.workspace, "es", capture=django_capture_on_commit_callbacks)
    link, raw = services.report_share(report=shared, days=7, created_by=world.users["owner"])
    assert raw not in link.token_hash
    anonymous = Client()
    page = anonymous.get(f"/r/{raw}/")
    assert page.status_code == 200 and shared.title in page.content.decode()
    document = anonymous.get(f"/r/{raw}/document/")
    assert isinstance(document, FileResponse)
    doc = b"".join(document.streaming_content).decode()
    assert "Shown touchpoint" in doc and "Added after the report" not in doc
    assert anonymous.get(f"/r/{raw}/document/")["Content-Security-Policy"].startswith("sandbox")
    assert anonymous.get(f"/r/{raw}/download.pdf").status_code == 200
    assert anonymous.get(f"/r/{raw}/download.json").status_code == 404
    # Nothing else of the workspace: not its pages, not the other report.
    assert anonymous.get(f"/w/{world.slug}/reports/{other.pk}/download.pdf").status_code == 302
    assert anonymous.get(f"/w/{world.slug}/touchpoints/").status_code == 302
    assert anonymous.get(f"/r/{raw}x/").status_code == 404
    services.report_share_revoke(link=link)
    for url in (f"/r/{raw}/", f"/r/{raw}/document/", f"/r/{raw}/download.pdf"):
        assert anonymous.get(url).status_code == 404


def test_an_expired_link_shows_nothing(world: Any, ready: Report) -> None:
    link, raw = services.report_share(report=ready, days=1)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(f"/r/{raw}/").status_code == 404


def test_a_deleted_report_takes_its_links_along(world: Any, ready: Report) -> None:
    _link, raw = services.report_share(report=ready, days=1)
    services.report_delete(report=ready)
    assert Client().get(f"/r/{raw}/").status_code == 404


def test_share_lifetime_is_bounded(world: Any, ready: Report) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_share(report=ready, days=0)
    with pytest.raises(ValidationError):
        services.report_share(report=ready, days=365)


def test_the_new_link_is_shown_once_to_its_creator(world: Any, ready: Report) -> None:
    client = world.client("editor")
    client.post(f"/w/{world.slug}/reports/{ready.pk}/share/", {"days": "5"})
    first = client.get(f"/w/{world.slug}/reports/{ready.pk}/").content.decode()
    assert "/r/" in first
    second = client.get(f"/w/{world.slug}/reports/{ready.pk}/").content.decode()
    assert 'id="share-url"' not in second


def test_an_api_client_downloads_every_listed_file_with_its_token(world: Any, ready: Report) -> None:
    """The report's ``downloads`` used to be page URLs, which answer a token with the login page."""
    from touchpoints.accounts.services import api_token_create

    _token, raw = api_token_create(user=world.users["viewer"], name="ci")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    listed = client.get(f"/api/v1/workspaces/{world.slug}/reports/{ready.pk}").json()["downloads"]
    assert set(listed) == {"html", "pdf", "xlsx", "json"}
    for fmt, url in listed.items():
        response = client.get(url)
        assert response.status_code == 200, (fmt, url, response.status_code)
        assert isinstance(response, FileResponse)
        assert response["Content-Disposition"].startswith("attachment")
    assert client.get(listed["pdf"]).getvalue().startswith(b"%PDF")


def test_an_api_download_of_a_report_not_ready_or_of_an_unknown_format_is_a_json_404(world: Any, ready: Report) -> None:
    from touchpoints.accounts.services import api_token_create

    _token, raw = api_token_create(user=world.users["owner"], name="ci")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    queued = Report.objects.create(workspace=world.workspace, title="Queued")
    base = f"/api/v1/workspaces/{world.slug}/reports"
    for url in (f"{base}/{queued.pk}/download.pdf", f"{base}/{ready.pk}/download.exe"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
