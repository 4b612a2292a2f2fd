"""Customers' feedback in the benchmark and in the priorities' experience factor (hand-worked)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from touchpoints.feedback.models import Study
from touchpoints.feedback.rollup import rollup
from touchpoints.feedback.tests.helpers import store_answers
from touchpoints.priorities import formula, selectors

pytestmark = pytest.mark.django_db


def answer(study: Study, brand: Any, tp: Any, answers: list[tuple[int, int]]) -> None:
    store_answers(study, answers, brand=brand, touchpoint=tp)


def _feedback(plan: Any) -> tuple[Any, Any]:
    ws = plan.world.workspace
    own, rival = ws.brands.get(is_own=True), ws.brands.get(is_own=False)
    study = Study.objects.create(workspace=ws, name="Patients")
    answer(study, own, plan.tps["Phone"], [(2, 9), (1, 8), (0, 5), (-1, 3)])
    answer(study, own, plan.tps["Newsletter"], [(2, 10), (2, 10)])  # too few (minimum 3 here)
    answer(study, rival, plan.tps["Chat"], [(1, 7), (1, 8), (-2, 0)])
    return own, rival


def test_feedback_score_and_experience_combination() -> None:
    assert formula.feedback_score(0.5) == 62.5
    assert formula.feedback_score(-2) == 0.0 and formula.feedback_score(2) == 100.0
    assert formula.feedback_score(None) is None
    assert formula.experience_score(40, 62.5) == 51.25
    assert formula.experience_score(None, 62.5) == 62.5 and formula.experience_score(40, None) == 40
    assert formula.experience_score(None, None) is None


def test_figures_per_brand_and_touchpoint_with_the_minimum(plan, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 3
    own, rival = _feedback(plan)
    ws = plan.world.workspace
    figures = selectors.feedback_figures(workspace=ws, touchpoint_ids=[t.pk for t in plan.tps.values()])
    phone = figures[(own.pk, plan.tps["Phone"].pk)]
    assert (phone.n, phone.share_pos, phone.share_neu, phone.share_neg) == (4, 0.5, 0.25, 0.25)
    assert (phone.mean_pos, phone.mean_like, phone.enough) == (0.5, 6.25, True)
    assert figures[(own.pk, plan.tps["Newsletter"].pk)].enough is False
    assert figures[(rival.pk, plan.tps["Chat"].pk)].n == 3
    assert (own.pk, plan.tps["Chat"].pk) not in figures  # no answers: nothing, not zero


def test_rolled_up_and_fresh_answers_are_both_counted(plan, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 3
    own, _rival = _feedback(plan)
    study = Study.objects.get(name="Patients")
    rollup(study, settle=__import__("datetime").timedelta(0), min_batch=0)
    answer(study, own, plan.tps["Phone"], [(2, 10)])  # after the roll-up
    ws = plan.world.workspace
    phone = selectors.feedback_figures(workspace=ws, touchpoint_ids=[plan.tps["Phone"].pk])[
        (own.pk, plan.tps["Phone"].pk)
    ]
    assert (phone.n, phone.mean_pos) == (5, 0.8)


def test_experience_factor_combines_audit_and_feedback(plan, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 3
    _feedback(plan)
    rows = {r.name: r for r in selectors.priority_list(workspace=plan.world.workspace)}
    phone = rows["Phone"]
    # audit 40, customers +0.5 → 62.5; experience 51.25; poor 0.4875 × impact 0.8 × cost 0.8
    assert (phone.feedback_n, phone.feedback_score, phone.experience_score) == (4, 62.5, 51.25)
    assert phone.factors.experience == pytest.approx(0.4875)
    assert phone.score == 31.2
    news = rows["Newsletter"]  # two answers are too few: the audit alone counts
    assert (news.feedback_n, news.feedback_score, news.experience_score) == (2, None, 70.0)
    assert rows["Chat"].factors.experience == 1.0  # we lack it, a rival has it


def test_pages_show_the_feedback(plan, settings) -> None:  # noqa: ANN001
    settings.FEEDBACK_MIN_ANSWERS = 3
    _feedback(plan)
    client, slug = plan.world.client("viewer"), plan.world.workspace.slug
    bench = client.get(reverse("priorities:benchmark", args=[slug])).content.decode()
    assert "customers: +0.50 · 50/25/25 % · likelihood 6.25 · 4 answers" in bench
    assert "2 answers (too few answers)" in bench
    prio = client.get(reverse("priorities:list", args=[slug])).content.decode()
    assert (
        "customers: +0.50 from 4 answers (62 of 100)" in prio or "customers: +0.50 from 4 answers (63 of 100)" in prio
    )
    assert "experience 51 of 100 (the mean of both)" in prio
    assert "customers: +2.00 from 2 answers, too few to count" in prio
    csv = client.get(reverse("priorities:export", args=[slug, "csv"])).content.decode()
    assert "51.2" in csv
