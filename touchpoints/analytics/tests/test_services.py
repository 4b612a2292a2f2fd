"""Services: a run from a staged log, the stored result and attribution rows, refusals that store
nothing, the command line's store, candidates, repeats, and the task on a queueing backend."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from touchpoints.analytics import selectors, services, tasks
from touchpoints.analytics.engine import AnalysisOptions, aggregate_duckdb, analyze_log, parse_column_map
from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.services import execution
from touchpoints.analytics.tasks import run_analysis
from touchpoints.analytics.uploads import checked_events, kept_path, logs_dir, stage_upload, staging_dir
from touchpoints.inventory.models import Presence, Touchpoint

from .conftest import COLUMNS, FAST, ROWS, csv_bytes, make_run, upload


@pytest.fixture
def run(world: Any, inventory: Any) -> AnalysisRun:
    """Here a run goes the whole way: staged upload, validation, task."""
    done = make_run(world)
    assert done.status == "done", done.error
    return done


def attribution(run: AnalysisRun, **filters: Any) -> list[selectors.AttributionRow]:
    """The run's attribution rows as they are stored now."""
    return selectors.attribution_rows(run=AnalysisRun.objects.get(pk=run.pk), **filters)


def shares(run: AnalysisRun, model: str, segment: str = "") -> dict[str, float]:
    return {a.channel: a.conversions for a in attribution(run, model=model, segment=segment)}


def test_a_run_keeps_the_result_and_an_attribution_row_per_model_and_channel(run: AnalysisRun, inventory: Any) -> None:
    assert run.status == "done" and run.error == ""
    assert (run.journeys, run.conversions, run.channel_count, run.source_rows) == (5, 3, 5, len(ROWS))
    assert run.result["summary"]["conversions"] == 3
    assert shares(run, "last_touch") == {
        "phone": 3.0,
        "Website": 0.0,
        "ads-context": 0.0,
        "social": 0.0,
        "Instagram ads": 0.0,
    }
    assert shares(run, "first_touch")["ads-context"] == 2.0
    assert shares(run, "linear")["Website"] == pytest.approx(1.0)
    assert shares(run, "linear")["social"] == pytest.approx(1 / 3)
    # Channels are linked to the inventory by code or name; the others are candidates.
    rows = {a.channel: a.touchpoint_id for a in attribution(run, model="linear")}
    assert rows == {
        "ads-context": inventory["ads"].pk,
        "Website": inventory["site"].pk,
        "phone": inventory["phone"].pk,
        "social": None,
        "Instagram ads": None,
    }
    assert sorted(run.result["matching"]["candidates"]) == ["Instagram ads", "social"]
    # Per-segment rows too (by_segment).
    assert shares(run, "last_touch", "A")["phone"] == 2.0
    assert shares(run, "last_touch", "B")["phone"] == 1.0
    assert run.segment_values == ["A", "B"]
    assert kept_path(run.log_file) is not None
    assert run.progress_lines, "progress messages stay on the row"


def test_latest_attribution_gives_shares_per_touchpoint(run: AnalysisRun, inventory: Any) -> None:
    latest = selectors.latest_attribution(run.workspace)
    assert set(latest) == {inventory["ads"].pk, inventory["site"].pk, inventory["phone"].pk}
    assert latest[inventory["phone"].pk]["last_touch"] == pytest.approx(1.0)
    assert latest[inventory["site"].pk]["linear"] == pytest.approx(1 / 3)
    assert "markov_1" in latest[inventory["site"].pk]


def test_latest_attribution_prefers_the_newest_unfiltered_run(world: Any, run: AnalysisRun, inventory: Any) -> None:
    filtered = make_run(world, filters={"segments": ["B"]})
    assert filtered.status == "done"
    latest = selectors.latest_attribution(world.workspace)
    assert latest[inventory["phone"].pk]["last_touch"] == pytest.approx(1.0)  # whole log: 3 of 3
    assert selectors.latest_attribution(world.other) == {}


