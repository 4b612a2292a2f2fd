"""The widgets of the later steps (feedback, impact, top ten, plan): what a user sees, who may see
it, and that customers' answers are only ever read as sums."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from touchpoints.dashboard import widgets
from touchpoints.workspaces.models import Workspace

NEW = ["radar", "top-ten", "plan", "overdue", "impact", "feedback", "feedback-trend"]
READERS = {"owner": 200, "editor": 200, "auditor": 200, "viewer": 200, "outsider": 404}


def _fresh(workspace: Workspace) -> Workspace:
    return Workspace.objects.get(pk=workspace.pk)


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("who", [*READERS, "anonymous"])
def test_new_widget_endpoints_with_data(filled: Any, who: str, name: str) -> None:
    world = filled.world
    client = Client() if who == "anonymous" else world.client(who)
    response = client.get(f"/w/{world.slug}/home/widgets/{name}/")
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == READERS[who]
    if who == "outsider":
        assert "Answer calls" not in response.content.decode()
    else:
        assert 'class="widget-empty"' not in response.content.decode()


def test_overdue_actions_show_owner_and_deadline(filled: Any) -> None:
    body = filled.world.client("viewer").get(f"/w/{filled.world.slug}/home/widgets/overdue/").content.decode()
    assert "1 action is overdue" in body
    assert "Answer calls within a minute" in body and "5 days late" in body
    assert re.search(rf'href="/w/{filled.world.slug}/actions/\d+/"', body)
    assert "Rewrite the booking page" not in body  # done, so not overdue


def test_plan_progress_gives_the_share_done(filled: Any) -> None:
    html = widgets.REGISTRY["plan"].render(workspace=_fresh(filled.workspace))
    assert "1 of 2 actions done (50%)" in html


def test_feedback_widget_counts_rolled_up_and_fresh_answers(filled: Any) -> None:
    html = widgets.REGISTRY["feedback"].render(workspace=_fresh(filled.workspace))
    assert "24 answers" in html
    assert "33% positive" in html and "33% neutral" in html and "33% negative" in html


def test_feedback_widget_points_to_the_last_weeks_negative_comments(filled: Any) -> None:
    import datetime as dt

    from django.core.cache import cache
    from django.utils import timezone

    from touchpoints.feedback.models import Respondent, Response, Study

    ws = filled.workspace
    assert "negative comment" not in widgets.REGISTRY["feedback"].render(workspace=_fresh(ws))
    study = Study.objects.get(workspace=ws)
    own, rival = ws.brands.get(is_own=True), ws.brands.get(is_own=False)
    now = timezone.now()
    for brand, positivity, days, comment in [
        (own, -2, 1, "Nobody answered"),
        (own, -1, 6, "Long wait"),
        (own, -2, 9, "Last month"),  # older than a week
        (own, 2, 1, "Lovely"),  # positive
        (rival, -2, 1, "Rude"),  # a competitor
        (own, -2, 1, ""),  # nothing to read
    ]:
        Response.objects.create(
            study=study,
            respondent=Respondent.objects.create(study=study),
            brand=brand,
            touchpoint=filled.touchpoints[0],
            positivity=positivity,
            likelihood=3,
            comment=comment,
            created_at=now - dt.timedelta(days=days),
        )
    cache.clear()  # the home keeps a widget for a while; a new answer does not wait for it here
    html = widgets.REGISTRY["feedback"].render(workspace=_fresh(ws))
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert "2 negative comments about your brand in the last 7 days: read them and plan actions" in html
    assert f'href="/w/{ws.slug}/feedback/{study.pk}/comments/?sentiment=negative&amp;since={since}"' in html


def test_segment_coverage_counts_the_answers_given_from_each_segment(filled: Any) -> None:
    (row,) = widgets.REGISTRY["segments"].select(_fresh(filled.workspace))
    assert row["answers"] == 12  # every other respondent said which segment they belong to


def test_impact_summary_lists_the_largest_first_with_intervals(filled: Any) -> None:
    data = widgets.REGISTRY["impact"].select(_fresh(filled.workspace))
    assert [r["value"] for r in data["rows"]] == [1.5, 0.5]
    assert data["rows"][0]["low"] == 0.5 and data["rows"][0]["high"] == 2.5


def test_impact_summary_shows_the_source_the_team_counts_whatever_the_number_of_figures(filled: Any) -> None:
    """Three touchpoints have a log figure and two a survey figure: the widget (and the report, which
    draws it) showed the unit most touchpoints have, the logs', while the impact page led with the
    source the team counts, the key drivers; now both show the counted source's figures."""
    from touchpoints.impact.models import ImpactEstimate
    from touchpoints.impact.services import impact_settings_set
    from touchpoints.inventory.models import Touchpoint

    ws = filled.workspace
    for k in range(3):
        tp = Touchpoint.objects.create(workspace=ws, name=f"Logged {k}")
        ImpactEstimate.objects.create(
            workspace=ws, touchpoint=tp, source="logs", value=10.0 + k, unit="conversions_lost"
        )
    data = widgets.REGISTRY["impact"].select(_fresh(ws))
    assert [r["value"] for r in data["rows"]] == [1.5, 0.5] and data["other_units"] == 3
    impact_settings_set(workspace=ws, source="logs")
    data = widgets.REGISTRY["impact"].select(_fresh(ws))
    assert [r["value"] for r in data["rows"]] == [12.0, 11.0, 10.0] and data["other_units"] == 2


def test_answers_are_only_read_as_sums(filled: Any) -> None:
    """The home must stay fast with a million answers: no query reads answers one by one."""
    ws = _fresh(filled.workspace)
    with CaptureQueriesContext(connection) as ctx:
        for name in ("feedback", "feedback-trend", "segments"):
            widgets.REGISTRY[name].render(workspace=ws)
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if '"feedback_response"' in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert reads
    for sql in reads:
        assert "GROUP BY" in sql or "COUNT(" in sql or "MAX(" in sql, sql


def test_radar_means_are_the_benchmarks(filled: Any) -> None:
    from touchpoints.audits import services as audit_services
    from touchpoints.audits.tests.helpers import score_all, started_audit
    from touchpoints.dashboard.widgets.radar import stage_means
    from touchpoints.priorities.selectors import benchmark_matrix

    ws = _fresh(filled.workspace)
    rival = ws.brands.get(is_own=False)
    audit = started_audit(
        ws,
        "Rival audit",
        filled.touchpoints,
        brand=rival,
        auditors=[filled.world.users["auditor"]],
        created_by=filled.world.users["owner"],
    )
    score_all(audit, filled.world.users["auditor"], raw="8")
    audit_services.audit_transition(audit=audit, action="submit")
    ws = _fresh(ws)
    full = {
        g.key: g.scores
        for g in benchmark_matrix(workspace=ws).by_stage
        if any(v is not None for v in g.scores.values())
    }
    light = {g.key: g.scores for g in stage_means(ws).by_stage}
    assert light == full
    assert len({b for scores in light.values() for b, v in scores.items() if v is not None}) == 2
