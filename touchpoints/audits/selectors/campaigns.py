"""Reads of audit campaigns: who sees which audit, finished audits and the ones to compare with,
the review-due list, an audit's scope and the members who may score it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from touchpoints.audits import choices as c
from touchpoints.audits.integrations import journey_list
from touchpoints.audits.models import (
    Audit,
    AuditItem,
)
from touchpoints.inventory import choices as ic
from touchpoints.inventory.models import Presence, Touchpoint
from touchpoints.journeys.experience import register_experience_provider
from touchpoints.workspaces.access import Access
from touchpoints.workspaces.models import Brand, Workspace
from touchpoints.workspaces.roles import Capability, Role

STAGE_ORDER = [s.value for s in ic.Stage]
AREA_ORDER = [a.value for a in ic.Area]
# ---- audits: visibility --------------------------------------------------------------------


def sees_assigned_only(access: Access) -> bool:
    """Auditors see and score only the audits assigned to them."""
    return access.role == Role.AUDITOR


def audit_queryset(*, access: Access) -> QuerySet[Audit]:
    qs = Audit.objects.filter(workspace=access.workspace)
    if sees_assigned_only(access):
        qs = qs.filter(auditors=access.membership.user_id)
    return qs


def audit_list(*, access: Access, status: str | None = None, brand_id: int | None = None) -> list[Audit]:
    qs = audit_queryset(access=access).select_related("brand", "segment").prefetch_related("auditors")
    if status:
        qs = qs.filter(status=status)
    if brand_id:
        qs = qs.filter(brand_id=brand_id)
    from django.db.models import Count

    # Aggregation drops Meta.ordering: say it again.
    return list(qs.annotate(item_count=Count("items", distinct=True)).order_by("-created_at", "-id"))


def audit_get(*, access: Access, pk: int) -> Audit:
    audit = (
        audit_queryset(access=access)
        .select_related("brand", "segment", "workspace")
        .prefetch_related("auditors")
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404("No such audit.")
    return audit


def can_score(access: Access, audit: Audit) -> bool:
    """Editors and owners score any audit; auditors only the ones assigned to them."""
    if not access.can(Capability.SCORE):
        return False
    if access.can_edit:
        return True
    return any(u.pk == access.membership.user_id for u in audit.auditors.all())


def summary_scores(audit: Audit) -> dict[int, float]:
    return {int(k): float(v) for k, v in ((audit.summary or {}).get("touchpoints") or {}).items() if v is not None}


def finished_audits(
    *, access: Access | None = None, workspace: Workspace | None = None, brand: Brand | None = None
) -> list[Audit]:
    """Submitted and closed audits, newest first (by their date)."""
    qs = audit_queryset(access=access) if access is not None else Audit.objects.filter(workspace=workspace)
    qs = qs.filter(status__in=c.FINISHED).select_related("brand")
    if brand is not None:
        qs = qs.filter(brand=brand)
    audits = list(qs)
    audits.sort(key=lambda a: (a.audit_date or dt.date.min, a.pk), reverse=True)
    return audits


def previous_audit(*, access: Access, audit: Audit, finished: list[Audit] | None = None) -> Audit | None:
    """The latest finished audit of the same brand before this one (``finished``: the finished
    audits the user may see, when already loaded)."""
    key = (audit.audit_date or dt.date.max, audit.pk)
    for other in finished if finished is not None else finished_audits(access=access, brand=audit.brand):
        if other.brand_id != audit.brand_id:
            continue
        if other.pk != audit.pk and (other.audit_date or dt.date.min, other.pk) < key and other.summary:
            return other
    return None


def other_brand_audits(
    *, access: Access, audit: Audit, finished: list[Audit] | None = None, touchpoint_ids: Collection[int] | None = None
) -> list[Audit]:
    """For each other brand of the workspace, its latest finished audit that shares touchpoints
    with this one (own brand against competitors, or a competitor against the own brand)."""
    mine = (
        set(touchpoint_ids) if touchpoint_ids is not None else set(audit.items.values_list("touchpoint_id", flat=True))
    )
    latest: dict[int, Audit] = {}
    for other in finished if finished is not None else finished_audits(access=access):
        if other.brand_id == audit.brand_id or other.brand_id in latest or not other.summary:
            continue
        if not mine.isdisjoint(int(k) for k in (other.summary.get("touchpoints") or {})):
            latest[other.brand_id] = other
    return sorted(latest.values(), key=lambda a: (not a.brand.is_own, a.brand.name))


# ---- keeping it alive ----------------------------------------------------------------------


@dataclass
class DueRow:
    touchpoint: Touchpoint
    interval: int | None
    last_audited: dt.date | None
    last_audit_id: int | None
    days_since: int | None
    overdue_by: int | None
    due: bool = False


def last_audits(
    *, workspace: Workspace, touchpoint_ids: Collection[int] | None = None, brand: Brand | None = None
) -> dict[int, tuple[dt.date, int]]:
    """Touchpoint id → (date, audit id) of the latest finished audit of the own brand (or the
    given brand) that had it in scope. One query."""
    qs = AuditItem.objects.filter(audit__workspace=workspace, audit__status__in=c.FINISHED)
    qs = qs.filter(audit__brand=brand) if brand is not None else qs.filter(audit__brand__is_own=True)
    if touchpoint_ids is not None:
        qs = qs.filter(touchpoint_id__in=list(touchpoint_ids))
    out: dict[int, tuple[dt.date, int]] = {}
    for tp_id, audit_id, ends_on, submitted_at, created_at in qs.values_list(
        "touchpoint_id", "audit_id", "audit__ends_on", "audit__submitted_at", "audit__created_at"
    ):
        day = ends_on or (submitted_at or created_at).date()
        if tp_id not in out or (day, audit_id) > out[tp_id]:
            out[tp_id] = (day, audit_id)
    return out


def review_due(
    *, workspace: Workspace, today: dt.date, default_days: int | None = None, include_all: bool = False
) -> list[DueRow]:
    """Touchpoints whose last audit (of the own brand) is older than their review interval, or
    that were never audited; most overdue first. ``default_days`` stands for touchpoints without
    an interval of their own; ``include_all`` lists every touchpoint, due or not. Two queries."""
    own = workspace.brands.filter(is_own=True).values_list("pk", flat=True)
    lacking = set(
        Presence.objects.filter(
            touchpoint__workspace=workspace,
            brand_id__in=list(own),
            status__in=[ic.PresenceStatus.MISSING, ic.PresenceStatus.PLANNED],
        ).values_list("touchpoint_id", flat=True)
    )
    touchpoints = [
        tp for tp in Touchpoint.objects.filter(workspace=workspace).order_by("name", "id") if tp.pk not in lacking
    ]
    last = last_audits(workspace=workspace)
    rows = []
    for tp in touchpoints:
        interval = tp.review_interval_days or default_days
        seen = last.get(tp.pk)
        days = (today - seen[0]).days if seen else None
        due = interval is not None and (days is None or days > interval)
        overdue = days - interval if due and days is not None and interval is not None else None
        if due or include_all:
            rows.append(DueRow(tp, interval, seen[0] if seen else None, seen[1] if seen else None, days, overdue, due))
    # Never audited first, then the most overdue; rows that are not due last.
    rows.sort(key=lambda r: (not r.due, r.last_audited is not None, -(r.overdue_by or 0), r.touchpoint.name))
    return rows


def latest_brand_scores(*, brand: Brand, touchpoint_ids: Collection[int]) -> dict[int, float]:
    """Touchpoint id → its score in the latest finished audit of the brand that scored it: the
    provider of the journey map's experience curve. One query."""
    wanted = set(touchpoint_ids)
    out: dict[int, float] = {}
    for audit in finished_audits(workspace=brand.workspace, brand=brand):
        for tp_id, value in summary_scores(audit).items():
            if tp_id in wanted and tp_id not in out:
                out[tp_id] = value
        if len(out) == len(wanted):
            break
    return out


