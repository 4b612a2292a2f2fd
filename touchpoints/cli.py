"""The `touchpoints` console script: the management commands with friendlier names.

    touchpoints migrate            apply database migrations
    touchpoints library load       load the built-in library
    touchpoints demo               create the demo workspace and user
    touchpoints serve [ADDR:PORT]  serve the app (development server; see README for production)
    touchpoints journeys analyze LOG ...
    touchpoints <any manage.py command>
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"} and len(args) == 1:
        print(__doc__)
        return
    args[0] = ALIASES.get(args[0], args[0])
    if args[0] == "runserver":
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["touchpoints", *args])


if __name__ == "__main__":
    main()
