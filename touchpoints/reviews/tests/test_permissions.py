"""The permission matrix: every page and endpoint of review requests × every role.

Outsiders get 404 (the workspace is not revealed), anonymous users the login page (pages) or 401
(API), members without the capability 403. Personal data (names, emails, phones) is shown to
editors and owners only — never on viewers' pages or in their exports."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case
from touchpoints.reviews import services
from touchpoints.reviews.models import Campaign, Contact

from .conftest import add_contacts

pytestmark = pytest.mark.django_db

WHO = EVERYONE


@pytest.fixture
def setup(world: Any, campaign: Campaign) -> dict[str, Any]:
    add_contacts(campaign, [["Ana Secret", "ana@example.com", "+34911234567", "es", "", "Doctor", ""]])
    contact = Contact.objects.get()
    services.answer_submit(contact=contact, language="es", liked="Todo bien", improve="", recommend=9)
    return {"c": campaign, "ct": contact}


def _pages(slug: str, pk: int, ct: int) -> list[Case]:
    base = f"/w/{slug}/reviews"
    reads = [
        f"{base}/",
        f"{base}/{pk}/",
        f"{base}/{pk}/answers/",
        f"{base}/{pk}/answers.csv",
        f"{base}/{pk}/answers.xlsx",
    ]
    edits = [
        f"{base}/new/",
        f"{base}/{pk}/edit/",
        f"{base}/{pk}/delete/",
        f"{base}/{pk}/import/",
        f"{base}/{pk}/contacts/",
        f"{base}/{pk}/contacts.csv",
        f"{base}/contacts-template.xlsx",
        f"{base}/messages/",
        f"{base}/messages/sms/ru/",
    ]
    return [
        *(Case("get", url, READ, ok=(200,)) for url in reads),
        *(Case("get", url, EDIT, ok=(200,)) for url in edits),
        Case("post", f"{base}/{pk}/status/", EDIT, {"status": "paused"}, ok=(302,)),
        Case("post", f"{base}/{pk}/send/", EDIT, ok=(302,)),
        Case("post", f"{base}/{pk}/contacts/{ct}/erase/", EDIT, ok=(302,)),
    ]


@pytest.mark.parametrize("who", WHO)
def test_pages(access: AccessMatrix, world: Any, setup: dict[str, Any], who: str) -> None:
    access.check(who, _pages(world.slug, setup["c"].pk, setup["ct"].pk))


@pytest.mark.parametrize("who", WHO)
def test_personal_data_only_for_editors_and_owners(
    access: AccessMatrix, world: Any, setup: dict[str, Any], who: str
) -> None:
    client = access.client(who)
    base = f"/w/{world.slug}/reviews/{setup['c'].pk}"
    for url in (
        f"{base}/answers/",
        f"{base}/answers.csv",
        f"{base}/",
        f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{setup['c'].pk}/answers",
    ):
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode("utf-8", "replace")
        shows = "Ana Secret" in body or "ana@example.com" in body or "+34911234567" in body
        assert shows == (who in ("owner", "editor") and "/answers" in url), (who, url)
        if "Todo bien" not in body and url.endswith("/answers/"):
            raise AssertionError("the anonymous answer itself is visible to every member")


def test_xlsx_export_of_a_viewer_has_no_personal_columns(world: Any, setup: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    for who, has in (("viewer", False), ("editor", True)):
        response = world.client(who).get(f"/w/{world.slug}/reviews/{setup['c'].pk}/answers.xlsx")
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert ("email" in rows[0]) == has and ("ana@example.com" in rows[1]) == has


@pytest.mark.parametrize("who", WHO)
def test_api(access: AccessMatrix, world: Any, setup: dict[str, Any], who: str) -> None:
    base = f"/api/v1/workspaces/{world.slug}/reviews/campaigns"
    pk = setup["c"].pk
    reads = (base, f"{base}/{pk}/funnel", f"{base}/{pk}/answers", f"{base}/{pk}/answer-words")
    cases = [Case("get", url, READ, ok=(200,)) for url in reads]
    contacts = {"contacts": [{"email": "new@example.com"}]}
    access.check(who, [*cases, Case("json", f"{base}/{pk}/contacts", EDIT, contacts, ok=(201,))])


def test_other_workspaces_campaign_is_not_found(world: Any, setup: dict[str, Any]) -> None:
    foreign = services.campaign_create(workspace=world.other, created_by=None, name="Theirs")
    client = world.client("owner")
    assert client.get(f"/w/{world.slug}/reviews/{foreign.pk}/").status_code == 404
    assert client.get(f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{foreign.pk}/funnel").status_code == 404


@pytest.mark.parametrize("who,expected", [("viewer", 403), ("auditor", 403), ("outsider", 404), ("editor", 302)])
def test_posts_that_change_things(world: Any, setup: dict[str, Any], who: str, expected: int) -> None:
    client = world.client(who)
    base = f"/w/{world.slug}/reviews"
    saved = client.post(f"{base}/messages/sms/en/", {"body": "{{ link }} {{ opt_out_link }}"})
    assert saved.status_code == expected
    edited = client.post(
        f"{base}/{setup['c'].pk}/edit/",
        {"name": "X", "channel": "email", "delay_hours": 1, "max_reminders": 1, "reminder_interval_hours": 5},
    )
    assert edited.status_code == expected
    deleted = client.post(f"{base}/{setup['c'].pk}/delete/")
    assert deleted.status_code == expected
    assert Campaign.objects.filter(pk=setup["c"].pk).exists() == (expected != 302)
