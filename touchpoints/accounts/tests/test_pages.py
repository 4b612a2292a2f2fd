from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client


def test_signup_login_logout(db: Any, client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"username": "ana", "email": "ana@example.com", "password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"},
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and "Welcome! Create your first workspace." in home.content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert client.login(username="ana", password="a-long-Passw0rd")


def test_signup_errors_are_shown(db: Any, client: Client) -> None:
    User.objects.create_user("bob", "bob@example.com", "x")
    response = client.post(
        "/accounts/signup/",
        {"username": "bob2", "email": "BOB@example.com", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.filter(username="bob2").exists()


def test_password_reset_by_email(db: Any, client: Client) -> None:
    User.objects.create_user("cleo", "cleo@example.com", "old-password-1")
    client.post("/accounts/password/reset/", {"email": "cleo@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", str(mail.outbox[0].body)).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"new_password1": "brand-New-pass-42", "new_password2": "brand-New-pass-42"})
    assert response.status_code == 302
    assert Client().login(username="cleo", password="brand-New-pass-42")


def test_language_choice_is_remembered_on_the_account(world: Any) -> None:
    client = world.client("editor")
    client.post("/accounts/language/", {"language": "ru", "next": "/"})
    fresh = world.client("editor")  # another device: no cookie
    page = fresh.get(f"/w/{world.slug}/touchpoints/")
    assert page.context["LANGUAGE_CODE"] == "ru"
    anonymous = Client()
    anonymous.post("/accounts/language/", {"language": "es"})
    assert anonymous.cookies["django_language"].value == "es"
    assert anonymous.get("/accounts/login/").context["LANGUAGE_CODE"] == "es"


def test_api_tokens_page(world: Any) -> None:
    client = world.client("viewer")
    response = client.post("/accounts/tokens/", {"name": "CI"})
    raw = response.context["raw"]
    assert raw.startswith("tp_")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [w["slug"] for w in api.get("/api/v1/workspaces").json()] == [world.slug]
