"""Leases for background work: a job that stops sending heartbeats is dead, and is marked failed.

A background job (an analysis run, a sending, a report) is a row with a status. When the process
running it dies (killed, out of memory, the machine restarted) nothing would ever move the row out
of "running". With a lease, the process writes ``heartbeat_at`` every few seconds while it works;
a row whose heartbeat is older than ``settings.JOB_LEASE_SECONDS`` is dead, and :func:`expire`
marks it failed with a translated message (so the page stops polling and offers a retry).

How to use it for a new kind of job:

1. The model inherits :class:`LeasedJob` (fields ``heartbeat_at`` and ``cancel_requested``;
   properties ``is_active`` and ``is_ready``) and has a status field (the values "queued",
   "running", "done", "failed", "cancelled", labelled by the app's choices), a ``started_at`` and
   a text field for the error (a migration adds them).
2. Register the kind once (in the app config's ``ready``)::

       jobs.register(jobs.JobKind(model=Sending, running=("running",), failed="failed",
                                  message=lambda: _("The sending stopped: its worker quit.")))

3. Run the job's body inside the lease; call ``job.check()`` between steps (it beats and raises
   :class:`JobCancelled` once someone asked to cancel)::

       with jobs.lease(Sending, pk) as job:
           for batch in batches:
               job.check()
               send(batch)

   While inside, a daemon thread also beats every ``lease / 4`` seconds, so a long step without
   ``check()`` is not mistaken for a dead job; the thread dies with the process, so a killed
   worker stops beating.
4. Readers call ``jobs.expire(kind, queryset)`` before showing jobs (detect on read), and the
   worker (``touchpoints worker``) calls :func:`sweep` every ``JOB_SWEEP_SECONDS``.
5. Cancelling: :func:`request_cancel` sets the flag; a job not yet started can simply be moved to
   its cancelled status by the app.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.models import HasStatus

logger = logging.getLogger(__name__)


def lease_seconds() -> int:
    return int(getattr(settings, "JOB_LEASE_SECONDS", 120))


# A job's status while it waits for a worker, while it runs, and once its result is there.
QUEUED, RUNNING, DONE = "queued", "running", "done"


class LeasedJob(models.Model):
    """Abstract: the two fields a leased job needs, and what its status tells."""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)

    class Meta:
        abstract = True

    @property
    def is_active(self: HasStatus) -> bool:
        """Waiting for a worker or being worked on: its page keeps showing the progress."""
        return self.status in (QUEUED, RUNNING)

    @property
    def is_ready(self: HasStatus) -> bool:
        """Done: its result can be read."""
        return self.status == DONE


class JobCancelled(Exception):
    """Raised by :meth:`Lease.check` once the job was asked to stop."""


@dataclass
class JobKind:
    model: type[models.Model]
    running: tuple[str, ...] = ("running",)
    failed: str = "failed"
    message: Callable[[], str] = lambda: str(_("The work stopped: the process running it quit or stopped responding."))
    status_field: str = "status"
    error_field: str = "error"
    started_field: str = "started_at"
    finished_field: str | None = "finished_at"
    on_expired: Callable[[list[Any]], None] | None = None
    label: str = field(default="")

    def __post_init__(self) -> None:
        self.label = self.label or self.model._meta.label


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.label] = kind
    return kind


def registered(model: type[models.Model], message: Callable[[], str]) -> JobKind:
    """``model``'s kind (status "running" until it ends; "failed" when its worker stopped beating,
    with ``message``), registered on first use."""
    return KINDS.get(model._meta.label) or register(JobKind(model=model, message=message))


def kind_of(model: type[models.Model]) -> JobKind:
    return KINDS[model._meta.label]


def beat(model: type[models.Model], pk: Any) -> bool:
    """Write a heartbeat; returns whether the job was asked to cancel."""
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now())
    return model._default_manager.filter(pk=pk, cancel_requested=True).exists()


class Lease:
    def __init__(self, model: type[models.Model], pk: Any, interval: float) -> None:
        self.model, self.pk, self.interval = model, pk, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> None:
        """Beat, and stop the job (raise :class:`JobCancelled`) if someone asked to cancel it."""
        if beat(self.model, self.pk):
            raise JobCancelled()

    def _beat_forever(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.model._default_manager.filter(pk=self.pk).update(heartbeat_at=timezone.now())
                except Exception:  # noqa: BLE001 — a missed beat is retried; the lease is generous
                    logger.warning("heartbeat of %s %s failed", self.model._meta.label, self.pk, exc_info=True)
        finally:
            connection.close()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._beat_forever, name=f"heartbeat-{self.pk}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


@contextmanager
def lease(
    model: type[models.Model], pk: Any, *, interval: float | None = None, thread: bool | None = None
) -> Iterator[Lease]:
    """Hold the job's lease while the body runs: a first beat now, then a beat every ``interval``
    seconds (default: a quarter of the lease) from a daemon thread. The thread is left out inside
    a transaction (it could not see the row, and would wait on SQLite's lock): then only
    :meth:`Lease.check` beats."""
    held = Lease(model, pk, interval or max(1.0, lease_seconds() / 4))
    beat(model, pk)
    use_thread = (not connection.in_atomic_block) if thread is None else thread
    if use_thread:
        held.start()
    try:
        yield held
    finally:
        held.stop()


def dead_filter(kind: JobKind, now: dt.datetime | None = None) -> Q:
    """Running jobs whose last heartbeat (or start, if none) is older than the lease."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())
    return Q(**{f"{kind.status_field}__in": kind.running}) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, **{f"{kind.started_field}__lt": cutoff})
    )


