"""``touchpoints worker``: the database task worker (django_tasks_db's ``db_worker``, same
options) plus the sweep of leased jobs (touchpoints.lib.jobs): every ``JOB_SWEEP_SECONDS`` the
jobs whose process stopped beating are marked failed, whatever app they belong to."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from touchpoints.lib import jobs


class Command(DbWorkerCommand):
    help = "Run background tasks, and mark failed the jobs whose worker died (leases)."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs.sweep()
        sweeper = jobs.sweeper()
        try:
            super().handle(*args, **options)
        finally:
            sweeper.stop.set()  # type: ignore[attr-defined]
