"""The impact page's figures feed the priorities' impact factor (hand-worked numbers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from touchpoints.feedback.models import Study
from touchpoints.impact.models import ImpactEstimate, ImpactSettings
from touchpoints.priorities import formula, selectors
from touchpoints.priorities.inputs import MANUAL, impact_inputs

pytestmark = pytest.mark.django_db


def _survey(plan: Any) -> Study:
    ws = plan.world.workspace
    study = Study.objects.create(workspace=ws, name="Spring survey")
    for name, (value, low, high) in {
        "Phone": (1.2, 0.9, 1.5),
        "Newsletter": (0.6, 0.3, 0.9),
        "Parking": (-0.3, -0.6, 0.0),
    }.items():
        ImpactEstimate.objects.create(
            workspace=ws,
            touchpoint=plan.tps[name],
            source="survey",
            value=value,
            low=low,
            high=high,
            unit="likelihood_per_step",
            study=study,
        )
    return study


def test_measure_is_brought_to_0_1_by_the_largest_figure_of_its_source() -> None:
    assert formula.impact_from_measure(0.6, 0.3, 0.9, scale=1.2) == (0.5, 0.25, 0.75)
    assert formula.impact_from_measure(-0.3, -0.6, 0.0, scale=1.2) == (0.0, 0.0, 0.0)
    assert formula.impact_from_measure(1.2, 0.9, 1.5, scale=1.2) == (1.0, 0.75, 1.0)
    assert formula.impact_from_measure(0.0, None, None, scale=0.0) == (0.0, None, None)


def test_survey_figures_replace_the_manual_estimate_which_stays_the_fallback(plan) -> None:  # noqa: ANN001
    _survey(plan)
    figures = impact_inputs(workspace=plan.world.workspace)
    tps = plan.tps
    phone, news, parking, chat = (figures[tps[n].pk] for n in ("Phone", "Newsletter", "Parking", "Chat"))
    assert (phone.value, phone.low, phone.high, phone.source) == (1.0, 0.75, 1.0, "survey")
    assert (news.value, news.low, news.high) == (0.5, 0.25, 0.75)
    assert parking.value == 0.0 and parking.source == "survey"  # the manual 2 of 5 no longer counts
    assert (chat.value, chat.source, chat.estimate) == (1.0, MANUAL, 5)  # no survey figure: the team's 5

    rows = {r.name: r for r in selectors.priority_list(workspace=plan.world.workspace)}
    assert rows["Phone"].score == 48.0  # 100 × 0.6 × 1.0 × (6 − 2) / 5
    assert rows["Chat"].score == 100.0
    assert rows["Parking"].score == 0.0
    assert rows["Newsletter"].score is None and rows["Newsletter"].missing == ("cost",)


def test_the_chosen_source_counts(plan) -> None:  # noqa: ANN001
    _survey(plan)
    ws = plan.world.workspace
    ImpactEstimate.objects.create(
        workspace=ws,
        touchpoint=plan.tps["Phone"],
        source="logs",
        value=25.0,
        low=20.0,
        high=30.0,
        unit="conversions_lost",
    )
    ImpactEstimate.objects.create(
        workspace=ws,
        touchpoint=plan.tps["Chat"],
        source="logs",
        value=50.0,
        low=None,
        high=None,
        unit="conversions_lost",
    )
    ImpactSettings.objects.create(workspace=ws, source="logs")
    figures = impact_inputs(workspace=ws)
    phone = figures[plan.tps["Phone"].pk]
    assert (phone.source, phone.value, phone.low, phone.high) == ("logs", 0.5, 0.4, 0.6)
    assert figures[plan.tps["Newsletter"].pk].source == "survey"  # no log figure: the next source


def test_priority_page_shows_the_source_and_interval(plan) -> None:  # noqa: ANN001
    _survey(plan)
    html = (
        plan.world.client("viewer").get(reverse("priorities:list", args=[plan.world.workspace.slug])).content.decode()
    )
    assert "Survey key drivers · Spring survey" in html
    assert '<strong>0.50</strong> <span class="small muted">(0.25–0.75)</span>' in html
    assert "0.60 (0.30–0.90) likelihood points per step" in html
    assert "estimated by the team" in html  # Chat keeps the manual estimate