def is_dead(job: Any, kind: JobKind | None = None, now: dt.datetime | None = None) -> bool:
    kind = kind or kind_of(type(job))
    if getattr(job, kind.status_field) not in kind.running:
        return False
    last = job.heartbeat_at or getattr(job, kind.started_field)
    return last is not None and last < (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())


def expire(kind: JobKind, queryset: QuerySet[Any] | None = None) -> int:
    """Mark the dead jobs (of ``queryset``, default all of the kind) failed with the kind's
    message; returns how many. One cheap query when none is dead."""
    qs = (queryset if queryset is not None else kind.model._default_manager.all()).filter(dead_filter(kind))
    pks = list(qs.values_list("pk", flat=True)[:1000])
    if not pks:
        return 0
    now = timezone.now()
    values: dict[str, Any] = {kind.status_field: kind.failed, kind.error_field: str(kind.message())}
    if kind.finished_field:
        values[kind.finished_field] = now
    # Only rows still dead at this moment (a late heartbeat wins).
    count = kind.model._default_manager.filter(dead_filter(kind, now), pk__in=pks).update(**values)
    if count and kind.on_expired:
        kind.on_expired(pks)
    if count:
        logger.warning("marked %s %s job(s) failed: no heartbeat for %s s", count, kind.label, lease_seconds())
    return count


def sweep() -> dict[str, int]:
    """Expire the dead jobs of every registered kind (the worker calls this periodically)."""
    out = {}
    for label, kind in KINDS.items():
        try:
            out[label] = expire(kind)
        except Exception:  # noqa: BLE001 — one broken kind must not stop the sweep of the others
            logger.exception("sweep of %s failed", label)
    return out


def request_cancel(model: type[models.Model], pk: Any) -> None:
    model._default_manager.filter(pk=pk).update(cancel_requested=True)


def sweeper(interval: float | None = None) -> threading.Thread:
    """A daemon thread that calls :func:`sweep` every ``JOB_SWEEP_SECONDS`` (the worker starts it)."""
    every = interval or float(getattr(settings, "JOB_SWEEP_SECONDS", 30))
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            close_old_connections()
            sweep()

    thread = threading.Thread(target=loop, name="job-sweeper", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
