"""The web page's path through a log, before and during the analysis: what each step costs.

    python benchmarks/analytics/web_path.py --log benchmarks/out/j1m_c12.parquet

Stages the log as an upload would, looks at its columns (the mapping page, shown ``--views``
times: once on arrival, once more per corrected submission), checks it in full as a run's start
does, then analyses it with the page's default options (bootstrap off unless ``--bootstrap``).
Each step prints wall and CPU seconds (``time.process_time``, this process only: DuckDB's
threads count in it). No database is needed: the service functions that read the log are timed
directly.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")


def timed(label: str, fn: Any) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    print(f"{label:<28} wall {time.perf_counter() - wall:7.2f} s   cpu {time.process_time() - cpu:7.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", required=True)
    parser.add_argument("--views", type=int, default=2, help="mapping page views before the run starts")
    parser.add_argument("--bootstrap", type=int, default=0)
    args = parser.parse_args()

    import django
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    django.setup()
    settings.ANALYTICS_DATA_DIR = tempfile.mkdtemp(prefix="web-path-")
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 1 << 40
    from touchpoints.analytics import services, uploads
    from touchpoints.analytics.engine import analyze_log

    columns = {
        "customer": "customer",
        "timestamp": "ts",
        "touchpoint": "channel",
        "conversion": "converted",
        "value": "value",
        "segment": "segment",
    }
    upload = SimpleUploadedFile(Path(args.log).name, Path(args.log).read_bytes())
    total_wall, total_cpu = time.perf_counter(), time.process_time()
    staged = timed("stage (format sniffed)", lambda: uploads.stage_upload(upload, workspace_id=1, user_id=None))
    # Where the preview lives: kept with the staged log (staged_preview), or read on every view.
    staged_preview = getattr(uploads, "staged_preview", None)
    for view in range(args.views):
        if staged_preview is not None:
            timed(
                f"mapping page view {view + 1}",
                lambda: staged_preview(uploads.staged_get(staged.token, workspace_id=1)),
            )
        else:
            from touchpoints.analytics.logfiles import preview_log

            timed(f"mapping page view {view + 1}", lambda: preview_log(str(staged.path), staged.format))
    cleaned = services.clean_options({"bootstrap": args.bootstrap})
    events = uploads.checked_events(staged.path)

    def check() -> None:
        with services.checked_log(path=str(staged.path), fmt=staged.format, columns=columns) as checked:
            checked.keep(events)

    timed("full check (run start)", check)
    timed(
        "analysis (of the events the check kept)",
        lambda: analyze_log(
            str(staged.path),
            services.column_map(columns),
            saved_events=str(events),
            fmt=staged.format,
            options=services.engine_options(cleaned),
            filters=services.engine_filters({}),
        ),
    )
    print(
        f"{'total':<28} wall {time.perf_counter() - total_wall:7.2f} s   cpu {time.process_time() - total_cpu:7.2f} s"
    )


if __name__ == "__main__":
    main()
