"""Attribution is kept in one place: the run's result. The ``Attribution`` rows repeated it; before
they go, any link from a channel to a touchpoint that only the rows held (a candidate added to the
inventory by an older version) is written into the result's matching."""

from typing import Any

from django.db import migrations


def links_into_results(apps: Any, schema_editor: Any) -> None:
    AnalysisRun = apps.get_model("analytics", "AnalysisRun")
    Attribution = apps.get_model("analytics", "Attribution")
    run_ids = (
        Attribution.objects.filter(touchpoint__isnull=False, run__result__isnull=False)
        .values_list("run_id", flat=True)
        .distinct()
    )
    for run in AnalysisRun.objects.filter(pk__in=list(run_ids)).iterator():
        links = dict(
            Attribution.objects.filter(run=run, touchpoint__isnull=False).values_list("channel", "touchpoint_id")
        )
        result = run.result
        if not isinstance(result, dict):
            continue
        matching = result.get("matching") or {"matched": [], "candidates": []}
        known = {m["channel"] for m in matching.get("matched", [])}
        added = [{"channel": c, "touchpoint_id": t, "by": "added"} for c, t in links.items() if c not in known]
        if not added:
            continue
        matching["matched"] = [*matching.get("matched", []), *added]
        matching["candidates"] = [c for c in matching.get("candidates", []) if c not in links]
        result["matching"] = matching
        for part in [result, *[s.get("result", {}) for s in result.get("segments") or []]]:
            for stats in part.get("channels", []):
                if stats.get("channel") in links:
                    stats["touchpoint_id"] = links[stats["channel"]]
        run.result = result
        run.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_run_lease_and_cancel")]

    operations = [
        migrations.RunPython(links_into_results, migrations.RunPython.noop),
        migrations.DeleteModel(name="Attribution"),
    ]
