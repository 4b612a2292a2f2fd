"""Account safety: guessing is throttled (logins per account and per address, reset mails per
address and per email, invitations, bearer tokens), tokens die with a password change, expire
and may be read-only, and no message tells whether an id or a username exists elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from touchpoints.accounts.models import ApiToken
from touchpoints.accounts.services import api_token_create
from touchpoints.audits.models import Criterion
from touchpoints.audits.services import criteria_sync
from touchpoints.inventory.services import touchpoint_create

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_sixty_wrong_passwords_then_the_right_one_is_refused(world: Any) -> None:
    client = Client()
    for _ in range(60):
        assert login(client, "editor", "wrong").status_code == 200
    response = login(client, "editor", "pw-" + "editor" * 2)
    assert response.status_code == 200 and not logged_in(client)
    text = response.content.decode()
    assert re.search(r"Too many attempts\. Try again in \d+ minutes?\.", text), text[-3000:]


def test_the_account_limit_holds_from_another_address(world: Any, settings: Any) -> None:
    client = Client()
    for i in range(10):
        login(client, "editor", "wrong", ip=f"10.0.1.{i}")
    assert "Too many attempts" in login(client, "editor", "pw-" + "editor" * 2, ip="10.9.9.9").content.decode()
    assert not logged_in(client)
    # Another account is not affected.
    login(client, "viewer", "pw-" + "viewer" * 2, ip="10.9.9.9")
    assert logged_in(client)


def test_the_address_limit_holds_across_accounts(world: Any, settings: Any) -> None:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login_address": "5/15m"}
    client = Client()
    for i in range(5):
        login(client, f"nobody{i}", "wrong", ip="10.0.2.1")
    assert "Too many attempts" in login(client, "viewer", "pw-" + "viewer" * 2, ip="10.0.2.1").content.decode()
    login(client, "viewer", "pw-" + "viewer" * 2, ip="10.0.2.2")
    assert logged_in(client)


def test_unknown_and_known_usernames_are_throttled_alike(world: Any) -> None:
    a, b = Client(), Client()
    for _ in range(11):
        ra = login(a, "editor", "wrong", ip="10.0.3.1")
        rb = login(b, "no-such-user", "wrong", ip="10.0.3.2")
    strip = lambda r: re.sub(r'value="[^"]*"|csrfmiddlewaretoken[^>]*|"X-CSRFToken": "[^"]*"', "", r.content.decode())  # noqa: E731

    def same(text: str, name: str) -> str:
        return re.sub(r"in \d+ minutes?", "in N minutes", text.replace(name, "X"))

    assert same(strip(ra), "editor") == same(strip(rb), "no-such-user")


def test_the_admin_login_is_throttled_too(world: Any) -> None:
    User.objects.create_superuser("boss", "boss@example.com", "right-pass-123")
    client = Client()
    for _ in range(10):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.4.1")
    response = client.post("/admin/login/", {"username": "boss", "password": "right-pass-123"}, REMOTE_ADDR="10.0.4.1")
    assert "Too many attempts" in response.content.decode() and not logged_in(client)


def test_reset_mails_are_limited_per_email_and_per_address(world: Any) -> None:
    client = Client()
    for i in range(5):
        response = client.post("/accounts/password/reset/", {"email": "editor@example.com"}, REMOTE_ADDR=f"10.1.0.{i}")
        assert response.status_code == 302
    assert len(mail.outbox) == 3  # the same page each time; no more mail
    mail.outbox.clear()
    for i in range(10):
        client.post("/accounts/password/reset/", {"email": f"x{i}@example.com"}, REMOTE_ADDR="10.1.1.1")
    response = client.post("/accounts/password/reset/", {"email": "viewer@example.com"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200 and "Too many attempts" in response.content.decode()
    assert not mail.outbox


def test_invitations_are_limited(world: Any, settings: Any) -> None:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "invite_user": "2/h"}
    client = world.client("owner")
    url = f"/w/{world.slug}/members/"
    for i in range(2):
        assert client.post(url, {"email": f"new{i}@example.com", "role": "viewer"}).status_code == 302
    response = client.post(url, {"email": "new9@example.com", "role": "viewer"})
    assert response.status_code == 200 and "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 2


def test_bearer_guessing_is_throttled_per_address(world: Any) -> None:
    _token, raw = api_token_create(user=world.users["editor"], name="ci")
    for i in range(30):
        assert (
            Client()
            .get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer tp_guess{i}", REMOTE_ADDR="10.2.0.1")
            .status_code
            == 401
        )
    blocked = Client().get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.2.0.1")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.json()["detail"]
    assert (
        Client().get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.2.0.2").status_code
        == 200
    )


def test_tokens_are_revoked_when_the_password_changes(world: Any) -> None:
    editor = world.users["editor"]
    _t, raw = api_token_create(user=editor, name="a")
    api_token_create(user=world.users["viewer"], name="other")
    client = world.client("editor")
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "pw-" + "editor" * 2,
            "new_password1": "A-new-long-pass-42",
            "new_password2": "A-new-long-pass-42",
        },
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=editor).exists()
    assert ApiToken.objects.filter(user=world.users["viewer"]).count() == 1
    assert Client().get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # A login (last_login saved) keeps the tokens.
    api_token_create(user=editor, name="b")
    assert Client().login(username="editor", password="A-new-long-pass-42")
    assert ApiToken.objects.filter(user=editor).count() == 1


def test_tokens_are_revoked_by_a_password_reset(world: Any) -> None:
    editor = world.users["editor"]
    api_token_create(user=editor, name="a")
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    response = client.get(f"/accounts/password/reset/{uid}/{token}/")
    assert response.status_code == 302
    response = client.post(
        response["Location"], {"new_password1": "Reset-pass-4242", "new_password2": "Reset-pass-4242"}
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=editor).exists()


def test_expired_and_read_only_tokens(world: Any) -> None:
    editor = world.users["editor"]
    token, raw = api_token_create(user=editor, name="old", expires_in_days=7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    _t, ro = api_token_create(user=editor, name="reader", read_only=True)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ro}")
    url = f"/api/v1/workspaces/{world.slug}/touchpoints"
    assert api.get(url).status_code == 200
    response = api.post(url, json.dumps({"name": "New"}), content_type="application/json")
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_the_tokens_page_creates_expiring_read_only_tokens(world: Any) -> None:
    client = world.client("editor")
    response = client.post("/accounts/tokens/", {"name": "dash", "expires_in": "30", "read_only": "on"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.users["editor"], name="dash")
    assert token.read_only and 29 <= (token.expires_at - timezone.now()).days <= 30
    assert "read-only" in client.get("/accounts/tokens/").content.decode()


def test_ids_of_other_workspaces_get_the_not_found_message(world: Any) -> None:
    api = world.client("owner")
    base = f"/api/v1/workspaces/{world.slug}"
    brand = world.workspace.brands.get(is_own=True)
    post = lambda url, body: api.post(url, json.dumps(body), content_type="application/json")  # noqa: E731
    # An account outside the workspace, by id: the same answer as no account, and never its name.
    other = post(f"{base}/audits", {"name": "A", "brand_id": brand.pk, "auditor_ids": [world.users["outsider"].pk]})
    missing = post(f"{base}/audits", {"name": "A", "brand_id": brand.pk, "auditor_ids": [999999]})
    assert other.status_code == missing.status_code == 400
    assert "outsider" not in other.content.decode()
    assert other.json() == json.loads(missing.content.decode().replace("999999", str(world.users["outsider"].pk)))
    # A brand of another workspace, by id.
    foreign_brand = world.other.brands.first()
    other = post(f"{base}/journeys", {"name": "J", "brand_id": foreign_brand.pk})
    missing = post(f"{base}/journeys", {"name": "J", "brand_id": 999999})
    assert other.status_code == missing.status_code == 400 and other.json() == missing.json()
    # A criterion of another workspace, by id.
    criteria_sync(workspace=world.other)
    foreign = Criterion.objects.filter(workspace=world.other).first()
    tp = touchpoint_create(workspace=world.workspace, name="Site")
    url = f"{base}/audits/touchpoints/{tp.pk}/criteria"
    other = api.put(url, json.dumps({"criterion_ids": [foreign.pk]}), content_type="application/json")
    missing = api.put(url, json.dumps({"criterion_ids": [999999]}), content_type="application/json")
    assert other.status_code == missing.status_code == 400
    assert other.content.decode().replace(str(foreign.pk), "N") == missing.content.decode().replace("999999", "N")
