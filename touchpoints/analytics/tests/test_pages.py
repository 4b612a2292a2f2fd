"""The pages as a user meets them: upload, map, run, read the numbers, export, add candidates,
repeat with filters; and every bad input refused with a clear message and nothing stored."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from touchpoints.analytics.models import AnalysisRun
from touchpoints.analytics.uploads import staging_dir
from touchpoints.inventory.models import Touchpoint

from .conftest import COLUMNS, ROWS, csv_bytes, jsonl_bytes, parquet_bytes, upload


def url(name: str, world: Any, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"slug": world.slug, **kwargs})


def mapping_post(token: str, **extra: Any) -> dict[str, Any]:
    return {
        "token": token,
        **COLUMNS,
        "name": "March log",
        "markov_orders": ["1", "2"],
        "half_life_days": "7",
        "bootstrap": "0",
        "by_segment": "on",
        "engine": "duckdb",
        **extra,
    }


def upload_to_map(client: Client, world: Any, content: bytes, name: str = "log.csv") -> str:
    response = client.post(url("upload", world), {"file": upload(content, name)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def staged_files() -> list[str]:
    return sorted(p.name for p in staging_dir().iterdir())


def kpi(html: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}">([^<]+)<', html)
    assert match, key
    return match.group(1)


@pytest.mark.parametrize(
    "maker, name", [(csv_bytes, "log.csv"), (jsonl_bytes, "log.jsonl"), (parquet_bytes, "log.parquet")]
)
def test_upload_map_run_and_read_the_results(world: Any, inventory: Any, maker: Any, name: str) -> None:
    client = world.client("editor", enforce_csrf=False)
    map_url = upload_to_map(client, world, maker(), name)
    page = client.get(map_url).content.decode()
    # The columns are shown and the mapping is guessed.
    assert "event_time" in page and "u1" in page
    assert re.search(r'<option value="client_id" selected>', page)
    assert re.search(r'<option value="revenue" selected>', page)
    token = map_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(map_url, mapping_post(token))
    assert response.status_code == 302
    run = AnalysisRun.objects.get()
    assert response["Location"] == url("run", world, pk=run.pk)
    assert run.status == "done" and run.name == "March log" and run.source_format == name.split(".")[1]
    html = client.get(response["Location"]).content.decode()
    # The numbers a user sees.
    assert kpi(html, "journeys") == "5" and kpi(html, "conversions") == "3" and kpi(html, "rate") == "60.0%"
    assert re.search(r'data-cell="phone\|last_touch">3<small>100.0%</small>', html)
    assert re.search(r'data-cell="Website\|linear">1<small>33.3%</small>', html)
    assert re.search(r'data-cell="ads-context\|first_touch">2<small>66.7%</small>', html)
    variant = re.search(
        r"ads-context</span>.*?Website</span>.*?phone</span></span></td>\s*"
        r"<td class=\"num\" data-variant-journeys>(\d+)</td>",
        html,
        re.S,
    )
    assert variant and variant.group(1) == "2"
    assert 'id="attribution-chart"' in html and "vega-embed.js" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="dfg"' in html
    assert 'data-channel="Website"' in html
    # Candidates are listed with the button for editors.
    assert 'value="Instagram ads"' in html and "Add the selected to the inventory" in html
    assert not staged_files(), "the upload moved from staging to the run"


def test_a_segment_shows_its_own_numbers(run: AnalysisRun, world: Any) -> None:
    html = world.client("viewer").get(url("run", world, pk=run.pk) + "?segment=B").content.decode()
    assert kpi(html, "journeys") == "2" and kpi(html, "conversions") == "1"
    assert 'class="on" aria-current="true">B<' in html
    assert world.client("viewer").get(url("run", world, pk=run.pk) + "?segment=Z").status_code == 404


def test_confidence_intervals_are_shown_when_computed(world: Any, inventory: Any) -> None:
    from .conftest import make_run

    run = make_run(world, options={"bootstrap": 20, "confidence": 0.9})
    html = world.client("viewer").get(url("run", world, pk=run.pk)).content.decode()
    assert "the bootstrap 90% confidence interval" in html
    assert re.search(
        r'data-cell="phone\|last_touch">3<small>100.0%</small><small class="ci">[\d.]+–[\d.]+</small>', html
    )


@pytest.mark.parametrize(
    "lang, first, last",
    [("en", "03/01/2024", "03/"), ("ru", "01.03.2024", "03.2024"), ("es", "01/03/2024", "/03/2024")],
)
def test_the_period_is_written_as_in_the_readers_language(
    run: AnalysisRun, world: Any, lang: str, first: str, last: str
) -> None:
    client = world.client("viewer")
    client.cookies["django_language"] = lang
    html = client.get(url("run", world, pk=run.pk)).content.decode()
    period = html[html.index('class="period"') :]
    period = period[: period.index("</div>")]
    assert f"<strong>{first}</strong>" in period and last in period and "2024-03" not in period


def test_viewers_see_results_without_edit_controls(run: AnalysisRun, world: Any) -> None:
    html = world.client("viewer").get(url("run", world, pk=run.pk)).content.decode()
    assert "Instagram ads" in html and "Add the selected to the inventory" not in html
    assert "Analyse again with other filters" not in html and url("delete", world, pk=run.pk) not in html
    home = world.client("viewer").get(url("home", world)).content.decode()
    assert run.name in home and 'type="file"' not in home


def test_exports_in_every_format(run: AnalysisRun, world: Any) -> None:
    client = world.client("viewer")
    response = client.get(url("export", world, pk=run.pk, what="attribution", fmt="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Channel,Touchpoint id,Touchpoint,Model key" in text.splitlines()[0]
    assert any(line.startswith(",phone,") and ",last_touch,Last touch,3.0,1.0," in line for line in text.splitlines())
    data = json.loads(client.get(url("export", world, pk=run.pk, what="attribution", fmt="json")).content)
    row = next(r for r in data if r["channel"] == "Website" and r["model"] == "linear")
    assert row["conversions"] == pytest.approx(1.0) and row["touchpoint"] == "Website"
    book = load_workbook(
        io.BytesIO(client.get(url("export", world, pk=run.pk, what="attribution", fmt="xlsx")).content)
    )
    assert book.sheetnames == ["Attribution", "Side by side"]
    variants = json.loads(client.get(url("export", world, pk=run.pk, what="variants", fmt="json")).content)
    assert variants[0] == {
        "path": "ads-context → Website → phone",
        "length": 3,
        "journeys": 2,
        "conversions": 2,
        "conversion_rate": 1.0,
        "value": 200.0,
    }
    segment = json.loads(
        client.get(url("export", world, pk=run.pk, what="variants", fmt="json") + "?segment=B").content
    )
    assert sum(v["journeys"] for v in segment) == 2
    for what in ("transitions", "channels"):
        assert client.get(url("export", world, pk=run.pk, what=what, fmt="xlsx")).status_code == 200
    whole = json.loads(client.get(url("export", world, pk=run.pk, what="result", fmt="json")).content)
    assert whole["schema_version"] == 1 and whole["summary"]["conversions"] == 3
    assert client.get(url("export", world, pk=run.pk, what="secrets", fmt="csv")).status_code == 404


def test_a_formula_in_a_channel_name_is_neutralised_in_exports(world: Any, inventory: Any) -> None:
    from .conftest import make_run

    rows = [(c, t, '=HYPERLINK("x")' if ch == "social" else ch, v, val, s) for c, t, ch, v, val, s in ROWS]
    run = make_run(world, csv_bytes(rows))
    text = world.client("viewer").get(url("export", world, pk=run.pk, what="attribution", fmt="csv")).content.decode()
    assert "'=HYPERLINK" in text


def test_editors_add_candidates_to_the_inventory(run: AnalysisRun, world: Any) -> None:
    client = world.client("editor")
    response = client.post(url("candidates", world, pk=run.pk), {"channels": ["Instagram ads", "social"]})
    assert response.status_code == 302
    added = Touchpoint.objects.filter(workspace=world.workspace, name__in=["Instagram ads", "social"])
    assert added.count() == 2
    html = client.get(url("run", world, pk=run.pk)).content.decode()
    assert "Added 2 touchpoints to the inventory" in html
    assert "None: every channel of the log is in the inventory." in html
    # Asking for a channel that is not a candidate is refused.
    client.post(url("candidates", world, pk=run.pk), {"channels": ["phone"]})
    assert Touchpoint.objects.filter(workspace=world.workspace).count() == 5


def test_repeat_with_a_period_from_the_page(run: AnalysisRun, world: Any) -> None:
    client = world.client("editor")
    response = client.post(url("rerun", world, pk=run.pk), {"since": "2024-03-04", "until": "2024-03-06"})
    new = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == url("run", world, pk=new.pk)
    assert new.status == "done" and (new.journeys, new.conversions) == (2, 2)
    assert new.filters == {"segments": [], "since": "2024-03-04", "until": "2024-03-06"}
    response = client.post(url("rerun", world, pk=run.pk), {"segments": ["nope"]})
    assert AnalysisRun.objects.count() == 2


def test_delete_asks_then_deletes(run: AnalysisRun, world: Any) -> None:
    client = world.client("owner")
    assert "Delete the analysis" in client.get(url("delete", world, pk=run.pk)).content.decode()
    assert client.post(url("delete", world, pk=run.pk)).status_code == 302
    assert not AnalysisRun.objects.exists()


def test_progress_is_polled_while_queued_and_reloads_when_done(world: Any, settings: Any, inventory: Any) -> None:
    from touchpoints.analytics.tasks import run_analysis

    from .conftest import make_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = make_run(world)
    client = world.client("viewer")
    page = client.get(url("run", world, pk=run.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Waiting for a worker" in page
    partial = client.get(url("progress", world, pk=run.pk), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "HX-Refresh" not in partial
    run_analysis.call(run.pk)
    partial = client.get(url("progress", world, pk=run.pk), HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true" and "every 1s" not in partial.content.decode()
    assert client.get(url("progress", world, pk=run.pk)).status_code == 302


def test_a_failed_run_shows_its_error(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from touchpoints.analytics.services import execution

    from .conftest import make_run

    monkeypatch.setattr(execution, "analyze_log", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))
    run = make_run(world)
    html = world.client("viewer").get(url("run", world, pk=run.pk)).content.decode()
    assert "The analysis failed; nothing of it was kept." in html and "disk full" in html


# ---- bad input -----------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_before_reading_with_the_command(world: Any, settings: Any) -> None:
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 1000
    client = world.client("editor")
    # A declared 2 GB body is refused on its Content-Length: the (empty) payload is never read, or
    # the test client's FakePayload would fail for reading past its end.
    response = client.post(
        url("upload", world),
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "This log (2 GB) is larger than the 1000 B the page accepts" in html
    assert (
        f"touchpoints journeys analyze LOG --map customer=COLUMN,timestamp=COLUMN,touchpoint=COLUMN,conversion=COLUMN "
        f"--workspace {world.slug}" in html
    )
    assert not AnalysisRun.objects.exists() and not staged_files()


def test_an_upload_over_the_limit_is_stopped_while_streaming(world: Any, settings: Any) -> None:
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 200  # the log is ~700 bytes; its Content-Length is within the slack
    response = world.client("editor").post(url("upload", world), {"file": upload(csv_bytes())})
    assert response.status_code == 413
    assert "larger than the 200 B the page accepts" in response.content.decode()
    assert "touchpoints journeys analyze" in response.content.decode()
    assert not AnalysisRun.objects.exists() and not staged_files()


def test_the_page_tells_the_browser_the_limit(world: Any, settings: Any) -> None:
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    html = world.client("editor").get(url("home", world)).content.decode()
    assert 'data-max-bytes="5242880"' in html and "up to 5 MB here" in html
    assert "--workspace " + world.slug in html


@pytest.mark.parametrize("lang, shown", [("ru", "5,5 МБ"), ("es", "5,5 MB"), ("en", "5.5 MB")])
def test_sizes_are_written_as_in_the_readers_language(world: Any, settings: Any, lang: str, shown: str) -> None:
    settings.ANALYTICS_MAX_UPLOAD_BYTES = 5 * 1024 * 1024 + 512 * 1024
    client = world.client("editor")
    client.cookies["django_language"] = lang
    html = client.get(url("home", world)).content.decode()
    assert shown in html


@pytest.mark.parametrize(
    "content, name, words",
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "log.csv",
            "binary data, not a CSV, Parquet or JSON Lines log",
        ),
        (b"PK\x03\x04 not really a zip", "log.parquet", "ZIP archive or an Excel workbook"),
        (b"", "log.csv", "empty"),
        (b"client_id,event_time,channel,converted\n", "log.csv", "has a header but no rows"),
    ],
)
def test_what_is_not_a_log_is_refused_at_upload(world: Any, content: bytes, name: str, words: str) -> None:
    response = world.client("editor").post(url("upload", world), {"file": upload(content, name)})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not AnalysisRun.objects.exists() and not staged_files()


def test_a_log_named_wrongly_is_read_by_its_content(world: Any) -> None:
    client = world.client("editor")
    map_url = upload_to_map(client, world, csv_bytes(), "export.parquet")
    html = client.get(map_url).content.decode()
    assert "Read as CSV by its content, whatever its name says." in html


def test_an_unparsable_timestamp_is_named_on_the_mapping_form(world: Any) -> None:
    rows = list(ROWS)
    rows[6] = ("u3", "31/02/2024 25:00", "Website", 0, "", "B")
    client = world.client("editor")
    map_url = upload_to_map(client, world, csv_bytes(rows))
    token = map_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(map_url, mapping_post(token))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "row 7 (line 8 of the file): column &#x27;event_time&#x27; (timestamp) value &#x27;31/02/2024 25:00&#x27;"
        in html
    )
    assert not AnalysisRun.objects.exists()
    assert staged_files(), "the upload stays for a corrected mapping"
    # Mapping the timestamp to a text column is named the same way.
    response = client.post(
        map_url, mapping_post(token, timestamp="channel", touchpoint="client_id", customer="segment", segment="")
    )
    assert response.status_code == 400 and "is not a timestamp" in response.content.decode()


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "ru",
            "строка 7 (строка файла 8): в столбце &#x27;event_time&#x27; (время) значение &#x27;31/02/2024 25:00&#x27; "
            "не является моментом времени",
        ),
        (
            "es",
            "fila 7 (línea 8 del archivo): columna &#x27;event_time&#x27; (marca de tiempo), el valor "
            "&#x27;31/02/2024 25:00&#x27; no es una marca de tiempo",
        ),
    ],
)
def test_the_fault_is_named_in_the_page_language(world: Any, language: str, words: str) -> None:
    rows = list(ROWS)
    rows[6] = ("u3", "31/02/2024 25:00", "Website", 0, "", "B")
    client = world.client("editor")
    map_url = upload_to_map(client, world, csv_bytes(rows))
    token = map_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(map_url, mapping_post(token), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_a_missing_required_field_is_asked_for(world: Any) -> None:
    client = world.client("editor")
    map_url = upload_to_map(client, world, csv_bytes())
    token = map_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(map_url, mapping_post(token, conversion=""))
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(map_url, mapping_post(token, conversion="converted", value="converted"))
    assert response.status_code == 400 and "already mapped to conversion" in response.content.decode()
    assert not AnalysisRun.objects.exists()


def test_a_staged_log_is_private_to_its_workspace_and_can_be_cancelled(world: Any) -> None:
    map_url = upload_to_map(world.client("editor"), world, csv_bytes())
    token = map_url.rstrip("/").rsplit("/", 1)[-1]
    other = world.client("outsider").get(reverse("analytics:map", kwargs={"slug": world.other.slug, "token": token}))
    assert other.status_code == 302 and not AnalysisRun.objects.exists()
    response = world.client("owner").post(map_url, {"action": "cancel", "token": token})
    assert response.status_code == 302 and not staged_files()
    assert world.client("owner").get(map_url).status_code == 302


def test_the_list_and_results_pages_run_a_bounded_number_of_queries(
    world: Any, run: AnalysisRun, django_assert_max_num_queries: Any, pages_within: Any
) -> None:
    from touchpoints.analytics import services

    for i in range(12):
        services.analysis_store(
            workspace=world.workspace, result=run.result, source_name=f"log-{i}.csv", created_by=world.users["owner"]
        )
    client = world.client("viewer")
    with django_assert_max_num_queries(8):
        html = client.get(url("home", world)).content.decode()
    assert html.count('class="status-badge"') == 13
    pages_within(client, 8, url("run", world, pk=run.pk), f"/api/v1/workspaces/{world.slug}/analytics/runs")
