"""Helpers for the audit tests: a small inventory with criteria and a started audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from touchpoints.audits import services
from touchpoints.audits.models import Audit, AuditItem
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


def started_audit(workspace: Any, name: str, touchpoints: list[Touchpoint], brand: Any = None, **fields: Any) -> Audit:
    """An audit of the touchpoints given, in progress: of the workspace's own brand unless
    ``brand`` says otherwise; ``fields``: auditors, scale, method and the other fields of
    audit_create."""
    audit = services.audit_create(
        workspace=workspace,
        name=name,
        brand=brand or workspace.brands.get(is_own=True),
        scope="selection",
        touchpoints=touchpoints,
        **fields,
    )
    services.audit_transition(audit=audit, action="start")
    return Audit.objects.get(pk=audit.pk)


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
    owner = world.users["owner"]
    audit = started_audit(ws, "Self-audit", tps, auditors=[world.users["auditor"]], created_by=owner)
    return Setup(world, tps, audit, started_audit(ws, "Other audit", tps[:1], created_by=owner))


def score(audit: Audit, user: Any, touchpoint_id: int, criterion_id: int, raw: str) -> dict[str, Any]:
    """One auditor's answer to one criterion of one touchpoint, as stored."""
    return services.answer_save(
        audit=audit, auditor=user, touchpoint_id=touchpoint_id, field="score", value=raw, criterion_id=criterion_id
    )


def score_all(
    audit: Audit,
    user: Any,
    raw: str | Callable[[AuditItem, int], str] = "7",
    impression: str | Callable[[AuditItem], str] = "positive",
    expectation: str | None = None,
) -> None:
    """Answers every criterion of every touchpoint (``raw``, or ``raw(item, n)`` for the n-th
    criterion), the impression of each touchpoint and, if given, its expectation."""
    for item in audit.items.all():
        for n, (cid, _w) in enumerate(item.checklist):
            score(audit, user, item.touchpoint_id, cid, raw(item, n) if callable(raw) else raw)
        services.answer_save(
            audit=audit,
            auditor=user,
            touchpoint_id=item.touchpoint_id,
            field="impression",
            value=impression(item) if callable(impression) else impression,
        )
        if expectation is not None:
            services.answer_save(
                audit=audit, auditor=user, touchpoint_id=item.touchpoint_id, field="expectation", value=expectation
            )


def summarised_audit(
    workspace: Any, brand: Any, name: str, status: str, scores: dict[Touchpoint, float], overall: float, **dates: Any
) -> Audit:
    """A finished audit stored with the summary given (touchpoint scores and the overall one) and
    no answers behind it, for the apps that read audit summaries; ``dates``: ends_on, submitted_at."""
    summary = {"overall": overall, "touchpoints": {str(tp.pk): score for tp, score in scores.items()}}
    return Audit.objects.create(workspace=workspace, name=name, brand=brand, status=status, summary=summary, **dates)
