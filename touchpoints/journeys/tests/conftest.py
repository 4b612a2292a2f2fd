"""Fixtures for the journeys tests: a small inventory in the shared ``world`` workspace and a
journey walking it, plus a touchpoint of the other workspace (for the cross-workspace checks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys import services
from touchpoints.journeys.models import Journey
from touchpoints.workspaces.models import Brand


@dataclass
class Chainworld:
    world: Any
    own: Brand
    rival: Brand
    tps: dict[str, Touchpoint]
    journey: Journey
    foreign: Touchpoint  # a touchpoint of the outsider's workspace

    @property
    def slug(self) -> str:
        return self.world.slug


# code: (name, channel, mode, owner, stages, own presence, rival presence)
INVENTORY = {
    "ad": ("Contextual ad", "advertising", "online", "Marketing", ["need"], "exists", "exists"),
    "chat": ("Site chat", "messenger", "online", "Call centre", ["search"], "exists", "missing"),
    "ask": ("Ask-a-doctor form", "website", "online", "Medical", ["search"], "missing", "exists"),
    "phone": ("Phone booking", "phone", "offline", "Call centre", ["decision"], "exists", "exists"),
    "reception": ("Reception", "people", "offline", "Reception", ["decision"], "exists", "exists"),
    "card": ("Patient card", "documents", "offline", "Reception", ["decision"], "exists", "exists"),
    "doctor": ("Doctor", "people", "offline", "Medical", ["decision"], "exists", "exists"),
    "review": ("Review request", "email", "online", "", ["after"], "planned", "missing"),
    "newsletter": ("Newsletter", "email", "online", "Marketing", ["after"], "exists", "exists"),
}


@pytest.fixture
def chainworld(world: Any) -> Chainworld:
    ws = world.workspace
    own = ws.brands.get(is_own=True)
    rival = ws.brands.get(is_own=False)
    tps = {}
    for code, (name, channel, mode, owner, stages, own_status, rival_status) in INVENTORY.items():
        tps[code] = touchpoint_create(
            workspace=ws,
            name=name,
            code=code,
            channel=channel,
            mode=mode,
            owner_unit=owner,
            stages=stages,
            presence={own.pk: own_status, rival.pk: rival_status},
        )
    journey = services.journey_create(workspace=ws, name="First visit", process="Book a visit", brand=own)
    for code, stage, expected in [
        ("ad", "need", 1),
        ("chat", "search", 1),
        ("phone", "decision", -1),
        ("doctor", "decision", 2),
        ("newsletter", "after", 0),
    ]:
        services.step_add(journey=journey, touchpoint=tps[code], stage=stage, expected=expected)
    foreign = touchpoint_create(workspace=world.other, name="Their secret touchpoint", stages=["need"])
    return Chainworld(world=world, own=own, rival=rival, tps=tps, journey=journey, foreign=foreign)
