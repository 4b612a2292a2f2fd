"""A workspace with data behind every widget: an inventory with gaps, a journey, a finished audit
from a segment's perspective and a finished analytics run."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.analytics.models import AnalysisRun, Attribution
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
    touchpoint_create(workspace=ws, name="Answering machine", channel="phone", stages=["after"], area="sale",
                      presence={own.pk: "missing", rival.pk: "exists"}, segments=[segment])
    audit = setup.audit
    audit.segment = segment
    audit.save(update_fields=["segment"])
    score_all(audit, world.users["auditor"], raw="4")
    audit_services.audit_transition(audit=audit, action="submit")
    journey = journey_create(workspace=ws, name="Booking", brand=own)
    step_add(journey=journey, touchpoint=setup.touchpoints[0])
    run = AnalysisRun.objects.create(workspace=ws, name="CRM log", source_name="log.csv", status="done",
                                     journeys=100, conversions=20, channel_count=2)
    for channel, share, tp in (("website", 0.6, setup.touchpoints[0]), ("phone", 0.4, None)):
        Attribution.objects.create(run=run, channel=channel, touchpoint=tp, model="markov_1",
                                   conversions=share * 20, share=share)
    return setup
