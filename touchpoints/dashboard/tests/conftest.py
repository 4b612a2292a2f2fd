"""A workspace with data behind every widget: an inventory with gaps, a journey, a finished audit
from a segment's perspective, a finished analytics run, a feedback study with answers (part of them
rolled up), impact figures, a top ten and an action plan with an overdue action, and a report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from touchpoints.analytics.models import AnalysisRun
from touchpoints.audits import services as audit_services
from touchpoints.audits.tests.helpers import make_setup, score_all
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys.services import journey_create, step_add


@pytest.fixture
def filled(world: Any) -> Any:
    setup = make_setup(world)
    ws = world.workspace
    own = ws.brands.get(is_own=True)
    rival = ws.brands.get(is_own=False)
    segment = ws.segments.get()
    for tp in setup.touchpoints:
        tp.segments.add(segment)
    touchpoint_create(
        workspace=ws,
        name="Answering machine",
        channel="phone",
        stages=["after"],
        area="sale",
        presence={own.pk: "missing", rival.pk: "exists"},
        segments=[segment],
    )
    audit = setup.audit
    audit.segment = segment
    audit.save(update_fields=["segment"])
    score_all(audit, world.users["auditor"], raw="4")
    audit_services.audit_transition(audit=audit, action="submit")
    journey = journey_create(workspace=ws, name="Booking", brand=own)
    step_add(journey=journey, touchpoint=setup.touchpoints[0])
    AnalysisRun.objects.create(
        workspace=ws,
        name="CRM log",
        source_name="log.csv",
        status="done",
        journeys=100,
        conversions=20,
        channel_count=2,
        result={
            "attribution": [
                {"channel": channel, "model": "markov_1", "conversions": share * 20, "share": share}
                for channel, share in (("website", 0.6), ("phone", 0.4))
            ],
            "matching": {
                "matched": [{"channel": "website", "touchpoint_id": setup.touchpoints[0].pk, "by": "code"}],
                "candidates": ["phone"],
            },
        },
    )
    add_method_data(setup)
    return setup


def add_method_data(setup: Any) -> None:
    """The later steps of the method: feedback, impact, top ten, plan, report."""
    from django.utils import timezone

    from touchpoints.actions.models import Action
    from touchpoints.feedback.models import Respondent, Response, Study, StudyTouchpoint
    from touchpoints.feedback.rollup import rollup
    from touchpoints.impact.models import ImpactEstimate
    from touchpoints.priorities.models import TopTenPlace, TopTenVersion
    from touchpoints.reports.models import Report

    world, ws = setup.world, setup.world.workspace
    own = ws.brands.get(is_own=True)
    rival = ws.brands.get(is_own=False)
    segment = ws.segments.get()
    tps = setup.touchpoints
    study = Study.objects.create(workspace=ws, name="Clinic visit survey", status="open")
    study.brands.set([own, rival])
    for i, tp in enumerate(tps):
        StudyTouchpoint.objects.create(study=study, touchpoint=tp, position=i)
    now = timezone.now()
    people = Respondent.objects.bulk_create([Respondent(study=study) for _ in range(12)])
    answers = []
    for i, person in enumerate(people):
        for j, tp in enumerate(tps[:2]):
            answers.append(
                Response(
                    study=study,
                    respondent=person,
                    brand=own if i % 3 else rival,
                    touchpoint=tp,
                    positivity=(2, 0, -2)[(i + j) % 3],
                    likelihood=5 + (i % 5),
                    segment=segment if i % 2 else None,
                    created_at=now - dt.timedelta(days=3 * i),
                )
            )
    Response.objects.bulk_create(answers[:16])
    rollup(study, settle=dt.timedelta(0), min_batch=1)
    Response.objects.bulk_create(answers[16:])  # not rolled up yet: read from the answers themselves
    for k, tp in enumerate(tps[:2]):
        ImpactEstimate.objects.create(
            workspace=ws,
            touchpoint=tp,
            source="survey",
            value=1.5 - k,
            low=0.5 - k,
            high=2.5 - k,
            unit="likelihood_per_step",
            study=study,
        )
    version = TopTenVersion.objects.create(workspace=ws, author=world.users["owner"])
    places = [
        TopTenPlace.objects.create(version=version, position=k + 1, touchpoint=tp, reason="Slow answers")
        for k, tp in enumerate(tps[:2])
    ]
    today = timezone.localdate()
    Action.objects.create(
        workspace=ws,
        title="Answer calls within a minute",
        touchpoint=tps[0],
        priority=places[0],
        owner_user=world.users["editor"],
        deadline=today - dt.timedelta(days=5),
        status="planned",
    )
    Action.objects.create(
        workspace=ws,
        title="Rewrite the booking page",
        touchpoint=tps[1],
        priority=places[1],
        owner_unit="Web team",
        deadline=today + dt.timedelta(days=20),
        status="done",
    )
    Report.objects.create(workspace=ws, title="Quarter review", status="done", created_by=world.users["owner"])
