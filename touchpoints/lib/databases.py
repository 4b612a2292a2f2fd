"""The database settings, built one way whether the database comes from ``DATABASE_URL`` or the
default SQLite file: SQLite always gets WAL mode, IMMEDIATE transactions and a busy timeout
(without them concurrent editors get "database is locked"), and a ``LIKE`` that ignores case beyond
ASCII (``touchpoints.lib.sqlite_backend``)."""

from __future__ import annotations

from typing import Any

import dj_database_url

MAX_ID = 2**63 - 1
"""The largest value of a 64-bit integer column (every primary key) on both databases."""
DJANGO_SQLITE_ENGINE = "django.db.backends.sqlite3"
SQLITE_ENGINE = "touchpoints.lib.sqlite_backend"
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_config(url: str, *, sqlite_path: str, conn_max_age: int = 60) -> dict[str, Any]:
    """``DATABASES["default"]`` from a URL (``postgres://…``, ``sqlite:////abs/path``), or the
    SQLite file at ``sqlite_path`` when the URL is empty."""
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    else:
        config = {"ENGINE": SQLITE_ENGINE, "NAME": sqlite_path}
    if config.get("ENGINE") in (DJANGO_SQLITE_ENGINE, SQLITE_ENGINE):
        config["ENGINE"] = SQLITE_ENGINE
        # Options given in the URL (?timeout=60) win over the defaults.
        config["OPTIONS"] = {**SQLITE_OPTIONS, **(config.get("OPTIONS") or {})}
    return config
