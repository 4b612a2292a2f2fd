"""Backups: one ``.tar.gz`` holding the database, the media files (evidence), the kept analytics
logs and a manifest (format, application version, date, engine, rows per table).

- SQLite: the online backup API (``sqlite3.Connection.backup``), consistent while the app runs.
- PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore`` (Debian/Ubuntu package
  ``postgresql-client``, same major version as the server or newer).

A restore refuses a database that already holds accounts or workspaces unless ``force`` is given,
compares the rows of every table with the manifest afterwards, and bumps every version of every
restored workspace (``lib/freshness.py``): nothing cached before the restore shows after it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from touchpoints.lib import freshness

FORMAT = 1
MANIFEST = "manifest.json"
DATA_TABLES = ("auth_user", "workspaces_workspace")  # rows here: the database holds someone's data


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    counts: dict[str, int]
    missing: dict[str, tuple[int, int]] = field(default_factory=dict)  # table → (expected, found)
    files: int = 0


def _vendor(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools "
            f"(Debian/Ubuntu package postgresql-client, the server's major version or newer)."
        )
    return path


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


# ---- reading a database without Django (the target of a restore is not Django's connection) -----


def _connect(db: dict[str, Any]) -> Any:
    if _vendor(db) == "sqlite":
        name = str(db["NAME"])
        return sqlite3.connect(name, uri=name.startswith("file:"))
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _tables(conn: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return sorted(row[0] for row in conn.execute(sql).fetchall())


def table_counts(db: dict[str, Any], conn: Any = None) -> dict[str, int]:
    """Rows per table of a database."""
    vendor = _vendor(db)
    own = conn is None
    conn = conn or _connect(db)
    try:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in _tables(conn, vendor)}
    finally:
        if own:
            conn.close()


def holds_data(db: dict[str, Any]) -> bool:
    counts = table_counts(db)
    return any(counts.get(t, 0) for t in DATA_TABLES)


# ---- backup ----------------------------------------------------------------------------------


def _dump_sqlite(db: dict[str, Any], out: Path) -> None:
    from django.db import connections

    dest = sqlite3.connect(str(out))
    try:
        # Django's own connection when it is the default database (an in-memory test database has
        # no file to open); a file otherwise.
        conn = next((c for c in connections.all() if c.settings_dict["NAME"] == db["NAME"]), None)
        if conn is not None:
            conn.ensure_connection()
            conn.connection.backup(dest)
        else:
            src = sqlite3.connect(str(db["NAME"]))
            try:
                src.backup(dest)
            finally:
                src.close()
    finally:
        dest.close()


def _run_pg(tool: str, args: list[str], db: dict[str, Any]) -> None:
    """Runs a PostgreSQL client tool against ``db``; its error output becomes a :class:`BackupError`."""
    result = subprocess.run([_tool(tool), *args], env=_pg_env(db), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def _dump_postgres(db: dict[str, Any], out: Path) -> None:
    _run_pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={out}", db["NAME"]], db)


def _add_tree(tar: tarfile.TarFile, root: Path, arcname: str) -> int:
    files = 0
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                tar.add(str(path), arcname=f"{arcname}/{path.relative_to(root).as_posix()}", recursive=False)
                files += 1
    return files


def backup(
    archive: Path, *, db: dict[str, Any], media_root: Path, extra: dict[str, Path] | None = None, version: str = ""
) -> dict[str, Any]:
    """Writes the archive; returns its manifest."""
    vendor = _vendor(db)
    archive = Path(archive)
    _check_target(archive)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / ("db.sqlite3" if vendor == "sqlite" else "db.dump")
        if vendor == "sqlite":
            _dump_sqlite(db, dump)
            counts = table_counts({"ENGINE": db["ENGINE"], "NAME": str(dump)})
        else:
            _dump_postgres(db, dump)
            counts = table_counts(db)
        partial = archive.with_name(archive.name + ".part")
        try:
            manifest = _write(partial, dump, vendor, counts, media_root, extra, version)
            partial.replace(archive)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Cannot write {archive}: {exc.strerror or exc}.") from exc
    return manifest


def _check_target(archive: Path) -> None:
    """Refuses, before the database is dumped, an archive path that cannot be written."""
    if archive.is_dir():
        raise BackupError(
            f"{archive} is a folder; give the archive's file name, e.g. {archive / 'touchpoints.tar.gz'}."
        )
    if not archive.parent.is_dir():
        raise BackupError(f"Cannot write {archive}: the folder {archive.parent} does not exist.")


def _write(
    partial: Path,
    dump: Path,
    vendor: str,
    counts: dict[str, int],
    media_root: Path,
    extra: dict[str, Path] | None,
    version: str,
) -> dict[str, Any]:
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(str(dump), arcname=dump.name)
        files = {"media": _add_tree(tar, Path(media_root), "media")}
        for name, root in (extra or {}).items():
            files[name] = _add_tree(tar, Path(root), name)
        manifest = {
            "format": FORMAT,
            "application": "touchpoints",
            "version": version,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": vendor,
            "database": dump.name,
            "files": files,
            "tables": counts,
        }
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
    return manifest


# ---- restore ---------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive} is not a Touchpoints backup ({exc}).") from exc
    if manifest.get("application") != "touchpoints" or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Touchpoints backup of format {FORMAT}.")
    return manifest


def _restore_sqlite(dump: Path, db: dict[str, Any]) -> None:
    src = sqlite3.connect(str(dump))
    dest = _connect(db)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()


def _restore_postgres(dump: Path, db: dict[str, Any]) -> None:
    _run_pg(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        db,
    )


def restore(
    archive: Path, *, db: dict[str, Any], media_root: Path, extra: dict[str, Path] | None = None, force: bool = False
) -> RestoreReport:
    """Restores the database and the files; refuses a database holding data unless ``force``."""
    manifest = read_manifest(archive)
    vendor = _vendor(db)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the target is {vendor}. "
            "Restore it into the same kind of database."
        )
    if not force and _exists(db) and holds_data(db):
        raise BackupError(
            "The database already holds accounts or workspaces; restoring would replace them. "
            "Use --force to overwrite it."
        )
    roots = {"media": Path(media_root), **{k: Path(v) for k, v in (extra or {}).items()}}
    files = 0
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extract(manifest["database"], tmp, filter="data")
        dump = Path(tmp) / manifest["database"]
        if vendor == "sqlite":
            _restore_sqlite(dump, db)
        else:
            _restore_postgres(dump, db)
        for member in tar.getmembers():
            top, _, rest = member.name.partition("/")
            if top in roots and rest and member.isfile():
                member.name = rest
                tar.extract(member, roots[top], filter="data")
                files += 1
    conn = _connect(db)
    try:
        counts = table_counts(db, conn)
        workspace_ids = [row[0] for row in conn.execute("SELECT id FROM workspaces_workspace").fetchall()]
    finally:
        conn.close()
    for workspace_id in workspace_ids:
        freshness.bump(workspace_id)
    missing = {t: (n, counts.get(t, 0)) for t, n in manifest["tables"].items() if counts.get(t, 0) != n}
    return RestoreReport(manifest=manifest, counts=counts, missing=missing, files=files)


def _exists(db: dict[str, Any]) -> bool:
    name = str(db["NAME"])
    return _vendor(db) != "sqlite" or name.startswith("file:") or name == ":memory:" or Path(name).exists()
