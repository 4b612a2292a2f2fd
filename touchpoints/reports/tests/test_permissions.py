"""Who may use the report pages, downloads and API (owner, editor, auditor, viewer, outsider,
anonymous), and the share link: it shows that report only, expires, and stops at once when
revoked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from touchpoints.reports import services
from touchpoints.reports.models import Report, ShareLink
from touchpoints.reports.tests.conftest import generate

ROLES = ["owner", "editor", "auditor", "viewer", "outsider", "anonymous"]
ALLOWED = {"read": {"owner", "editor", "auditor", "viewer"}, "edit": {"owner", "editor"}}


def expected(role: str, need: str, api: bool) -> int | str:
    if role == "anonymous":
        return 401 if api else "login"
    if role == "outsider":
        return 404
    return "ok" if role in ALLOWED[need] else 403


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


@pytest.mark.parametrize("role", ROLES)
def test_pages_and_api(world: Any, ready: Report, role: str, settings: Any) -> None:
    # Reports asked for here are only queued: what is checked is who may ask.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = Client() if role == "anonymous" else world.client(role)
    r = ready.pk
    link = ShareLink.objects.create(
        report=ready, prefix="p", token_hash="0" * 64, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    cases = [
        ("get", "/w/{slug}/reports/", "read", None, False),
        ("get", f"/w/{{slug}}/reports/{r}/", "read", None, False),
        ("get", f"/w/{{slug}}/reports/{r}/document/", "read", None, False),
        ("get", f"/w/{{slug}}/reports/{r}/download.pdf", "read", None, False),
        ("get", f"/w/{{slug}}/reports/{r}/download.xlsx", "read", None, False),
        ("get", f"/w/{{slug}}/reports/{r}/download.json", "read", None, False),
        ("post", "/w/{slug}/reports/", "edit", {"language": "es"}, False),
        ("post", f"/w/{{slug}}/reports/{r}/share/", "edit", {"days": "3"}, False),
        ("post", f"/w/{{slug}}/reports/{r}/share/{link.pk}/revoke/", "edit", None, False),
        ("get", "/api/v1/workspaces/{slug}/reports", "read", None, True),
        ("get", f"/api/v1/workspaces/{{slug}}/reports/{r}", "read", None, True),
        ("post", "/api/v1/workspaces/{slug}/reports", "edit", {"language": "ru"}, True),
        ("post", f"/w/{{slug}}/reports/{r}/delete/", "edit", None, False),
    ]
    for method, url, need, data, api in cases:
        url = url.format(slug=world.slug)
        counts = (Report.objects.count(), ShareLink.objects.count(), ShareLink.objects.filter(revoked_at=None).count())
        if api:
            response = getattr(client, method)(
                url, data=json.dumps(data) if data else None, content_type="application/json"
            )
        else:
            response = client.get(url) if method == "get" else client.post(url, data or {})
        want = expected(role, need, api)
        if want == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (url, role)
        elif want == "ok":
            assert response.status_code in (200, 202, 302), (url, role, response.status_code)
        else:
            assert response.status_code == want, (url, role, response.status_code)
        if want != "ok":
            assert counts == (
                Report.objects.count(),
                ShareLink.objects.count(),
                ShareLink.objects.filter(revoked_at=None).count(),
            ), (url, role)


def test_a_share_link_shows_that_report_only_and_revoking_works_at_once(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.inventory.services import touchpoint_create

    touchpoint_create(workspace=world.workspace, name="Shown touchpoint")
    shared = generate(world.workspace, capture=django_capture_on_commit_callbacks)
    touchpoint_create(workspace=world.workspace, name="Added after the report")
    other = generate(world.workspace, "es", capture=django_capture_on_commit_callbacks)
    link, raw = services.share_create(report=shared, days=7, created_by=world.users["owner"])
    assert raw not in link.token_hash
    anonymous = Client()
    page = anonymous.get(f"/r/{raw}/")
    assert page.status_code == 200 and shared.title in page.content.decode()
    doc = b"".join(anonymous.get(f"/r/{raw}/document/").streaming_content).decode()
    assert "Shown touchpoint" in doc and "Added after the report" not in doc
    assert anonymous.get(f"/r/{raw}/document/")["Content-Security-Policy"].startswith("sandbox")
    assert anonymous.get(f"/r/{raw}/download.pdf").status_code == 200
    assert anonymous.get(f"/r/{raw}/download.json").status_code == 404
    # Nothing else of the workspace: not its pages, not the other report.
    assert anonymous.get(f"/w/{world.slug}/reports/{other.pk}/download.pdf").status_code == 302
    assert anonymous.get(f"/w/{world.slug}/touchpoints/").status_code == 302
    assert anonymous.get(f"/r/{raw}x/").status_code == 404
    services.share_revoke(link=link)
    for url in (f"/r/{raw}/", f"/r/{raw}/document/", f"/r/{raw}/download.pdf"):
        assert anonymous.get(url).status_code == 404


def test_an_expired_link_shows_nothing(world: Any, ready: Report) -> None:
    link, raw = services.share_create(report=ready, days=1)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(f"/r/{raw}/").status_code == 404


def test_a_deleted_report_takes_its_links_along(world: Any, ready: Report) -> None:
    _link, raw = services.share_create(report=ready, days=1)
    services.report_delete(report=ready)
    assert Client().get(f"/r/{raw}/").status_code == 404


def test_share_lifetime_is_bounded(world: Any, ready: Report) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.share_create(report=ready, days=0)
    with pytest.raises(ValidationError):
        services.share_create(report=ready, days=365)


def test_the_new_link_is_shown_once_to_its_creator(world: Any, ready: Report) -> None:
    client = world.client("editor")
    client.post(f"/w/{world.slug}/reports/{ready.pk}/share/", {"days": "5"})
    first = client.get(f"/w/{world.slug}/reports/{ready.pk}/").content.decode()
    assert "/r/" in first
    second = client.get(f"/w/{world.slug}/reports/{ready.pk}/").content.decode()
    assert 'id="share-url"' not in second
