"""Pages and API: the permission matrix, bad input, exports, the what-if panel, the map badge."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from touchpoints.impact import services
from touchpoints.impact.models import ImpactEstimate, ImpactSettings

pytestmark = pytest.mark.django_db

READ = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404}
WRITE = {"owner": 302, "editor": 302, "auditor": 403, "viewer": 403, "outsider": 404}


def _client(world: Any, who: str) -> Client:
    return Client() if who == "anonymous" else world.client(who)


@pytest.mark.parametrize("who", [*READ, "anonymous"])
def test_permission_matrix_pages(world: Any, study: Any, run: Any, touchpoints: dict[str, Any], who: str) -> None:
    services.impact_from_study(workspace=world.workspace, study=study)
    c = _client(world, who)
    base = f"/w/{world.slug}/impact/"
    reads = [
        base,
        base + "?source=logs",
        base + f"?touchpoint={touchpoints['Reception'].pk}",
        base + "export.csv",
        base + "export.xlsx",
        base + "export.json",
    ]
    for url in reads:
        r = c.get(url)
        if who == "anonymous":
            assert r.status_code == 302 and "/login" in r["Location"], url
        else:
            assert r.status_code == READ[who], url
    posts = [
        (base + "from-study/", {"study": study.pk}),
        (base + "from-run/", {"run": run.pk}),
        (base + "manual/", {"touchpoint": touchpoints["Parking"].pk, "value": "0.2", "unit": "pts", "reason": "Test"}),
        (base + "settings/", {"source": "logs"}),
    ]
    for url, data in posts:
        r = c.post(url, data)
        if who == "anonymous":
            assert r.status_code == 302 and "/login" in r["Location"], url
        else:
            assert r.status_code == WRITE[who], url
    if WRITE.get(who) == 302:
        assert ImpactEstimate.objects.filter(source="logs", current=True).count() == 3
        assert ImpactSettings.objects.get(workspace=world.workspace).source == "logs"
        assert ImpactEstimate.objects.filter(source="manual", current=True).count() == 1
    else:
        assert not ImpactSettings.objects.exists()
        assert not ImpactEstimate.objects.filter(source__in=["manual", "logs"]).exists()


API_READ = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404, "anonymous": 401}
API_WRITE = {"owner": 201, "editor": 201, "auditor": 403, "viewer": 403, "outsider": 404, "anonymous": 401}


@pytest.mark.parametrize("who", list(API_READ))
def test_permission_matrix_api(world: Any, study: Any, run: Any, touchpoints: dict[str, Any], who: str) -> None:
    c = _client(world, who)
    api = f"/api/v1/workspaces/{world.slug}/impact"
    tp = touchpoints["Reception"].pk
    for url in (api, api + "/estimates?source=survey", api + f"/what-if/{tp}"):
        assert c.get(url).status_code == API_READ[who], url
    for url, body in (
        (api + f"/studies/{study.pk}/compute", None),
        (api + f"/runs/{run.pk}/compute", None),
        (api + "/manual", {"touchpoint_id": tp, "value": 1, "unit": "pts", "reason": "Panel"}),
    ):
        r = c.post(url, data=json.dumps(body or {}), content_type="application/json")
        assert r.status_code == API_WRITE[who], (url, r.content)
    r = c.put(api + "/settings", data=json.dumps({"source": "manual"}), content_type="application/json")
    assert r.status_code == {201: 200}.get(API_WRITE[who], API_WRITE[who])


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
    assert len(re.findall(r'<td class="num">\d+%</td>', shares)) == 2 * len(touchpoints)  # both shares
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
