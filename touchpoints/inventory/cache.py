"""What the inventory computes over a whole workspace (coverage counts, the parent picker), kept in
the cache under the workspace's *inventory version*.

The version is a random token in the cache, replaced on every write that can change what those
computations return (at once and after the commit, see :func:`bump`): the inventory's write services and import call :func:`bump`, and
saves and deletes of touchpoints, brands and segments (admin, library, cascades) bump through the
signals connected in ``apps.py``. A new token makes every entry of the old one unreachable (they
then expire), so no entry is ever deleted one by one.

Keys carry the workspace's id and creation time, so a workspace made later with the same id (a
test database) never meets another's entries, and a token drawn when the server process starts,
so a new release (new templates, new translations, new classes) never reads what an older one
stored; each process of a server started without ``--preload`` fills the cache once for itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

from touchpoints.workspaces.models import Workspace

_PROCESS = uuid.uuid4().hex[:12]

# Entries expire after this long even without a write: a bound on anything missed.
TIMEOUT = 3600


def _version_key(workspace_id: int) -> str:
    return f"inventory:{workspace_id}:version"


def version(workspace: Workspace) -> str:
    """The workspace's current inventory version (made on first use)."""
    key = _version_key(workspace.pk)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return f"{_PROCESS}:{workspace.pk}:{workspace.created_at.timestamp()}:{token}"


class _Bump:
    """The on-commit callback of one workspace (one per transaction, however many rows changed)."""

    def __init__(self, workspace_id: int) -> None:
        self.workspace_id = workspace_id

    def __call__(self) -> None:
        cache.set(_version_key(self.workspace_id), uuid.uuid4().hex, None)


def bump(workspace_id: int | None) -> None:
    """Makes the cached inventory data of this workspace stale: at once, and again when the current
    transaction commits (what another request cached in between, read before the commit, is then
    dropped too). The one at once also serves code that runs inside a transaction that commits
    later than it reads (tests)."""
    if workspace_id is None:
        return
    _Bump(workspace_id)()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        isinstance(func, _Bump) and func.workspace_id == workspace_id
        for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_Bump(workspace_id))


def cached(workspace: Workspace, computations: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each ``computations[name]()``, or what it returned for this workspace at the same version
    (two cache round trips for them all when everything is cached)."""
    current = version(workspace)
    keys = {name: f"inventory:{name}:{current}" for name in computations}
    found = cache.get_many(list(keys.values()))
    values: dict[str, Any] = {}
    for name, compute in computations.items():
        if keys[name] in found:
            values[name] = found[keys[name]]
        else:
            values[name] = compute()
            cache.set(keys[name], values[name], TIMEOUT)
    return values


def on_saved_or_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Signal receiver for touchpoints, brands and segments (all carry ``workspace_id``)."""
    bump(getattr(instance, "workspace_id", None))
