"""The migration that keeps attribution only in the run's result: a link from a channel to a
touchpoint that only the old rows held is written into the result before the rows go."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("analytics", "0003_run_lease_and_cancel")]
AFTER = [("analytics", "0004_attribution_kept_in_the_result")]


@pytest.mark.django_db(transaction=True)
def test_links_only_the_rows_held_move_into_the_result(world: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Run, Row, Touchpoint = (
        old.get_model("analytics", "AnalysisRun"),
        old.get_model("analytics", "Attribution"),
        old.get_model("inventory", "Touchpoint"),
    )
    site = Touchpoint.objects.create(workspace_id=world.workspace.pk, name="Website")
    added = Touchpoint.objects.create(workspace_id=world.workspace.pk, name="Instagram ads")
    result = {
        "channels": [{"channel": c, "touchpoint_id": None} for c in ("Website", "Instagram ads", "social")],
        "attribution": [
            {"channel": c, "model": "linear", "conversions": 1.0, "share": 1 / 3}
            for c in ("Website", "Instagram ads", "social")
        ],
        "matching": {
            "matched": [{"channel": "Website", "touchpoint_id": site.pk, "by": "name"}],
            "candidates": ["Instagram ads", "social"],
        },
    }
    run = Run.objects.create(
        workspace_id=world.workspace.pk, name="log", source_name="log.csv", status="done", result=result
    )
    for channel, touchpoint in (("Website", site), ("Instagram ads", added), ("social", None)):
        Row.objects.create(
            run=run, channel=channel, touchpoint=touchpoint, model="linear", conversions=1.0, share=1 / 3
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from touchpoints.analytics import selectors
    from touchpoints.analytics.models import AnalysisRun

    migrated = AnalysisRun.objects.get(pk=run.pk)
    matching = migrated.result["matching"]
    assert matching["candidates"] == ["social"]
    assert {"channel": "Instagram ads", "touchpoint_id": added.pk, "by": "added"} in matching["matched"]
    links = {r.channel: r.touchpoint_id for r in selectors.attribution_rows(run=migrated)}
    assert links == {"Website": site.pk, "Instagram ads": added.pk, "social": None}
    assert "analytics_attribution" not in connection.introspection.table_names()
