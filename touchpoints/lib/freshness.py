"""A version number per workspace, bumped whenever something in it is written, so that pages built
from many reads (the workspace home) can keep what they built in the cache under that version and
rebuild it only after a change.

Where the version is bumped — one place per way in:

* every write request to a workspace's pages (``/w/<slug>/…``) or API (``/api/v1/workspaces/<slug>/…``)
  bumps it when the response is sent (:class:`WorkspaceWritesMiddleware`), after the view's
  transaction has committed: a new write service called from a view needs nothing more;
* writes that come from elsewhere call :func:`workspace_touched` themselves: a customer's answer
  through a public survey link, an analysis finished by the background worker, a report built by it.

A cached entry also expires after :data:`TTL` seconds, so a write that reaches the database in a
way not listed above (a restore from backup, a shell) is seen after a few minutes at the latest.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TTL = 600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
WORKSPACE_PATH = re.compile(r"^/(?:w|api/v1/workspaces)/(?P<slug>[^/]+)/")


def _key(workspace_id: int) -> str:
    return f"workspace-version:{workspace_id}"


def workspace_version(workspace_id: int) -> int:
    """The workspace's current version. A lost key restarts from the clock, never from a number an
    entry cached before the loss could carry."""
    key = _key(workspace_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return int(version)


def _bump(workspace_id: int) -> None:
    key = _key(workspace_id)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted)
        cache.set(key, time.time_ns(), timeout=None)


def workspace_touched(workspace: Any) -> None:
    """Something the workspace shows has changed (``workspace`` is a Workspace or its id).

    Bumped at once and again when the surrounding transaction commits: a page built between the
    two from data not yet committed is cached under a version nobody asks for any more."""
    workspace_id = int(getattr(workspace, "pk", workspace))
    _bump(workspace_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(workspace_id))


def cached(key: str, workspace_id: int, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under ``key`` for the workspace's current version (``key`` must hold
    everything else the result depends on: language, time zone, day, role)."""
    full_key = f"ws:{workspace_id}:{workspace_version(workspace_id)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=TTL)
    return value


class WorkspaceWritesMiddleware:
    """Bumps the workspace's version after any write request to its pages or its API."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            match = WORKSPACE_PATH.match(request.path_info)
            if match is not None:
                self._touch(request, match.group("slug"))
        return response

    @staticmethod
    def _touch(request: Any, slug: str) -> None:
        access = getattr(request, "access", None)
        if access is not None:  # the view resolved it (its slug may just have changed)
            workspace_touched(access.workspace.pk)
            return
        from touchpoints.workspaces.models import Workspace

        for pk in Workspace.objects.filter(slug=slug).values_list("pk", flat=True):
            workspace_touched(pk)
