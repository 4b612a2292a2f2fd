"""Named versions per workspace, so that what is built from many reads can be kept in the cache under
the version and rebuilt only after a change. Two names:

* :data:`HOME` — the workspace home (its strip and widgets). Bumped by every write request to the
  workspace's pages (``/w/<slug>/…``) or API (``/api/v1/workspaces/<slug>/…``) when the response is
  sent (:class:`WorkspaceWritesMiddleware`), after the view's transaction has committed, so a new
  write service called from a view needs nothing more; writes that come from elsewhere bump it
  themselves: a customer's answer through a public survey link, an analysis or a report finished by
  the background worker.
* :data:`INVENTORY` — what the inventory computes over a whole workspace (coverage, the parent
  picker, the page's fragments, the list API's answers). Bumped by saves and deletes of touchpoints,
  brands and segments (signals connected in the inventory's ``apps.py``: services, admin, library,
  cascades) and by the inventory's writes that fire no signal (presence rows, the bulk import).

A restore from backup bumps every version of every restored workspace.

:func:`bump` changes the version at once and again when the current transaction commits: what
another request cached in between, read before the commit, is then unreachable too. A version is a
counter in the cache (incremented, so no two writers draw the same one); a lost counter restarts
from the clock, never from a number an entry cached before the loss could carry. Nothing is ever
deleted one by one: entries of an old version expire. Only what a computation returns is cached: an
exception leaves nothing behind.

An entry's key also carries the workspace's creation time, so a workspace made later with the same
id (a test database, a restore) never meets another's entries, and a token drawn when the server
process starts, so a new release (new templates, new translations, new classes) never reads what an
older one stored.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal, Protocol

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

HOME: Literal["home"] = "home"
INVENTORY: Literal["inventory"] = "inventory"
Name = Literal["home", "inventory"]
NAMES: tuple[Name, ...] = (HOME, INVENTORY)
# An entry expires after this long even without a bump: a bound on anything missed.
TIMEOUTS: dict[Name, int] = {HOME: 600, INVENTORY: 3600}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
WORKSPACE_PATH = re.compile(r"^/(?:w|api/v1/workspaces)/(?P<slug>[^/]+)/")

_PROCESS = uuid.uuid4().hex[:12]


class WorkspaceLike(Protocol):
    pk: Any
    created_at: datetime


def _key(workspace_id: int, name: Name) -> str:
    return f"version:{name}:{workspace_id}"


def counter(workspace_id: int, name: Name) -> int:
    """The counter behind the workspace's version ``name`` (made on first use; grows on each bump)."""
    key = _key(workspace_id, name)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return int(value)


def version(workspace: WorkspaceLike, name: Name) -> str:
    """The workspace's current version ``name``, as a prefix for cache keys."""
    return f"{name}:{_PROCESS}:{workspace.pk}:{workspace.created_at.timestamp()}:{counter(workspace.pk, name)}"


def _increment(keys: Iterable[tuple[int, Name]]) -> None:
    for workspace_id, name in keys:
        key = _key(workspace_id, name)
        try:
            cache.incr(key)
        except ValueError:  # not in the cache (never read, or evicted)
            cache.set(key, time.time_ns(), timeout=None)


class Bumps:
    """The versions of one workspace that a transaction changed, bumped again when it commits: one
    callback per workspace and transaction, however many rows it wrote. Only the transaction's list
    of callbacks holds it, so a rollback (which drops the list) drops it too, and the next
    transaction makes another."""

    def __init__(self, workspace_id: int) -> None:
        self.workspace_id = workspace_id
        self.names: set[Name] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _increment((self.workspace_id, name) for name in self.names)


_pending = threading.local()  # .bumps: workspace id → the Bumps of this thread's open transaction


def bump(workspace_id: int | None, *names: Name) -> None:
    """The workspace's versions ``names`` (all when none given) change, at once and at the commit."""
    if workspace_id is None:
        return
    workspace_id = int(workspace_id)
    names = names or NAMES
    _increment((workspace_id, name) for name in names)
    if not transaction.get_connection().in_atomic_block:
        return
    pending = getattr(_pending, "bumps", None)
    if pending is None:
        pending = _pending.bumps = weakref.WeakValueDictionary()
    bumps = pending.get(workspace_id)
    if bumps is None or bumps.done:
        bumps = pending[workspace_id] = Bumps(workspace_id)
        transaction.on_commit(bumps)
    bumps.names.update(names)


def cached(workspace: WorkspaceLike, name: Name, computations: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each ``computations[key]()``, or what it returned for this workspace at the same version
    ``name`` (two cache round trips for them all when everything is cached). A key must hold
    everything else the result depends on (query, language, time zone, day, role)."""
    current = version(workspace, name)
    full = {key: f"{current}:{key}" for key in computations}
    found = cache.get_many(list(full.values()))
    values: dict[str, Any] = {}
    for key, compute in computations.items():
        if full[key] in found:
            values[key] = found[full[key]]
        else:
            values[key] = compute()
            cache.set(full[key], values[key], TIMEOUTS[name])
    return values


class WorkspaceWritesMiddleware:
    """Bumps the workspace's home version after any write request to its pages or its API."""

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
            bump(access.workspace.pk, HOME)
            return
        workspaces = apps.get_model("workspaces", "Workspace")
        for pk in workspaces.objects.filter(slug=slug).values_list("pk", flat=True):
            bump(pk, HOME)
