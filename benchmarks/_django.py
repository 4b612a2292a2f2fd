"""The set-up every benchmark script shares before it imports the app: the checkout on the import
path, Django's settings, and a SQLite file of the script's own under benchmarks/out/ (unless
DATABASE_URL points at a server). A script starts with::

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks._django import setup

    OUT = setup("inventory", ALLOWED_HOSTS="testserver,127.0.0.1")
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def configure(name: str | None = None, *, fresh: bool = True, **env: str) -> Path:
    """Settings only (for a script that starts Django later, or in a subprocess): the database
    file ``benchmarks/out/<name>-bench.sqlite3``, emptied first when ``fresh``; ``env`` gives
    defaults for other settings read from the environment. Returns the output folder."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
    if name and not os.environ.get("DATABASE_URL"):
        db = OUT / f"{name}-bench.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(db)
    for key, value in env.items():
        os.environ.setdefault(key, value)
    return OUT


def setup(name: str | None = None, *, fresh: bool = True, **env: str) -> Path:
    """:func:`configure`, then Django started. Returns the output folder."""
    out = configure(name, fresh=fresh, **env)
    import django

    django.setup()
    return out