def feed_experience_curve() -> None:
    """Audit scores feed the journey map's experience curve (called when the app is ready)."""
    register_experience_provider(latest_brand_scores)


def scope_touchpoints(*, workspace: Workspace, brand: Brand) -> list[int]:
    """ "All touchpoints the brand has": every touchpoint whose presence for the brand is not
    missing or planned, in walking order (first purchase stage, then name). Two queries."""
    lacking = set(
        Presence.objects.filter(
            brand=brand, status__in=[ic.PresenceStatus.MISSING, ic.PresenceStatus.PLANNED]
        ).values_list("touchpoint_id", flat=True)
    )
    rows = Touchpoint.objects.filter(workspace=workspace).values_list("pk", "name", "stages")
    from touchpoints.lib.fields import decode_values

    def first_stage(stages: Any) -> int:
        values = decode_values(stages) if isinstance(stages, str) else list(stages or [])
        return min((STAGE_ORDER.index(s) for s in values if s in STAGE_ORDER), default=len(STAGE_ORDER))

    ordered = sorted((r for r in rows if r[0] not in lacking), key=lambda r: (first_stage(r[2]), r[1].lower(), r[0]))
    return [pk for pk, _n, _s in ordered]


def journeys_for(*, workspace: Workspace) -> list[tuple[int, str]]:
    return journey_list(workspace=workspace)


def assignable_members(*, workspace: Workspace) -> QuerySet[Any]:
    """Members who may score: owners, editors and auditors."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__workspace=workspace,
            memberships__role__in=[Role.OWNER, Role.EDITOR, Role.AUDITOR],
        )
        .order_by("username")
    )


def items_with_touchpoints(*, audit: Audit) -> QuerySet[AuditItem]:
    return audit.items.select_related("touchpoint").order_by("position", "id")
