"""``touchpoints restore PATH [--force]``: puts a backup back, then checks every table's rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from touchpoints.lib import backups
from touchpoints.workspaces.management.commands.backup import run_job


class Command(BaseCommand):
    help = "Restore a backup made by `touchpoints backup` (refuses a database that holds data without --force)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="Archive written by `touchpoints backup`")
        parser.add_argument("--force", action="store_true", help="Overwrite a database that holds data")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        db = dict(connection.settings_dict)
        connection.close()  # the restore writes through its own connection
        report = run_job(backups.restore, options["path"], db, force=options["force"])
        if report.missing:
            detail = ", ".join(
                f"{t}: {want} expected, {got} found" for t, (want, got) in sorted(report.missing.items())
            )
            raise CommandError(f"Restored, but rows differ from the backup: {detail}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {report.manifest['created_at']}: {len(report.counts)} tables, "
                f"{sum(report.counts.values())} rows (every table as backed up), {report.files} files."
            )
        )
