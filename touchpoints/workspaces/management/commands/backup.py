"""``touchpoints backup PATH``: the database, media files and kept analytics logs in one archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from touchpoints.lib import backups

T = TypeVar("T")


def file_roots() -> dict[str, Path]:
    """Directories kept besides the media files."""
    return {"analytics": Path(getattr(settings, "ANALYTICS_DATA_DIR", None) or Path(settings.VAR_DIR) / "analytics")}


def run_job(job: Callable[..., T], path: str, db: dict[str, Any], **options: Any) -> T:
    """Calls ``job`` (``backups.backup`` or ``backups.restore``) on the archive at ``path`` with the
    media files and the directories kept besides them; a backup error becomes the command's error."""
    try:
        return job(Path(path), db=db, media_root=Path(settings.MEDIA_ROOT), extra=file_roots(), **options)
    except backups.BackupError as exc:
        raise CommandError(str(exc)) from exc


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("touchpoints")
    except PackageNotFoundError:
        return ""


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and the files into one .tar.gz."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="Archive to write, e.g. touchpoints-2026-01-31.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        db = connections[options["database"]].settings_dict
        manifest = run_job(backups.backup, options["path"], db, version=version())
        rows = sum(manifest["tables"].values())
        files = sum(manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['engine']}: {len(manifest['tables'])} tables, {rows} rows, {files} files "
                f"→ {options['path']}"
            )
        )
