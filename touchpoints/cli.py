"""The `touchpoints` console script: the management commands with friendlier names.

touchpoints migrate            apply database migrations
touchpoints library load       load the built-in library
touchpoints demo               create the demo workspace and user
touchpoints serve [ADDR:PORT]  serve the app (development server; see README for production);
                               starts a background worker when TASKS_BACKEND is the database one
touchpoints worker             run background tasks (production: next to the WSGI server) and mark
                               failed the jobs whose worker died (db_worker without that sweep)
touchpoints journeys analyze LOG ...
touchpoints alerts send        e-mail members the customers' answers their alerts ask for (cron;
                               the worker does it by itself)
touchpoints report WORKSPACE   write the audit report now and save its PDF, XLSX, HTML and JSON
                               (--language ru, --audit ID, --out DIR; docs/plan-and-report.md)
touchpoints backup PATH        database + media + kept logs in one .tar.gz (docs/operations.md)
touchpoints restore PATH       put a backup back into a fresh database (--force to overwrite)
touchpoints <any manage.py command>
"""

from __future__ import annotations

import os
import subprocess
import sys

ALIASES = {"serve": "runserver"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"} and len(args) == 1:
        print(__doc__)
        return
    args[0] = ALIASES.get(args[0], args[0])
    worker = None
    if args[0] == "runserver":
        os.environ.setdefault("DEBUG", "1")
        worker = _start_worker()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["touchpoints", *args])
    finally:
        if worker is not None:
            worker.terminate()


def _start_worker() -> subprocess.Popen[bytes] | None:
    """With a queueing task backend, `serve` runs a worker beside the server, so background work
    (analyses of uploaded logs) runs without a second command. Not in the autoreloader's child."""
    if os.environ.get("RUN_MAIN") == "true" or "DatabaseBackend" not in os.environ.get("TASKS_BACKEND", ""):
        return None
    print("Starting the background worker (touchpoints worker).", flush=True)
    return subprocess.Popen([sys.executable, "-m", "touchpoints.cli", "worker", "--interval", "0.5"])


if __name__ == "__main__":
    main()
