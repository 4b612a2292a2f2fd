from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from touchpoints.actions import services
from touchpoints.actions.models import Action
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create


@dataclass
class Plan:
    world: Any
    touchpoints: list[Touchpoint]
    actions: list[Action]

    @property
    def workspace(self) -> Any:
        return self.world.workspace

    def action(self, **fields: Any) -> Action:
        defaults = {
            "title": "Answer within three rings",
            "touchpoint": self.touchpoints[0],
            "owner_user": self.world.users["editor"],
            "deadline": timezone.localdate() + dt.timedelta(days=7),
        }
        return services.action_create(workspace=self.workspace, **{**defaults, **fields})


@pytest.fixture
def plan(world: Any) -> Plan:
    ws = world.workspace
    tps = [
        touchpoint_create(
            workspace=ws, name="Phone line", channel="phone", stages=["decision"], area="sale", owner_unit="Call centre"
        ),
        touchpoint_create(workspace=ws, name="Website", channel="website", stages=["search"], area="business"),
    ]
    p = Plan(world, tps, [])
    p.actions = [
        p.action(),
        p.action(title="Rewrite the price page", touchpoint=tps[1], owner_user=None, owner_unit="Marketing"),
    ]
    return p
