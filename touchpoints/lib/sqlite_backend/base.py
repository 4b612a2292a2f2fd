"""Django's SQLite backend, with lookups that ignore case in every alphabet.

SQLite's ``LIKE`` folds only ASCII letters, so on the default database a search for "сайт"
missed "Сайт" and "clínica" missed "CLÍNICA", while PostgreSQL, which compares ``UPPER(…)`` of
both sides, found them. Here the case-insensitive lookups (``iexact``, ``icontains``,
``istartswith``, ``iendswith``) compare both sides through ``unicode_casefold()``, a function each
new connection gets (Python's ``str.casefold``), the way Django's PostgreSQL backend wraps them in
``UPPER()``. The case-sensitive lookups keep SQLite's own ``LIKE`` and its speed. The settings
choose this backend for SQLite (``touchpoints.lib.databases``).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

FOLD = "unicode_casefold"
FOLDED_LOOKUPS = ("iexact", "icontains", "istartswith", "iendswith")


def casefold(value: Any) -> str | None:
    """``unicode_casefold(X)``: X as text with its case folded; NULL stays NULL."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).casefold()


class DatabaseOperations(operations.DatabaseOperations):
    def lookup_cast(self, lookup_type: str, internal_type: str | None = None) -> str:
        cast = super().lookup_cast(lookup_type, internal_type)
        return f"{FOLD}({cast})" if lookup_type in FOLDED_LOOKUPS else cast


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    operators = {
        **base.DatabaseWrapper.operators,
        **{lookup: f"LIKE {FOLD}(%s) ESCAPE '\\'" for lookup in FOLDED_LOOKUPS},
    }
    pattern_ops = {
        **base.DatabaseWrapper.pattern_ops,
        "icontains": rf"LIKE '%%' || {FOLD}({{}}) || '%%' ESCAPE '\'",
        "istartswith": rf"LIKE {FOLD}({{}}) || '%%' ESCAPE '\'",
        "iendswith": rf"LIKE '%%' || {FOLD}({{}}) ESCAPE '\'",
    }

    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        conn.create_function(FOLD, 1, casefold, deterministic=True)
        return conn
