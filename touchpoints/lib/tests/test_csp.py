"""The Content-Security-Policy and the HTTPS settings: every page sends a policy that lets no
inline or injected script run, and no template relies on one (inline handlers or scripts)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
def test_every_page_sends_a_policy_without_inline_scripts_or_eval(world: Any) -> None:
    client = world.client("editor")
    for url in (
        reverse("accounts:login"),
        reverse("journeys:list", kwargs={"slug": world.slug}),
        reverse("inventory:list", kwargs={"slug": world.slug}),
        reverse("analytics:home", kwargs={"slug": world.slug}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        scripts = policy["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert set(policy["img-src"]) <= {"'self'", "data:", "blob:"}


def test_templates_have_no_inline_handlers_or_scripts() -> None:
    assert len(TEMPLATES) > 50
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs and "csp_nonce" not in attrs:
                found.append(f"{path.name}: inline <script>")
        for match in re.finditer(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", text):
            found.append(f"{path.name}: {match.group(1)}=")
    assert not found, found


def test_the_htmx_config_allows_no_eval() -> None:
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert '"allowEval": false' in base


@pytest.mark.parametrize(
    "env, hsts, redirect",
    [
        ({}, 0, False),
        ({"PRODUCTION": "1", "SECRET_KEY": "x" * 50}, 31536000, False),
        ({"SECURE_HSTS_SECONDS": "600", "SECURE_SSL_REDIRECT": "1"}, 600, True),
    ],
)
def test_https_settings_come_from_the_environment(
    monkeypatch: Any, env: dict[str, str], hsts: int, redirect: bool
) -> None:
    import importlib

    import touchpoints.settings as module

    for name in ("PRODUCTION", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        fresh = importlib.reload(module)
        assert fresh.SECURE_HSTS_SECONDS == hsts and fresh.SECURE_SSL_REDIRECT is redirect
        assert fresh.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    finally:
        monkeypatch.undo()
        importlib.reload(module)
