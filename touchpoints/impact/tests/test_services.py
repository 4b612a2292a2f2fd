"""Services and the selector: from a study, from a run, by hand; which source counts; bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from touchpoints.impact import selectors, services
from touchpoints.impact.models import ImpactEstimate

from .conftest import make_run, make_study

pytestmark = pytest.mark.django_db


def test_key_drivers_from_a_study_rank_the_touchpoints(world: Any, study: Any, touchpoints: dict[str, Any]) -> None:
    done = services.impact_from_study(workspace=world.workspace, study=study, author=world.users["editor"])
    assert done.stored == 3 and done.not_enough == 0 and done.segments == 2
    figs = selectors.touchpoint_impacts(workspace=world.workspace)
    by_name = {tp.name: figs[tp.pk] for tp in touchpoints.values()}
    assert by_name["Reception"].value > by_name["Website"].value > by_name["Parking"].value
    r = by_name["Reception"]
    assert r.low is not None and r.high is not None
    assert r.low < 1.0 < r.high and r.source == "survey" and r.origin == f"study:{study.pk}"
    assert r.unit == "likelihood_per_step" and r.relative == pytest.approx(1.0)
    assert r.details["improve"][0] > 0 and len(r.details["remove"]) == 3
    # a second computation replaces the first
    services.impact_from_study(workspace=world.workspace, study=study)
    assert ImpactEstimate.objects.filter(current=True, segment="").count() == 3
    assert selectors.segments(workspace=world.workspace)


def test_a_study_without_answers_or_with_too_few(world: Any, touchpoints: dict[str, Any]) -> None:
    from touchpoints.feedback.models import Study

    empty = Study.objects.create(workspace=world.workspace, name="Empty")
    with pytest.raises(ValidationError, match="no answers"):
        services.impact_from_study(workspace=world.workspace, study=empty)
    few = make_study(world, touchpoints, respondents=4, name="Few")
    with pytest.raises(ValidationError, match="enough answers"):
        services.impact_from_study(workspace=world.workspace, study=few)
    assert not ImpactEstimate.objects.exists()


def test_from_a_run_and_which_source_counts(world: Any, run: Any, study: Any, touchpoints: dict[str, Any]) -> None:
    done = services.impact_from_run(workspace=world.workspace, run=run)
    assert done.stored == 3
    figs = selectors.figures(selectors.current_estimates(workspace=world.workspace))["logs"]
    values = {tp.name: figs[tp.pk].value for tp in touchpoints.values()}
    assert values["Reception"] > values["Website"] > values["Parking"]
    bounds = [(figs[tp.pk].low, figs[tp.pk].value, figs[tp.pk].high) for tp in touchpoints.values()]
    assert all(low is not None and high is not None and low <= value <= high for low, value, high in bounds)
    services.impact_from_study(workspace=world.workspace, study=study)
    assert {f.source for f in selectors.touchpoint_impacts(workspace=world.workspace).values()} == {"survey"}
    services.impact_settings_set(workspace=world.workspace, source="logs")
    assert {f.source for f in selectors.touchpoint_impacts(workspace=world.workspace).values()} == {"logs"}
    with pytest.raises(ValidationError):
        services.impact_settings_set(workspace=world.workspace, source="oracle")


def test_a_log_with_one_channel_or_no_conversions(world: Any, tmp_path: Path, touchpoints: dict[str, Any]) -> None:
    one = make_run(world, tmp_path, [(f"u{i}", i, "Reception", i % 2) for i in range(20)], touchpoints)
    with pytest.raises(ValidationError, match="only one channel"):
        services.impact_from_run(workspace=world.workspace, run=one)
    none = make_run(world, tmp_path, [(f"u{i}", i, ["Reception", "Website"][i % 2], 0) for i in range(20)], touchpoints)
    with pytest.raises(ValidationError, match="no conversions"):
        services.impact_from_run(workspace=world.workspace, run=none)
    assert not ImpactEstimate.objects.exists()


def test_manual_estimate_needs_a_reason_and_fills_in(world: Any, touchpoints: dict[str, Any]) -> None:
    tp = touchpoints["Parking"]
    with pytest.raises(ValidationError) as exc:
        services.impact_record_manual(
            workspace=world.workspace,
            touchpoint=tp,
            value=0.3,
            low=0.5,
            high=None,
            unit="points",
            reason=" ",
            author=world.users["editor"],
        )
    assert "reason" in exc.value.error_dict
    services.impact_record_manual(
        workspace=world.workspace,
        touchpoint=tp,
        value=0.3,
        low=0.1,
        high=0.6,
        unit="points",
        reason="Mystery shopping",
        author=world.users["editor"],
    )
    fig = selectors.touchpoint_impacts(workspace=world.workspace)[tp.pk]
    assert fig.source == "manual" and fig.reason == "Mystery shopping" and fig.origin_label == "editor"


def test_selector_queries_are_bounded(world: Any, study: Any, run: Any, django_assert_max_num_queries: Any) -> None:
    services.impact_from_study(workspace=world.workspace, study=study)
    services.impact_from_run(workspace=world.workspace, run=run)
    with django_assert_max_num_queries(2):
        assert len(selectors.touchpoint_impacts(workspace=world.workspace)) == 3
