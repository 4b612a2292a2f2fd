"""Helpers for the audit tests: a small inventory with criteria and a started audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchpoints.audits import services
from touchpoints.audits.models import Audit
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.library.models import CriterionKind, CriterionTemplate


@dataclass
class Setup:
    world: Any
    touchpoints: list[Touchpoint]
    audit: Audit  # in progress, points scale, assigned to the auditor
    unassigned: Audit  # in progress, assigned to nobody

    @property
    def workspace(self) -> Any:
        return self.world.workspace

    def crit(self, tp: Touchpoint, n: int = 0) -> int:
        return self.audit.items.get(touchpoint=tp).checklist[n][0]


def library_criteria() -> None:
    """A tiny library: website and call-centre kinds with three criteria each."""
    for code, names in (
        ("website", ["Functionality", "Load speed", "Design"]),
        ("call_centre", ["Answer speed", "Greeting", "Politeness"]),
    ):
        kind = CriterionKind.objects.create(code=code, name_en=code.title(), name_ru=code, name_es=code)
        for pos, name in enumerate(names):
            CriterionTemplate.objects.create(
                kind=kind,
                code=name.lower().replace(" ", "_"),
                position=pos,
                name_en=name,
                name_ru=name + " (ru)",
                name_es=name + " (es)",
            )


def make_setup(world: Any) -> Setup:
    library_criteria()
    ws = world.workspace
    tps = [
        touchpoint_create(
            workspace=ws, name="Website", channel="website", stages=["search", "compare"], area="business"
        ),
        touchpoint_create(workspace=ws, name="Phone line", channel="phone", stages=["decision"], area="sale"),
        touchpoint_create(workspace=ws, name="Reception", channel="people", stages=["decision"], area="personnel"),
    ]
    own = ws.brands.get(is_own=True)
    audit = services.audit_create(
        workspace=ws,
        name="Self-audit",
        brand=own,
        scope="selection",
        touchpoints=tps,
        auditors=[world.users["auditor"]],
        created_by=world.users["owner"],
    )
    services.audit_transition(audit=audit, action="start")
    unassigned = services.audit_create(
        workspace=ws,
        name="Other audit",
        brand=own,
        scope="selection",
        touchpoints=tps[:1],
        created_by=world.users["owner"],
    )
    services.audit_transition(audit=unassigned, action="start")
    return Setup(world, tps, Audit.objects.get(pk=audit.pk), Audit.objects.get(pk=unassigned.pk))


def score_all(audit: Audit, user: Any, raw: str = "7", impression: str = "positive") -> None:
    for item in audit.items.all():
        for cid, _w in item.checklist:
            services.answer_save(
                audit=audit, auditor=user, touchpoint_id=item.touchpoint_id, field="score", value=raw, criterion_id=cid
            )
        services.answer_save(
            audit=audit, auditor=user, touchpoint_id=item.touchpoint_id, field="impression", value=impression
        )
