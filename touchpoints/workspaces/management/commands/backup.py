"""``touchpoints backup PATH``: the database, media files and kept analytics logs in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from touchpoints.lib import backups


def file_roots() -> dict[str, Path]:
    """Directories kept besides the media files."""
    return {"analytics": Path(getattr(settings, "ANALYTICS_DATA_DIR", None) or Path(settings.VAR_DIR) / "analytics")}


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
        try:
            manifest = backups.backup(
                Path(options["path"]),
                db=db,
                media_root=Path(settings.MEDIA_ROOT),
                extra=file_roots(),
                version=version(),
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = sum(manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['engine']}: {len(manifest['tables'])} tables, {rows} rows, {files} files "
                f"→ {options['path']}"
            )
        )
