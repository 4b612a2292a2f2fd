"""The demo clinic's impact page shows figures at once: key drivers from the demo study (with its
choice panel, whose respondents rate several clinics) and the counterfactual of the demo analysis."""

from __future__ import annotations

import re
from typing import Any

from touchpoints.feedback.demo import feedback_content
from touchpoints.impact.models import ImpactEstimate

TOUCHPOINTS = feedback_content()["touchpoints"]  # the demo study's touchpoints, by code


def _interval(e: ImpactEstimate) -> tuple[float, float, float]:
    assert e.value is not None and e.low is not None and e.high is not None
    return e.low, e.value, e.high


def test_demo_clinic_impact_page_lists_touchpoints_with_intervals(
    db: Any, settings: Any, tmp_path: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from touchpoints.demo.services import DEMO_PASSWORD, DEMO_USERNAME, demo_load

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        ws, _created = demo_load()
    survey = {
        e.touchpoint.code: _interval(e)
        for e in ImpactEstimate.objects.filter(workspace=ws, source="survey", current=True, segment="").select_related(
            "touchpoint"
        )
    }
    # every study touchpoint has a figure with an interval; the panel lets respondents compare clinics
    assert set(survey) == set(TOUCHPOINTS)
    assert all(low < value < high for low, value, high in survey.values())
    identification = ImpactEstimate.objects.filter(workspace=ws, source="survey", current=True, segment="")
    assert {e.details["identification"] for e in identification} <= {"within", "mixed"}
    # the demo's story: the doctors and the phone line move the choice most, the reminder and the
    # waiting area least
    ranked = sorted(survey, key=lambda code: -survey[code][1])
    assert set(ranked[:2]) == {"doctor-consultation", "phone"}
    assert {"sms-reminder", "premises-waiting"} <= set(ranked[-3:])
    assert survey["doctor-consultation"][0] > survey["sms-reminder"][2]
    logs = ImpactEstimate.objects.filter(workspace=ws, source="logs", current=True)
    assert logs.count() >= 5 and all(low <= value <= high for low, value, high in map(_interval, logs))

    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    for source, n in (("survey", len(TOUCHPOINTS)), ("logs", logs.count())):
        html = client.get(f"/w/{ws.slug}/impact/?source={source}").content.decode()
        assert 'id="impact-chart"' in html
        table = html.split('class="im-table', 1)[1].split("</table>", 1)[0]
        intervals = re.findall(r"<td [^>]*class=\"num\">-?[\d.,]+ … -?[\d.,]+</td>", table)
        assert len(intervals) == n, (source, len(intervals))
    assert "moves the likelihood to choose most" in client.get(f"/w/{ws.slug}/impact/").content.decode()
