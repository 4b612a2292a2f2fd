"""A history of changes (who changed what and when), on django-auditlog.

One line per model::

    from touchpoints.lib.history import track

    track(Touchpoint, workspace=lambda tp: tp.workspace_id)
    track(Presence, workspace=lambda p: p.touchpoint.workspace_id, subject=lambda p: p.touchpoint)

``workspace`` gives the id of the workspace the object belongs to (stored with every entry, so the
workspace history page filters on an indexed column); ``subject`` (optional) gives the object whose
page shows the change — a presence belongs on its touchpoint's page, a step on its journey's, an
answer on its audit's; by default the object itself. ``exclude`` names fields not worth a line
(computed caches, timestamps).

Another app registers its models the same way, from its app config's ``ready()``::

    def ready(self) -> None:
        super().ready()
        from touchpoints.lib.history import track
        from touchpoints.priorities.models import Priority

        track(Priority, workspace=lambda p: p.workspace_id)

and shows the panel on its object's page with ``{% load history_tags %}{% object_history obj %}``.
Entries are written by the model signals in the same transaction as the change; ``QuerySet.update``
and bulk operations bypass them (as they bypass ``save``).

A deletion is one line for what was deleted, not one for each part that went with it: a tracked
object deleted by the cascade of another tracked model's deletion (a touchpoint's presences, its
audit answers and its steps in journeys; a journey's steps; a brand's audits) writes none — Django
tells each deleted object the ``origin`` of its deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import pre_delete

_request: ContextVar[Any] = ContextVar("touchpoints_history_request", default=None)


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    workspace: Callable[[Any], int | None]
    subject: Callable[[Any], models.Model] | None
    counted_from_one: frozenset[str] = frozenset()  # stored from 0, shown from 1 (a step's place)


TRACKED: dict[type[models.Model], Tracked] = {}
ALWAYS_EXCLUDED = ("id", "workspace", "created_at", "updated_at", "created_by")


def track(
    model: type[models.Model],
    *,
    workspace: Callable[[Any], int | None],
    subject: Callable[[Any], models.Model] | None = None,
    exclude: tuple[str, ...] = (),
    counted_from_one: tuple[str, ...] = (),
) -> None:
    """Keeps a history of ``model``'s creations, changes and deletions (idempotent).
    ``counted_from_one`` names the fields stored from 0 that people count from 1 (a step's
    position: the first step is "1" on the map, so the history says 1 too)."""
    from auditlog.registry import auditlog

    if model in TRACKED:
        return
    TRACKED[model] = Tracked(
        model=model, workspace=workspace, subject=subject, counted_from_one=frozenset(counted_from_one)
    )
    skipped = {*ALWAYS_EXCLUDED, *exclude}
    auditlog.register(model, include_fields=[f.name for f in model._meta.concrete_fields if f.name not in skipped])
    pre_delete.connect(_mark_part, sender=model, dispatch_uid=f"touchpoints-history-part-{model._meta.label}")
    _connect()


def tracked_models() -> list[type[models.Model]]:
    return list(TRACKED)


def _scope(sender: Any, instance: Any, log_entry: Any = None, **kwargs: Any) -> None:
    """After auditlog wrote an entry: the workspace and the page the change belongs to."""
    spec = TRACKED.get(type(instance))
    if spec is None or log_entry is None:
        return
    from django.contrib.contenttypes.models import ContentType

    from touchpoints.history.models import HistoryScope

    workspace_id = spec.workspace(instance)
    if workspace_id is None:
        return
    subject = spec.subject(instance) if spec.subject else instance
    HistoryScope.objects.create(
        entry=log_entry,
        workspace_id=workspace_id,
        timestamp=log_entry.timestamp,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    )


def _mark_part(sender: Any, instance: Any, origin: Any = None, **kwargs: Any) -> None:
    """Before a deletion: an object deleted because an object of another tracked model was (the
    cascade) is a part of that deletion, which has its own line. The parts of an untracked whole
    keep theirs: they are the only record of what went."""
    whole = getattr(origin, "model", type(origin)) if origin is not None else sender
    if whole is not sender and whole in TRACKED:
        instance._history_part = True


def _skip_parts(sender: Any, instance: Any, action: Any, **kwargs: Any) -> bool | None:
    """Before auditlog writes an entry: no line for a part deleted with a larger whole."""
    from auditlog.models import LogEntry

    if action == LogEntry.Action.DELETE and getattr(instance, "_history_part", False):
        return False
    return None


def _actor(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The actor is whoever the request authenticated, read when the entry is written: a bearer
    token authenticates inside the API view, after any middleware has run."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if instance.actor_id is None and user is not None and user.is_authenticated:
        instance.actor = user
        instance.actor_email = getattr(user, "email", None) or None


_connected = False


def _connect() -> None:
    global _connected
    if _connected:
        return
    from auditlog.models import LogEntry
    from auditlog.signals import post_log, pre_log
    from django.db.models.signals import pre_save

    pre_log.connect(_skip_parts, dispatch_uid="touchpoints-history-parts")
    post_log.connect(_scope, dispatch_uid="touchpoints-history-scope")
    pre_save.connect(_actor, sender=LogEntry, dispatch_uid="touchpoints-history-actor")
    _connected = True


class HistoryMiddleware:
    """Makes the current request known to the history (for the actor of each entry)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
