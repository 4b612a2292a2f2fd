"""Shared fixtures: a workspace with an owner, editor, auditor and viewer, and an outsider who
owns another workspace; a CSRF-enforcing client per user; the permission-matrix helper every
app's permission tests use (``access``); the real-browser setup."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import settings as hypothesis_settings

from touchpoints.lib.testing_access import AccessMatrix
from touchpoints.workspaces.models import Membership, Workspace
from touchpoints.workspaces.roles import Role
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create

# Property tests judge what a function returns, not how fast: no per-example deadline (a busy
# machine made them flaky), and a fixed number of examples.
hypothesis_settings.register_profile("touchpoints", deadline=None)
hypothesis_settings.load_profile("touchpoints")

ROLES = ["owner", "editor", "auditor", "viewer", "outsider"]


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Each test starts in the default language, whatever the one before it activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: a workspace of an earlier test may have had the same id
    (the pages cached per workspace version, the throttles' counts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Password hashing is deliberately slow; tests don't need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    workspace: Workspace
    other: Workspace
    users: dict[str, User]

    def client(self, who: str, enforce_csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf)
        client.force_login(self.users[who])
        return client

    @property
    def slug(self) -> str:
        return self.workspace.slug


@pytest.fixture
def world(db: Any) -> World:
    users = {name: User.objects.create_user(name, f"{name}@example.com", "pw-" + name * 2) for name in ROLES}
    ws = workspace_create(name="Clinic", owner=users["owner"], own_brand="Our clinic")
    brand_create(workspace=ws, name="Rival")
    segment_create(workspace=ws, name="Women 35-55", share=60)
    for role in ("editor", "auditor", "viewer"):
        Membership.objects.create(workspace=ws, user=users[role], role=Role(role))
    other = workspace_create(name="Other business", owner=users["outsider"])
    return World(workspace=ws, other=other, users=users)


@pytest.fixture
def access(world: World) -> AccessMatrix:
    """Sends an app's permission cases as each role of the world and asserts what that role must
    get (touchpoints.lib.testing_access)."""
    return AccessMatrix(world)


def _require(var: str, reason: str) -> None:
    if os.environ.get(var) == "1":
        pytest.fail(f"{reason} ({var}=1 requires it)")
    pytest.skip(f"{reason}; install it or set {var}=1 to make this a failure")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright driving Debian's Chromium (never a downloaded browser)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        _require("REQUIRE_BROWSER", "Real-browser tests need Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require("REQUIRE_BROWSER", "Real-browser tests need the playwright package")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "screenshots"))


@pytest.fixture
def pages_within(django_assert_max_num_queries: Any) -> Callable[..., None]:
    """``pages_within(client, limit, *urls)``: each address answers 200 with at most ``limit``
    database queries (a list page's count must not grow with the data)."""

    def check(client: Client, limit: int, *urls: str) -> None:
        for url in urls:
            with django_assert_max_num_queries(limit):
                assert client.get(url).status_code == 200, url

    return check


@pytest.fixture
def screenshot_dir() -> str:
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture
def populated(world: World, settings: Any, tmp_path: Any) -> Any:
    """The world's workspace filled with one of every object the pages and the API address
    (touchpoints.lib.testing.populate); media and kept logs go to a temporary folder."""
    from touchpoints.lib.testing import populate

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ANALYTICS_DATA_DIR = str(tmp_path / "analytics")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return populate(world)
