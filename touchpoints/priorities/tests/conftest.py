"""A small workspace to prioritise: four touchpoints, presences for both brands, a finished audit
of each brand and estimates for some touchpoints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from touchpoints.audits.tests.helpers import summarised_audit
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.priorities import services


@dataclass
class Plan:
    world: Any
    tps: dict[str, Touchpoint]
    other_tp: Touchpoint


def make_plan(world: Any) -> Plan:
    ws = world.workspace
    own = ws.brands.get(is_own=True)
    rival = ws.brands.get(is_own=False)
    spec = {  # name: (stages, area, own status, rival status)
        "Phone": (["search", "decision"], "sale", "exists", "exists"),
        "Chat": (["search"], "sale", "missing", "exists"),
        "Parking": (["decision"], "business", "exists", "missing"),
        "Newsletter": (["after"], "sale", "exists", "unknown"),
    }
    tps = {
        name: touchpoint_create(
            workspace=ws, name=name, stages=stages, area=area, presence={own.pk: mine, rival.pk: theirs}
        )
        for name, (stages, area, mine, theirs) in spec.items()
    }
    day = dt.date(2026, 5, 1)
    own_scores = {tps["Phone"]: 40.0, tps["Parking"]: 90.0, tps["Newsletter"]: 70.0}
    summarised_audit(ws, own, "Own", "closed", own_scores, 60, ends_on=day)
    summarised_audit(ws, rival, "Rival", "submitted", {tps["Phone"]: 80.0, tps["Chat"]: 70.0}, 75, ends_on=day)
    services.estimate_set(workspace=ws, touchpoint=tps["Phone"], impact=4, impact_reason="Most bookings", effort=2)
    services.estimate_set(workspace=ws, touchpoint=tps["Chat"], impact=5, effort=1)
    services.estimate_set(workspace=ws, touchpoint=tps["Parking"], impact=2, effort=5)
    other_tp = touchpoint_create(workspace=world.other, name="Foreign")
    return Plan(world, tps, other_tp)


@pytest.fixture
def plan(world: Any) -> Plan:
    return make_plan(world)
