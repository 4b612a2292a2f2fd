"""SQLite gets WAL mode, IMMEDIATE transactions and a busy timeout whether it is configured by
DATABASE_URL or by default, and a real connection made from those settings has them."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Upper
from django.db.utils import ConnectionHandler

from touchpoints.lib.databases import SQLITE_OPTIONS, database_config


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/tp-x.sqlite3", "sqlite:///relative.sqlite3"])
def test_sqlite_options_apply_whichever_way_it_is_configured(url: str) -> None:
    config = database_config(url, sqlite_path="/tmp/default.sqlite3")
    assert config["ENGINE"] == "touchpoints.lib.sqlite_backend"
    assert config["OPTIONS"] == SQLITE_OPTIONS


def test_postgres_gets_no_sqlite_options() -> None:
    config = database_config("postgres://u:p@127.0.0.1:5432/x", sqlite_path="/tmp/unused", conn_max_age=30)
    assert config["ENGINE"] == "django.db.backends.postgresql" and "init_command" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 30


def test_a_connection_from_a_sqlite_url_is_in_wal_with_a_busy_timeout(tmp_path: Path, django_db_blocker: Any) -> None:
    config = database_config(f"sqlite:///{tmp_path}/db.sqlite3", sqlite_path="/unused")
    handler = ConnectionHandler({"default": config})
    connection = handler["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
        assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]  # SQLite backend only; not in the stubs
        connection.close()


def test_the_settings_module_uses_the_helper(monkeypatch: Any, tmp_path: Path) -> None:
    import touchpoints.settings as module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/url.sqlite3")
    try:
        fresh = importlib.reload(module)
        assert fresh.DATABASES["default"]["OPTIONS"] == SQLITE_OPTIONS
        assert fresh.DATABASES["default"]["NAME"].endswith("url.sqlite3")
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lookup", "value", "found"),
    [
        ("iexact", "САЙТ КЛИНИКИ", True),
        ("icontains", "сайт", True),
        ("icontains", "КЛИНИК", True),
        ("istartswith", "сАЙТ", True),
        ("iendswith", "КИ", True),
        ("icontains", "área", True),
        ("icontains", "100%", False),  # the wildcards in a search are literal
        ("icontains", "_", False),
        ("iexact", "сайт", False),
    ],
)
def test_case_is_ignored_in_every_alphabet(lookup: str, value: str, found: bool) -> None:
    """On SQLite (whose LIKE folds only ASCII) as on PostgreSQL."""
    User = get_user_model()
    User.objects.create(username="u1", first_name="Сайт клиники", last_name="Área")
    names = User.objects.filter(Q(**{f"first_name__{lookup}": value}) | Q(**{f"last_name__{lookup}": value}))
    assert names.exists() is found
    # An expression on the right (pattern_ops) folds too.
    assert User.objects.filter(first_name__icontains=Upper("first_name")).exists()
