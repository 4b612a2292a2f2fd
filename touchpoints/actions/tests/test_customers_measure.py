"""Customers' feedback as the second measured result of an action (hand-worked numbers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from touchpoints.actions.measure import MEASURED, NO_BEFORE, NOT_DONE, WAITING, WeekSum, feedback_before_after
from touchpoints.actions.models import Action
from touchpoints.feedback.models import Study
from touchpoints.feedback.tests.helpers import store_answers

UTC = dt.UTC
STARTED = dt.datetime(2026, 3, 18, 10, tzinfo=UTC)  # a Wednesday
DONE = dt.datetime(2026, 4, 15, 10, tzinfo=UTC)  # a Wednesday
WEEKS = [
    WeekSum(dt.date(2026, 1, 19), 50, 100),  # more than 8 weeks before the start: left out
    WeekSum(dt.date(2026, 2, 9), 10, -5),
    WeekSum(dt.date(2026, 3, 9), 10, 5),  # ends on Sunday 15 March, before the start: in
    WeekSum(dt.date(2026, 3, 16), 100, 200),  # the week work started in: neither
    WeekSum(dt.date(2026, 4, 13), 100, -200),  # the week it was done in: neither
    WeekSum(dt.date(2026, 4, 20), 20, 30),
    WeekSum(dt.date(2026, 6, 15), 50, -100),  # more than 8 weeks after: left out
]


def test_windows_by_hand() -> None:
    m = feedback_before_after(weeks=WEEKS, started=STARTED, done=DONE, minimum=20)
    # before: (−5 + 5) / 20 = 0.0; after: 30 / 20 = 1.5
    assert m.state == MEASURED
    assert (m.before.value, m.before.n, m.after.value, m.after.n, m.change) == (0.0, 20, 1.5, 20, 1.5)


def test_too_few_answers_is_not_a_result() -> None:
    m = feedback_before_after(weeks=WEEKS, started=STARTED, done=DONE, minimum=21)
    assert m.state == NO_BEFORE and m.change is None and m.before.n == 20
    only_before = [w for w in WEEKS if w.week < dt.date(2026, 3, 16)]
    m = feedback_before_after(weeks=only_before, started=STARTED, done=DONE, minimum=20)
    assert m.state == WAITING and m.after is None and m.change is None
    m = feedback_before_after(weeks=WEEKS, started=STARTED, done=None, minimum=20)
    assert m.state == NOT_DONE and m.before.value == 0.0
    assert feedback_before_after(weeks=[], started=STARTED, done=DONE, minimum=1).state == NO_BEFORE


def _answers(plan: Any, tp: Any, at: dt.datetime, positivities: list[int], brand: Any = None) -> None:
    ws = plan.workspace
    study = Study.objects.filter(workspace=ws).first() or Study.objects.create(workspace=ws, name="Patients")
    brand = brand or ws.brands.get(is_own=True)
    store_answers(study, [(p, 5) for p in positivities], brand=brand, touchpoint=tp, created_at=at)


@pytest.fixture
def done(plan: Any) -> tuple[Action, Any]:
    """The plan's first action, done (started and finished on the dates above), and its touchpoint."""
    action = plan.actions[0]
    Action.objects.filter(pk=action.pk).update(status="done", started_at=STARTED, done_at=DONE)
    return action, plan.touchpoints[0]


@pytest.mark.django_db
def test_action_shows_customers_before_and_after(plan, done, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 3
    action, tp = done
    _answers(plan, tp, dt.datetime(2026, 3, 10, 12, tzinfo=UTC), [-1, 0, -2, 1])  # mean −0.5
    _answers(plan, tp, dt.datetime(2026, 4, 22, 12, tzinfo=UTC), [2, 1, 1, 2])  # mean 1.5
    _answers(
        plan, tp, dt.datetime(2026, 4, 22, 12, tzinfo=UTC), [-2, -2, -2], brand=plan.workspace.brands.get(is_own=False)
    )  # a rival's: not counted
    client, slug = plan.world.client("viewer"), plan.workspace.slug
    html = client.get(reverse("actions:detail", args=[slug, action.pk])).content.decode()
    assert "Customers -0.50 → 1.50 (4 → 4 answers)" in html
    assert "(+2.00)" in html
    assert "Customers -0.50 → 1.50" in client.get(reverse("actions:list", args=[slug])).content.decode()
    data = client.get(f"/api/v1/workspaces/{slug}/actions/{action.pk}").json()
    assert data["customers"]["state"] == "measured" and data["customers"]["change"] == 2.0
    assert data["customers"]["before"]["answers"] == 4


@pytest.mark.django_db
def test_too_few_customers_answers_are_said(plan, done, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 5
    action, tp = done
    _answers(plan, tp, dt.datetime(2026, 3, 10, 12, tzinfo=UTC), [1, 1])
    html = (
        plan.world.client("viewer")
        .get(reverse("actions:detail", args=[plan.workspace.slug, action.pk]))
        .content.decode()
    )
    assert "Customers before: too few answers (2)" in html
