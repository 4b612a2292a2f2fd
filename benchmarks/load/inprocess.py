"""CPU time of one request inside Django (test client), the figure that a busy machine disturbs least.

Run from the repository root against the database the load benchmark left (see README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_load CACHE_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python benchmarks/load/inprocess.py [--repeat 15]

For the inventory page and the list API of the benchmark's workspace, prints the median and the
minimum of ``time.process_time`` per request (this process only: Python and the database driver;
PostgreSQL's own time is in run.py's "server CPU" column), the wall time and the number of queries,
with the cached page (``hit``) and with the workspace's inventory version bumped before every
request (``miss``: what the first view after a change costs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--user", default="loadbench")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from touchpoints.accounts.services import api_token_create
    from touchpoints.lib import freshness
    from touchpoints.lib.warmup import load_and_freeze
    from touchpoints.workspaces.models import Workspace

    load_and_freeze()  # as the server does
    user = User.objects.get(username=args.user)
    workspace = Workspace.objects.filter(memberships__user=user).order_by("pk")[0]
    page_client = Client()
    page_client.force_login(user)
    token = api_token_create(user=user, name="in-process benchmark")[1]
    cases = {
        "inventory page": (page_client, f"/w/{workspace.slug}/touchpoints/", {}),
        "list API": (
            Client(),
            f"/api/v1/workspaces/{workspace.slug}/touchpoints",
            {"Authorization": f"Bearer {token}"},
        ),
    }
    print(f"load average before: {os.getloadavg()}")
    print("| request | cache | CPU median ms | CPU min ms | wall median ms | queries |")
    print("|---|---|---:|---:|---:|---:|")
    for label, (client, path, headers) in cases.items():
        for mode in ("hit", "miss"):
            cpu, wall = [], []
            for i in range(args.repeat + 3):
                if mode == "miss":
                    freshness.bump(workspace.pk, freshness.INVENTORY)
                c0, w0 = time.process_time(), time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path, headers=headers)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                if i >= 3:  # the first ones warm up
                    cpu.append((time.process_time() - c0) * 1000)
                    wall.append((time.perf_counter() - w0) * 1000)
            print(
                f"| {label} | {mode} | {statistics.median(cpu):.1f} | {min(cpu):.1f} | "
                f"{statistics.median(wall):.1f} | {len(queries)} |"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
