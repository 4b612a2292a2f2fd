"""Pages and API: the permission matrix, bad input, exports, the what-if panel, the map badge."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from touchpoints.impact import services
from touchpoints.impact.models import ImpactEstimate, ImpactSettings
from touchpoints.lib.testing_access import EDIT, EVERYONE, READ, AccessMatrix, Case

pytestmark = pytest.mark.django_db


def _impact_written() -> tuple[int, int]:
    return ImpactSettings.objects.count(), ImpactEstimate.objects.filter(source__in=["manual", "logs"]).count()


@pytest.mark.parametrize("who", EVERYONE)
def test_permission_matrix_pages(
    access: AccessMatrix, world: Any, study: Any, run: Any, touchpoints: dict[str, Any], who: str
) -> None:
    services.impact_from_study(workspace=world.workspace, study=study)
    base = "/w/{slug}/impact/"
    reads = [
        base,
        base + "?source=logs",
        base + f"?touchpoint={touchpoints['Reception'].pk}",
        base + "export.csv",
        base + "export.xlsx",
        base + "export.json",
    ]
    manual = {"touchpoint": touchpoints["Parking"].pk, "value": "0.2", "unit": "pts", "reason": "Test"}
    posts = [
        Case("post", base + "from-study/", EDIT, {"study": study.pk}, ok=(302,)),
        Case("post", base + "from-run/", EDIT, {"run": run.pk}, ok=(302,)),
        Case("post", base + "manual/", EDIT, manual, ok=(302,)),
        Case("post", base + "settings/", EDIT, {"source": "logs"}, ok=(302,)),
    ]
    access.check(who, [*(Case("get", url, READ, ok=(200,)) for url in reads), *posts], unchanged=_impact_written)
    if who in ("owner", "editor"):
        assert ImpactEstimate.objects.filter(source="logs", current=True).count() == 3
        assert ImpactSettings.objects.get(workspace=world.workspace).source == "logs"
        assert ImpactEstimate.objects.filter(source="manual", current=True).count() == 1
    else:
        assert not ImpactSettings.objects.exists()
        assert not ImpactEstimate.objects.filter(source__in=["manual", "logs"]).exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_permission_matrix_api(
    access: AccessMatrix, world: Any, study: Any, run: Any, touchpoints: dict[str, Any], who: str
) -> None:
    api = "/api/v1/workspaces/{slug}/impact"
    tp = touchpoints["Reception"].pk
    reads = (api, api + "/estimates?source=survey", api + f"/what-if/{tp}")
    cases = [
        *(Case("get", url, READ, ok=(200,)) for url in reads),
        Case("json", api + f"/studies/{study.pk}/compute", EDIT, {}, ok=(201,)),
        Case("json", api + f"/runs/{run.pk}/compute", EDIT, {}, ok=(201,)),
        Case(
            "json",
            api + "/manual",
            EDIT,
            {"touchpoint_id": tp, "value": 1, "unit": "pts", "reason": "Panel"},
            ok=(201,),
        ),
        Case("put", api + "/settings", EDIT, {"source": "manual"}, ok=(200,)),
    ]
    access.check(who, cases, unchanged=_impact_written)


def test_page_shows_bars_table_reading_and_what_if(
    world: Any, study: Any, run: Any, touchpoints: dict[str, Any]
) -> None:
    services.impact_from_study(workspace=world.workspace, study=study)
    services.impact_from_run(workspace=world.workspace, run=run)
    c = world.client("viewer")
    html = c.get(f"/w/{world.slug}/impact/?touchpoint={touchpoints['Reception'].pk}").content.decode()
    assert "A better Reception moves the likelihood to choose most" in html and "Parking moves it least" in html
    assert 'id="impact-chart"' in html and "Reception" in html
    shares = html.split("Shapley share of R²", 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r'<td [^>]*class="num">\d+%</td>', shares)) == 2 * len(touchpoints)  # both shares
    assert "Its experience one step better" in html and "no log figure" not in html
    html = c.get(f"/w/{world.slug}/impact/?source=logs").content.decode()
    assert "conversions lost without it" in html.lower() or "Conversions lost without it" in html
    csv = c.get(f"/w/{world.slug}/impact/export.csv?source=logs").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Touchpoint id,Touchpoint,Impact") and "Reception" in csv
    data = json.loads(c.get(f"/w/{world.slug}/impact/export.json").content)
    assert {row["touchpoint"] for row in (data if isinstance(data, list) else data["rows"])} == set(
        t.name for t in touchpoints.values()
    )


def test_bad_input_gets_a_clear_message(world: Any, touchpoints: dict[str, Any]) -> None:
    from touchpoints.feedback.models import Study

    empty = Study.objects.create(workspace=world.workspace, name="Empty")
    c = world.client("editor")
    r = c.post(f"/w/{world.slug}/impact/from-study/", {"study": empty.pk}, follow=True)
    assert r.status_code == 200 and "no answers yet" in r.content.decode()
    r = c.post(f"/w/{world.slug}/impact/from-run/", {"run": "nope"}, follow=True)
    assert r.status_code == 200 and "Choose a finished analysis" in r.content.decode()
    r = c.post(
        f"/w/{world.slug}/impact/manual/",
        {"touchpoint": touchpoints["Parking"].pk, "value": "2", "low": "3", "unit": "pts", "reason": "Guess"},
    )
    assert r.status_code == 400 and "lower bound cannot exceed" in r.content.decode()
    assert "Guess" in r.content.decode()  # nothing typed is lost
    api = f"/api/v1/workspaces/{world.slug}/impact"
    r = c.post(api + f"/studies/{empty.pk}/compute")
    assert r.status_code == 400 and "no answers" in r.content.decode()
    r = c.get(api + "/estimates?source=oracle")
    assert r.status_code == 400
    assert not ImpactEstimate.objects.exists()


def test_journey_map_shows_an_impact_bar(world: Any, study: Any, touchpoints: dict[str, Any]) -> None:
    from touchpoints.journeys.models import Journey, JourneyStep
    from touchpoints.workspaces.models import Brand

    services.impact_from_study(workspace=world.workspace, study=study)
    brand = Brand.objects.filter(workspace=world.workspace).first()
    assert brand is not None
    journey = Journey.objects.create(workspace=world.workspace, name="Visit", brand=brand)
    JourneyStep.objects.create(journey=journey, touchpoint=touchpoints["Reception"], stage="decision", position=1)
    html = world.client("viewer").get(f"/w/{world.slug}/journeys/{journey.pk}/").content.decode()
    assert 'class="card-badge"' in html and "Impact: " in html


def test_journey_map_impact_bar_writes_the_figure_in_the_readers_language(
    world: Any, study: Any, touchpoints: dict[str, Any]
) -> None:
    from touchpoints.journeys.models import Journey, JourneyStep
    from touchpoints.workspaces.models import Brand

    services.impact_from_study(workspace=world.workspace, study=study)
    brand = Brand.objects.filter(workspace=world.workspace).first()
    assert brand is not None
    journey = Journey.objects.create(workspace=world.workspace, name="Visit", brand=brand)
    JourneyStep.objects.create(journey=journey, touchpoint=touchpoints["Reception"], stage="decision", position=1)
    c = world.client("viewer")
    c.cookies["django_language"] = "ru"
    html = c.get(f"/w/{world.slug}/journeys/{journey.pk}/").content.decode()
    badge = re.search(r'<meter class="card-badge"[^>]* title="([^"]*)"', html)
    assert badge is not None
    assert re.search(r"\d,\d\d ", badge.group(1)) and not re.search(r"\d\.\d\d ", badge.group(1))


def test_the_what_if_panel_keeps_the_chosen_segment(world: Any, study: Any, touchpoints: dict[str, Any]) -> None:
    from touchpoints.impact import selectors

    services.impact_from_study(workspace=world.workspace, study=study)
    segment = selectors.segments(workspace=world.workspace)[0]
    html = world.client("viewer").get(f"/w/{world.slug}/impact/", {"segment": segment}).content.decode()
    what_if = html[html.index('id="im-whatif"') :]
    what_if = what_if[: what_if.index("</form>")]
    assert f'<input type="hidden" name="segment" value="{segment}">' in what_if  # "Show" keeps the segment


def test_long_names_that_begin_alike_stay_two_bars_with_the_whole_name_on_hover() -> None:
    """Two touchpoints whose long names differ only at the end get two different labels on the
    chart (start … end), and the tooltip of each bar names the touchpoint in full."""
    from touchpoints.impact.report import Row, chart_spec
    from touchpoints.impact.selectors import ImpactFigure
    from touchpoints.lib import vega
    from touchpoints.lib.charts import chart_svg

    first = "Запись на приём к врачу-специалисту по телефону через колл-центр"
    second = "Запись на приём к врачу-специалисту по телефону через мобильное приложение"
    import datetime as dt

    def figure(pk: int) -> ImpactFigure:
        return ImpactFigure(
            pk, 0.4, 0.2, 0.6, "likelihood_per_step", "survey", dt.datetime(2026, 9, 7), "", "", 1.0, pk
        )

    rows = [Row(1, first, figure(1)), Row(2, second, figure(2))]
    spec = chart_spec(rows, "Impact")
    svg = chart_svg({**spec, "config": {"font": vega.THEME["font"]}})  # measured as the page draws it
    labels = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.startswith("Запись")]
    assert len(labels) == 2 and labels[0] != labels[1], labels
    assert labels[0].endswith("колл-центр") and labels[1].endswith("приложение"), labels
    assert {row["touchpoint"] for row in spec["data"]["values"]} == {first, second}
    for layer in spec["layer"]:
        assert layer["encoding"]["tooltip"][0]["field"] == "touchpoint"
