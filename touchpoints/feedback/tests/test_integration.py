"""The demo study and the journey map's experience provider."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.feedback import integrations
from touchpoints.feedback import results as r
from touchpoints.feedback.demo import demo_feedback, feedback_content
from touchpoints.feedback.models import Response, Study
from touchpoints.inventory.models import Touchpoint
from touchpoints.workspaces.services import brand_create

pytestmark = pytest.mark.django_db


def test_demo_study_tells_its_story(world: Any) -> None:
    ws = world.workspace
    brand_create(workspace=ws, name="Third")
    for code in feedback_content()["touchpoints"]:
        Touchpoint.objects.create(workspace=ws, name=code, code=code)
    study = demo_feedback(ws)
    assert study is not None and study.status == "open"
    n = Response.objects.filter(study=study).count()
    assert 2800 <= n <= 3600
    again = Response.objects.filter(study=study).values_list("positivity", "likelihood")[:50]
    assert len(set(again)) > 5  # varied answers
    res = r.study_results(study=Study.objects.get(pk=study.pk))
    assert res.total.n == n  # rolled up and complete
    own = ws.brands.get(is_own=True)
    phone = Touchpoint.objects.get(workspace=ws, code="phone").pk
    doctor = Touchpoint.objects.get(workspace=ws, code="doctor-consultation").pk
    assert res.matrix[(phone, own.pk)].mean_pos < 0 < res.matrix[(doctor, own.pk)].mean_pos
    assert study.respondents.filter(is_diary=True).count() == 40


def test_demo_comments_speak_of_the_touchpoint_they_were_left_on(world: Any) -> None:
    ws = world.workspace
    said = feedback_content()["comments"]
    for code in feedback_content()["touchpoints"]:
        Touchpoint.objects.create(workspace=ws, name=code, code=code)
    study = demo_feedback(ws)
    comments = list(
        Response.objects.filter(study=study)
        .exclude(comment="")
        .values_list("touchpoint__code", "positivity", "comment")
    )
    assert len(comments) > 300
    specific = 0
    for code, positivity, comment in comments:
        fits_anywhere = any(comment in lang["any"][positivity] for lang in said.values())
        side = "bad" if positivity < 0 else "good"
        about_it = positivity != 0 and any(comment in lang.get(code, {}).get(side, []) for lang in said.values())
        assert fits_anywhere or about_it, (code, positivity, comment)  # "Nobody picked up the phone" on payment
        specific += about_it
    assert specific > len(comments) / 4  # a third: neutral answers get general words


def test_experience_provider(world: Any, study: Study, settings: Any) -> None:
    settings.FEEDBACK_MIN_ANSWERS = 2
    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.first().touchpoint
    resp = study.respondents.create()
    for pos in (2, 1, -1):
        Response.objects.create(study=study, respondent=resp, brand=own, touchpoint=tp, positivity=pos, likelihood=5)
    other_tp = study.study_touchpoints.last().touchpoint
    Response.objects.create(study=study, respondent=resp, brand=own, touchpoint=other_tp, positivity=2, likelihood=5)
    scores = integrations.customer_scores(brand=own, touchpoint_ids=[tp.pk, other_tp.pk])
    assert scores == {tp.pk: pytest.approx((2 / 3 + 2) * 25)}  # the single answer is too few to trust
    try:
        from touchpoints.journeys.experience import _PROVIDERS
    except ImportError:
        pytest.skip("no journeys hook")
    assert integrations.customer_scores in _PROVIDERS
