"""Invitations without dead ends: the invitee lands on the invitation after logging in or signing
up, sees pending ones on the home page; an owner copies the link, resends or revokes it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from touchpoints.workspaces.models import Invitation, Membership
from touchpoints.workspaces.services import invitation_create, invitation_link


@pytest.fixture
def invitation(world: Any) -> Invitation:
    return invitation_create(
        workspace=world.workspace, email="Newbie@Example.com", role="editor", invited_by=world.users["owner"]
    )


def test_existing_user_logs_in_and_lands_on_the_invitation(world: Any, invitation: Invitation) -> None:
    User.objects.create_user("newbie", "newbie@example.com", "pw-newbie-1234")
    client = Client()
    first = client.get(f"/invite/{invitation.token}/")
    assert first.status_code == 302 and first["Location"].startswith("/accounts/login/?next=")
    login = client.post(
        first["Location"], {"username": "newbie", "password": "pw-newbie-1234", "next": f"/invite/{invitation.token}/"}
    )
    assert login["Location"] == f"/invite/{invitation.token}/"
    page = client.get(login["Location"])
    assert "Join “Clinic”" in page.content.decode()


def test_newcomer_signs_up_and_lands_on_the_invitation(world: Any, invitation: Invitation) -> None:
    client = Client()
    first = client.get(f"/invite/{invitation.token}/")
    assert first["Location"].startswith("/accounts/signup/?next=")
    signup_page = client.get(first["Location"]).content.decode()
    assert f"/accounts/login/?next=/invite/{invitation.token}/" in signup_page.replace("%2F", "/")
    done = client.post(
        first["Location"],
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "a-long-pass-4321",
            "password2": "a-long-pass-4321",
            "next": f"/invite/{invitation.token}/",
        },
    )
    assert done["Location"] == f"/invite/{invitation.token}/"
    # Welcomed on the invitation without being told to create a workspace of their own.
    page = client.get(done["Location"]).content.decode()
    assert "Welcome!" in page and "Create your first workspace" not in page


def test_pending_invitation_shows_on_the_home_page(world: Any, invitation: Invitation) -> None:
    user = User.objects.create_user("newbie", "newbie@example.com", "pw")
    client = Client()
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "Invitations waiting for you" in body and f"/invite/{invitation.token}/" in body
    client.post(f"/invite/{invitation.token}/")
    assert Membership.objects.filter(user=user, workspace=world.workspace, role="editor").exists()
    assert "Invitations waiting for you" not in client.get("/").content.decode()


def test_owner_copies_resends_and_revokes(world: Any, invitation: Invitation) -> None:
    owner = world.client("owner")
    body = owner.get(f"/w/{world.slug}/members/").content.decode()
    assert invitation_link(invitation, site="http://testserver") in body
    mail.outbox.clear()
    url = f"/w/{world.slug}/members/invitations/{invitation.pk}/"
    assert owner.post(url, {"action": "resend"}).status_code == 302
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    owner.post(url, {"action": "revoke"})
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert Client().get(f"/invite/{invitation.token}/").status_code == 404


@pytest.mark.parametrize("who,status", [("editor", 403), ("auditor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_manage_invitations(world: Any, invitation: Invitation, who: str, status: int) -> None:
    url = f"/w/{world.slug}/members/invitations/{invitation.pk}/"
    assert world.client(who).post(url, {"action": "revoke"}).status_code == status
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert Client().post(url, {"action": "revoke"}).status_code == 302  # anonymous: to the login page


def test_invitation_by_mail_then_role_change_but_never_the_last_owner(world: Any) -> None:
    owner = world.client("owner")
    owner.post(f"/w/{world.slug}/members/", {"email": "new@example.com", "role": "auditor"})
    assert len(mail.outbox) == 1
    token = re.search(r"/invite/([^/]+)/", str(mail.outbox[0].body)).group(1)
    newbie = User.objects.create_user("newbie", "new@example.com", "pw")
    client = Client()
    client.force_login(newbie)
    assert client.post(f"/invite/{token}/").status_code == 302
    membership = Membership.objects.get(workspace=world.workspace, user=newbie)
    assert membership.role == "auditor"
    owner.post(f"/w/{world.slug}/members/{membership.pk}/", {"role": "editor"})
    membership.refresh_from_db()
    assert membership.role == "editor"
    # The last owner cannot be demoted.
    own = Membership.objects.get(workspace=world.workspace, user=world.users["owner"])
    owner.post(f"/w/{world.slug}/members/{own.pk}/", {"role": "viewer"})
    own.refresh_from_db()
    assert own.role == "owner"


def test_the_links_use_the_address_the_inviter_uses(world: Any, invitation: Invitation, settings: Any) -> None:
    """The copied link was built from SITE_URL (http://127.0.0.1:8000 unless configured): it
    pointed to another host than the one the owner (and so the invitee) reaches the site on."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["touchpoints.example.org"]
    owner = world.client("owner")
    host = {"HTTP_HOST": "touchpoints.example.org", "secure": True}
    body = owner.get(f"/w/{world.slug}/members/", **host).content.decode()
    assert f'value="https://touchpoints.example.org/invite/{invitation.token}/"' in body
    assert "127.0.0.1:8000" not in body
    mail.outbox.clear()
    owner.post(f"/w/{world.slug}/members/", {"email": "new@example.com", "role": "viewer"}, **host)
    owner.post(f"/w/{world.slug}/members/invitations/{invitation.pk}/", {"action": "resend"}, **host)
    assert len(mail.outbox) == 2
    assert all("https://touchpoints.example.org/invite/" in str(m.body) for m in mail.outbox)


def test_the_sign_up_form_starts_with_the_invited_address(world: Any, invitation: Invitation) -> None:
    client = Client()
    first = client.get(f"/invite/{invitation.token}/")
    page = client.get(first["Location"]).content.decode()
    assert re.search(r'<input[^>]*name="email"[^>]*value="newbie@example.com"', page)
    assert 'name="email"' in page and "readonly" not in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
