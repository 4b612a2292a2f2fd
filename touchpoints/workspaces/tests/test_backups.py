"""Backups: `touchpoints backup` writes the database, media and kept logs into one archive;
`touchpoints restore` puts them into a fresh database where every row of every table is found."""

from __future__ import annotations

import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from touchpoints.lib import backups
from touchpoints.lib.testing import populate


@pytest.fixture
def filled(world: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ANALYTICS_DATA_DIR = str(tmp_path / "analytics")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("library", "load", verbosity=0)
    return populate(world)


def _model_counts() -> dict[str, int]:
    return {
        m._meta.db_table: m._default_manager.count() for m in apps.get_models() if m._meta.managed and not m._meta.proxy
    }


def _check(report: backups.RestoreReport, expected: dict[str, int]) -> None:
    assert not report.missing
    for table, rows in expected.items():
        assert report.counts[table] == rows, table
    assert sum(report.counts.values()) > 100


def _backup(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    return archive, backups.read_manifest(archive)


def _counted_and_backed_up(tmp_path: Path, vendor: str, reason: str) -> tuple[dict[str, int], Path, dict[str, Any]]:
    """The rows of every model, then a backup of them: in the test pass of ``vendor`` only."""
    if connection.vendor != vendor:
        pytest.skip(reason)
    return _model_counts(), *_backup(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_and_file(filled: Any, tmp_path: Path) -> None:
    expected, archive, manifest = _counted_and_backed_up(
        tmp_path, "sqlite", "the SQLite backup runs in the SQLite pass"
    )
    media_files = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert manifest["engine"] == "sqlite" and manifest["files"]["analytics"] >= 1
    assert manifest["files"]["media"] == len(media_files) >= 1  # evidence, report files
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "db.sqlite3"} <= set(tar.getnames())
    fresh = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "fresh.sqlite3")}
    report = backups.restore(
        archive, db=fresh, media_root=tmp_path / "restored-media", extra={"analytics": tmp_path / "restored-logs"}
    )
    _check(report, expected)
    assert sorted(
        p.relative_to(tmp_path / "restored-media") for p in (tmp_path / "restored-media").rglob("*") if p.is_file()
    ) == sorted(p.relative_to(tmp_path / "media") for p in media_files)
    assert list((tmp_path / "restored-logs").rglob("run-*-stored.csv"))
    # Again: the database now holds data, so only --force overwrites it.
    with pytest.raises(backups.BackupError, match="--force"):
        backups.restore(archive, db=fresh, media_root=tmp_path / "restored-media")
    _check(backups.restore(archive, db=fresh, media_root=tmp_path / "restored-media", force=True), expected)


@pytest.mark.django_db(transaction=True)
def test_restore_command_refuses_a_database_with_data(filled: Any, tmp_path: Path) -> None:
    archive, _manifest = _backup(tmp_path)
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), verbosity=0)


def test_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(backups.BackupError, match="not a Touchpoints backup"):
        backups.read_manifest(bogus)


@pytest.mark.parametrize("where", ["missing-folder/backup.tar.gz", "a-folder"])
@pytest.mark.django_db(transaction=True)
def test_an_archive_path_that_cannot_be_written_is_a_command_error(where: str, settings: Any, tmp_path: Path) -> None:
    """`touchpoints backup` into a folder that does not exist, or onto a folder, used to end in a
    traceback (and leave a .part file behind)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the archive's path")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(CommandError, match="a-folder is a folder|folder .*missing-folder does not exist"):
        call_command("backup", str(tmp_path / where), verbosity=0)
    assert not list(tmp_path.glob("*.part"))


def test_without_pg_dump_the_error_names_the_package(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    db = {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}
    with pytest.raises(backups.BackupError, match="postgresql-client"):
        backups.backup(tmp_path / "b.tar.gz", db=db, media_root=tmp_path)


@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_a_scratch_database(filled: Any, tmp_path: Path) -> None:
    expected, archive, manifest = _counted_and_backed_up(
        tmp_path, "postgresql", "PostgreSQL backups are tested in the PostgreSQL pass (DATABASE_URL=postgres://…)"
    )
    import psycopg

    assert manifest["engine"] == "postgresql" and manifest["database"] == "db.dump"
    source = connection.settings_dict
    scratch = {**source, "NAME": f"restore_scratch_{uuid.uuid4().hex[:10]}"}
    admin = backups._connect({**source, "NAME": "postgres"})
    admin.execute(f'CREATE DATABASE "{scratch["NAME"]}"')
    try:
        report = backups.restore(archive, db=scratch, media_root=tmp_path / "restored-media")
        _check(report, expected)
        with pytest.raises(backups.BackupError, match="--force"):
            backups.restore(archive, db=scratch, media_root=tmp_path / "restored-media")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch["NAME"]}" WITH (FORCE)')
        admin.close()
    assert isinstance(psycopg.__version__, str)


@pytest.mark.django_db(transaction=True)
def test_a_restored_workspace_shows_restored_data_not_cached_data(world: Any, settings: Any, tmp_path: Path) -> None:
    from touchpoints.inventory.services import touchpoint_create

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ANALYTICS_DATA_DIR = str(tmp_path / "analytics")
    touchpoint_create(workspace=world.workspace, name="Backed-up kiosk")
    client = world.client("viewer")  # signed in before the backup: the session is restored too
    url = f"/w/{world.slug}/touchpoints/"
    archive, _manifest = _backup(tmp_path)
    touchpoint_create(workspace=world.workspace, name="Kiosk added after the backup")
    assert "Kiosk added after the backup" in client.get(url).content.decode()  # now in the cache

    call_command("restore", str(archive), "--force", verbosity=0)
    html = client.get(url).content.decode()
    assert "Backed-up kiosk" in html and "Kiosk added after the backup" not in html