@pytest.mark.parametrize(
    "columns, field, words",
    [
        ({**COLUMNS, "timestamp": "when"}, "timestamp", "no column “when”"),
        ({**COLUMNS, "customer": ""}, "customer", "Choose the column"),
        ({**COLUMNS, "value": "client_id"}, "value", "already mapped"),
    ],
)
def test_a_bad_mapping_is_refused_and_nothing_is_stored(world: Any, columns: dict, field: str, words: str) -> None:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(
            workspace=world.workspace,
            staged=staged,
            columns=columns,
            options=FAST,
            available_columns=["client_id", "event_time", "channel", "converted", "revenue", "segment"],
        )
    assert words in " ".join(info.value.message_dict[field])
    assert not AnalysisRun.objects.exists()
    assert staged.path.exists(), "the upload waits for another try at the mapping"


def test_a_column_the_file_lacks_is_named_by_the_engine(world: Any) -> None:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(
            workspace=world.workspace, staged=staged, columns={**COLUMNS, "touchpoint": "chanel"}, options=FAST
        )
    message = " ".join(info.value.message_dict["touchpoint"])
    assert "'chanel'" in message and "did you mean 'channel'" in message
    assert not AnalysisRun.objects.exists()


def test_an_unparsable_timestamp_is_refused_naming_row_and_column(world: Any) -> None:
    rows = list(ROWS)
    rows[3] = ("u2", "yesterday", "ads-context", 0, "", "A")
    staged = stage_upload(upload(csv_bytes(rows)), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(workspace=world.workspace, staged=staged, columns=COLUMNS, options=FAST)
    message = " ".join(info.value.message_dict["timestamp"])
    assert "row 4" in message and "'event_time'" in message and "'yesterday'" in message
    assert not AnalysisRun.objects.exists()


def test_an_empty_log_is_refused(world: Any) -> None:
    staged = stage_upload(upload(csv_bytes([])), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(workspace=world.workspace, staged=staged, columns=COLUMNS, options=FAST)
    assert "empty" in " ".join(info.value.messages)
    assert not AnalysisRun.objects.exists()


@pytest.mark.parametrize(
    "filters, field",
    [
        ({"segments": ["C"]}, "segments"),
        ({"since": "2024-03-05", "until": "2024-03-01"}, "until"),
        ({"since": "March"}, "since"),
    ],
)
def test_bad_filters_are_refused(world: Any, filters: dict, field: str) -> None:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(workspace=world.workspace, staged=staged, columns=COLUMNS, options=FAST, filters=filters)
    assert field in info.value.message_dict
    assert not AnalysisRun.objects.exists()


def test_bad_options_are_refused(world: Any) -> None:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.workspace.pk, user_id=None)
    with pytest.raises(ValidationError) as info:
        services.run_start(
            workspace=world.workspace, staged=staged, columns=COLUMNS, options={"markov_orders": [4], "bootstrap": -1}
        )
    assert {"markov_orders", "bootstrap"} <= set(info.value.message_dict)


def test_a_staged_log_of_another_workspace_is_refused(world: Any) -> None:
    staged = stage_upload(upload(csv_bytes()), workspace_id=world.other.pk, user_id=None)
    with pytest.raises(ValidationError):
        services.run_start(workspace=world.workspace, staged=staged, columns=COLUMNS, options=FAST)


def test_the_period_filter_includes_the_last_day(world: Any, inventory: Any) -> None:
    run = make_run(world, filters={"since": "2024-03-04", "until": "2024-03-06"})
    assert run.status == "done"
    # u3 (3 and 4 March... 5 March) and u4 (6 March) are in; u1, u2 (1–3 March) and u5 (7 March) are out.
    assert run.journeys == 2 and run.conversions == 2


def test_the_log_is_read_in_full_once_the_run_analyses_the_events_the_check_read(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    read_log = aggregate_duckdb.load_events

    def counted(con: Any, path: str, *args: Any, **kwargs: Any) -> int:
        reads.append(path)
        return read_log(con, path, *args, **kwargs)

    monkeypatch.setattr(aggregate_duckdb, "load_events", counted)
    run = make_run(world)
    assert run.status == "done", run.error
    assert len(reads) == 1, "the check before the run reads the log; the analysis reads what it kept"
    log = kept_path(run.log_file)
    assert log is not None and checked_events(log).exists()
    assert (run.journeys, run.conversions, run.source_rows) == (5, 3, len(ROWS))
    again = tasks.run_enqueue(services.run_rerun(run=run))
    assert again.status == "done" and len(reads) == 1, "a repeat reads the kept events too"
    services.run_fail(again.pk, "gone")
    assert not any(p.name.startswith(f"run-{again.pk}-") for p in logs_dir().iterdir())


def test_a_run_that_fails_later_keeps_only_its_error(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        kwargs["progress"]("halfway")
        raise MemoryError("out of memory")

    monkeypatch.setattr(execution, "analyze_log", boom)
    run = make_run(world)
    assert run.status == "failed"
    assert "MemoryError" in run.error and run.result is None
    assert not attribution(run)
    assert run.log_file == "" and not any(logs_dir().iterdir())


def test_a_filter_that_leaves_nothing_fails_with_a_clear_message(world: Any) -> None:
    run = make_run(world, filters={"since": "2030-01-01"})
    assert run.status == "failed"
    assert "No event of the log is left after the filters" in run.error


def test_progress_is_written_to_the_row_while_it_runs(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = execution.analyze_log

    def spy(*args: Any, **kwargs: Any) -> Any:
        progress = kwargs["progress"]

        def watch(message: str) -> None:
            progress(message)
            row = AnalysisRun.objects.get()
            seen.append(f"{row.status}:{row.progress_lines[-1]}")

        return real(*args, **{**kwargs, "progress": watch})

    monkeypatch.setattr(execution, "analyze_log", spy)
    make_run(world)
    assert seen and all(s.startswith("running:") for s in seen)
    assert any("Markov chain, order 1" in s for s in seen)


@pytest.mark.parametrize("language, words", [("ru", "Марковская цепь, порядок 1"), ("es", "Cadena de Markov, orden 1")])
def test_progress_is_written_in_the_language_of_who_started_the_run(world: Any, language: str, words: str) -> None:
    from django.utils import translation

    with translation.override(language):
        run = make_run(world)
    run.refresh_from_db()
    assert run.status == "done" and run.language == language
    assert words in run.progress and "Markov chain" not in run.progress


def test_a_bad_log_fails_the_run_in_the_language_of_who_started_it(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import translation

    from touchpoints.analytics.engine import LogError
    from touchpoints.analytics.engine.faults import no_rows

    def gone(*args: Any, **kwargs: Any) -> Any:  # e.g. the kept file was replaced by an empty one
        raise LogError(no_rows("log.csv"))

    monkeypatch.setattr(execution, "analyze_log", gone)
    with translation.override("es"):
        run = make_run(world)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == "el registro está vacío: 'log.csv' no tiene filas de datos"


def test_with_a_queueing_backend_the_run_waits_for_a_worker(world: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = make_run(world)
    assert run.status == "queued" and run.task_id
    assert "Queued" in run.progress
    # What a database-backend worker does: call the task with the run's id (JSON-safe argument).
    assert run_analysis.call(run.pk) == "done"
    run.refresh_from_db()
    assert run.status == "done" and run.conversions == 3
    # A retried task does not run twice.
    assert run_analysis.call(run.pk) == "done"
    assert len(attribution(run, model="linear")) == 5


def test_analysis_store_keeps_a_command_line_result(world: Any, inventory: Any, tmp_path: Any) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes())
    result = analyze_log(
        str(path),
        parse_column_map(
            "customer=client_id,timestamp=event_time,touchpoint=channel,conversion=converted,value=revenue"
        ),
        options=AnalysisOptions(markov_orders=(1,)),
    )
    assert result.matching is None  # the command line did not match: the store does
    run = services.analysis_store(
        workspace=world.workspace,
        result=result,
        created_by=world.users["owner"],
        source_name="/data/big.csv",
        source_size=12345,
    )
    assert run.status == "done" and run.name == "big.csv" and run.source_format == "csv"
    assert run.columns["customer"] == "client_id" and run.source_rows == len(ROWS)
    assert shares(run, "last_touch")["phone"] == 3.0
    linked = {a.channel: a.touchpoint_id for a in attribution(run, model="linear")}
    assert linked["Website"] == inventory["site"].pk and linked["social"] is None
    assert sorted(run.result["matching"]["candidates"]) == ["Instagram ads", "social"]
    # The dict shape (the --json file) is accepted as well.
    again = services.analysis_store(workspace=world.workspace, result=result.to_dict(), source_name="big.csv")
    assert shares(again, "first_touch") == shares(run, "first_touch")


def test_analysis_store_ignores_touchpoints_of_another_workspace(world: Any, inventory: Any) -> None:
    foreign = Touchpoint.objects.create(workspace=world.other, name="Website")
    data = {
        "summary": {"journeys": 1, "conversions": 1, "channels": 1},
        "channels": [{"channel": "Website"}],
        "variants": [],
        "transitions": [],
        "models": [],
        "attribution": [{"model": "last_touch", "channel": "Website", "conversions": 1, "share": 1, "value": 0}],
        "matching": {"matched": [{"channel": "Website", "touchpoint_id": foreign.pk, "by": "name"}], "candidates": []},
    }
    run = services.analysis_store(workspace=world.workspace, result=data, source_name="x.csv")
    assert [a.touchpoint_id for a in attribution(run)] == [inventory["site"].pk]


def test_analysis_store_refuses_what_is_not_a_result(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.analysis_store(workspace=world.workspace, result={"summary": {}}, source_name="x.csv")
    assert not AnalysisRun.objects.exists()


def test_candidates_become_touchpoints_of_the_own_brand(run: AnalysisRun, world: Any) -> None:
    added = services.candidates_add(run=run, channels=["Instagram ads"], created_by=world.users["editor"])
    assert [t.name for t in added] == ["Instagram ads"]
    tp = added[0]
    assert tp.code == "instagram-ads" and "log.csv" in tp.notes and "1 touch in 1 journey." in tp.notes
    own = world.workspace.brands.get(is_own=True)
    assert Presence.objects.get(touchpoint=tp, brand=own).status == "exists"
    run.refresh_from_db()
    assert run.result["matching"]["candidates"] == ["social"]
    assert {"channel": "Instagram ads", "touchpoint_id": tp.pk, "by": "added"} in run.result["matching"]["matched"]
    assert {a.touchpoint_id for a in attribution(run) if a.channel == "Instagram ads"} == {tp.pk}
    assert selectors.latest_attribution(world.workspace)[tp.pk]["first_touch"] == 0.0


def test_a_candidate_already_in_the_inventory_is_linked_not_added_twice(run: AnalysisRun, world: Any) -> None:
    existing = Touchpoint.objects.create(workspace=world.workspace, name="Social network page", code="social")
    added = services.candidates_add(run=run, channels=["social"])
    assert added == []
    assert [a.touchpoint_id for a in attribution(run) if a.channel == "social"][0] == existing.pk
    assert Touchpoint.objects.filter(workspace=world.workspace, name__iexact="social").count() == 0


def test_only_unmatched_channels_can_be_added(run: AnalysisRun) -> None:
    with pytest.raises(ValidationError):
        services.candidates_add(run=run, channels=["phone"])
    with pytest.raises(ValidationError):
        services.candidates_add(run=run, channels=[])


def test_a_repeat_with_filters_uses_the_kept_log(run: AnalysisRun, world: Any) -> None:
    again = tasks.run_enqueue(services.run_rerun(run=run, filters={"segments": ["A"]}))
    assert again.status == "done" and again.rerun_of == run
    assert (again.journeys, again.conversions) == (3, 2)
    assert again.filters["segments"] == ["A"] and "(A)" in again.name
    assert kept_path(again.log_file) and again.log_file != run.log_file
    services.run_delete(run=run)
    assert kept_path(again.log_file), "deleting one run keeps the other's log"


def test_deleting_a_run_deletes_its_rows_and_log(run: AnalysisRun, django_capture_on_commit_callbacks: Any) -> None:
    log = kept_path(run.log_file)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_delete(run=run)
    assert not AnalysisRun.objects.exists()
    assert log is not None and not log.exists()
    assert not any(staging_dir().iterdir())
