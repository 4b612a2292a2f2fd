"""Runs the test suite on PostgreSQL.

Uses DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test (trust auth). When no server
answers, the run is skipped with a message, unless REQUIRE_POSTGRES=1, which makes it fail.
Browser and Spark tests do not depend on the database and run only in the SQLite pass.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def main() -> int:
    url = os.environ.get("POSTGRES_TEST_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_URL
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "no usable server"
        message = (
            f"PostgreSQL run skipped: no server at {url} ({exc.__class__.__name__}: {exc}).\n"
            "Start PostgreSQL or set DATABASE_URL; set REQUIRE_POSTGRES=1 to make this a failure."
        )
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            print(message.replace("skipped", "FAILED"), file=sys.stderr)
            return 1
        print(message)
        return 0
    env = dict(os.environ, DATABASE_URL=url)
    print(f"== PostgreSQL run on {url}", flush=True)
    cmd = [sys.executable, "-m", "pytest", "-m", "not browser and not spark", *sys.argv[1:]]
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main())
