"""Writes of audit campaigns: create (with its scope frozen into items), edit, move through
draft → in progress → submitted → closed, and delete. Once an audit has started, only what does
not change the meaning of its answers may change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touchpoints.audits import choices as c
from touchpoints.audits import selectors
from touchpoints.audits.integrations import journey_touchpoint_ids
from touchpoints.audits.models import (
    Audit,
    AuditItem,
    Evidence,
)
from touchpoints.audits.services.criteria import criteria_sync
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Brand, Membership, Segment, Workspace
from touchpoints.workspaces.roles import Capability, role_can

SETUP_FIELDS = (
    "name",
    "brand",
    "method",
    "scope",
    "scale",
    "segment",
    "auditors",
    "starts_on",
    "ends_on",
    "instructions",
    "touchpoints",
    "journey_id",
)
# What can change once an audit has started: the rest decides what the answers mean.
LIVE_FIELDS = ("name", "method", "segment", "auditors", "starts_on", "ends_on", "instructions")


def _check_auditors(workspace: Workspace, auditors: Iterable[Any]) -> list[Any]:
    users = list(auditors)
    roles = dict(
        Membership.objects.filter(workspace=workspace, user__in=[u.pk for u in users]).values_list("user_id", "role")
    )
    for user in users:
        role = roles.get(user.pk)
        if role is None:  # never name (or confirm) an account that is not a member
            raise ValidationError({"auditors": _("There is no member %(id)s in this workspace.") % {"id": user.pk}})
        if not role_can(role, Capability.SCORE):
            raise ValidationError(
                {"auditors": _("%(user)s is a viewer and cannot score; make them an auditor first.") % {"user": user}}
            )
    return users


def _check_refs(workspace: Workspace, brand: Brand | None, segment: Segment | None) -> None:
    if brand is None:
        raise ValidationError({"brand": _("Choose whose touchpoints are audited.")})
    if brand.workspace_id != workspace.pk:
        raise ValidationError({"brand": _("The brand must be one of this workspace.")})
    if segment is not None and segment.workspace_id != workspace.pk:
        raise ValidationError({"segment": _("The segment must be one of this workspace.")})


def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The audit cannot end before it starts.")})


def _scope_ids(
    workspace: Workspace, brand: Brand, scope: str, touchpoints: Sequence[Touchpoint | int], journey_id: int | None
) -> tuple[list[int], str]:
    """Touchpoint ids of the scope in walking order, and the journey's name when it is one."""
    if scope == c.ScopeKind.ALL:
        ids = selectors.scope_touchpoints(workspace=workspace, brand=brand)
        if not ids:
            raise ValidationError({"scope": _("The brand has no touchpoints in the inventory yet.")})
        return ids, ""
    if scope == c.ScopeKind.SELECTION:
        ids = list(dict.fromkeys(tp.pk if isinstance(tp, Touchpoint) else int(tp) for tp in touchpoints))
        if not ids:
            raise ValidationError({"touchpoints": _("Pick at least one touchpoint.")})
        found = set(Touchpoint.objects.filter(workspace=workspace, pk__in=ids).values_list("pk", flat=True))
        strangers = [i for i in ids if i not in found]
        if strangers:
            raise ValidationError(
                {
                    "touchpoints": _("Touchpoint(s) %(ids)s are not in this workspace's inventory.")
                    % {"ids": ", ".join(map(str, strangers))}
                }
            )
        return ids, ""
    if scope == c.ScopeKind.JOURNEY:
        if not journey_id:
            raise ValidationError({"journey_id": _("Choose the journey to walk.")})
        walked = journey_touchpoint_ids(workspace=workspace, journey_id=int(journey_id))
        if walked is None:
            raise ValidationError({"journey_id": _("There is no such journey in this workspace.")})
        name, steps = walked
        if not steps:
            raise ValidationError({"journey_id": _("The journey has no steps yet.")})
        return steps, name
    raise ValidationError({"scope": _("Unknown scope “%(scope)s”.") % {"scope": scope}})


def _fill_items(audit: Audit, ids: list[int]) -> None:
    checklists = selectors.checklists(workspace=audit.workspace, touchpoint_ids=ids)
    audit.items.all().delete()
    AuditItem.objects.bulk_create(
        [
            AuditItem(
                audit=audit,
                touchpoint_id=tp_id,
                position=pos,
                checklist=[[cid, w] for cid, w in checklists.get(tp_id, [])],
            )
            for pos, tp_id in enumerate(ids)
        ]
    )


def _refresh_checklists(audit: Audit) -> None:
    """Freezes each item's checklist as the criteria stand now (when the audit starts)."""
    items = list(audit.items.all())
    checklists = selectors.checklists(workspace=audit.workspace, touchpoint_ids=[i.touchpoint_id for i in items])
    for item in items:
        item.checklist = [[cid, w] for cid, w in checklists.get(item.touchpoint_id, [])]
    AuditItem.objects.bulk_update(items, ["checklist"])


def _choice(value: Any, choices: type[models.Choices], field: str) -> str:
    value = getattr(value, "value", value)
    if value not in choices.values:
        raise ValidationError(
            {
                field: _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(choices.values)}
            }
        )
    return value


@transaction.atomic
def audit_create(
    *,
    workspace: Workspace,
    name: str,
    brand: Brand | None,
    method: str = c.Method.SELF,
    scope: str = c.ScopeKind.ALL,
    scale: str = c.Scale.POINTS,
    segment: Segment | None = None,
    auditors: Iterable[Any] = (),
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    instructions: str = "",
    touchpoints: Sequence[Touchpoint | int] = (),
    journey_id: int | None = None,
    created_by: Any = None,
) -> Audit:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the audit a name.")})
    _check_refs(workspace, brand, segment)
    method = _choice(method, c.Method, "method")
    scope = _choice(scope, c.ScopeKind, "scope")
    scale = _choice(scale, c.Scale, "scale")
    _check_dates(starts_on, ends_on)
    users = _check_auditors(workspace, auditors)
    criteria_sync(workspace=workspace)
    assert brand is not None
    ids, journey_name = _scope_ids(workspace, brand, scope, touchpoints, journey_id)
    audit = Audit.objects.create(
        workspace=workspace,
        name=name,
        brand=brand,
        method=method,
        scope=scope,
        scale=scale,
        segment=segment,
        starts_on=starts_on,
        ends_on=ends_on,
        instructions=(instructions or "").strip(),
        created_by=created_by,
        journey_id=journey_id if scope == c.ScopeKind.JOURNEY else None,
        journey_name=journey_name,
    )
    audit.auditors.set(users)
    _fill_items(audit, ids)
    return audit


def locked_message(audit: Audit) -> str:
    if audit.status == c.Status.DRAFT:
        return _("This audit has not started yet: start it before scoring.")
    if audit.status == c.Status.SUBMITTED:
        when = date_format(timezone.localtime(audit.submitted_at), "DATE_FORMAT") if audit.submitted_at else ""
        return _("This audit was submitted %(when)s and its answers can no longer change. An editor can reopen it.") % {
            "when": when
        }
    return _("This audit is closed: its answers can no longer change.")


@transaction.atomic
def audit_update(*, audit: Audit, **fields: Any) -> Audit:
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    check_fields(fields, SETUP_FIELDS)
    if audit.status == c.Status.CLOSED:
        raise ValidationError(_("This audit is closed and can no longer change."))
    if audit.status != c.Status.DRAFT:
        frozen = [f for f in fields if f not in LIVE_FIELDS and _differs(audit, f, fields[f])]
        if frozen:
            raise ValidationError(
                _(
                    "Once an audit has started, its brand, scale and scope stay as they are "
                    "(answers depend on them). Create a new audit instead."
                )
            )
    workspace = audit.workspace
    if "name" in fields:
        audit.name = (fields["name"] or "").strip()
        if not audit.name:
            raise ValidationError({"name": _("Give the audit a name.")})
    for key, choices in (("method", c.Method), ("scope", c.ScopeKind), ("scale", c.Scale)):
        if key in fields:
            setattr(audit, key, _choice(fields[key], choices, key))
    for key in ("brand", "segment", "starts_on", "ends_on", "instructions"):
        if key in fields:
            setattr(audit, key, fields[key])
    audit.instructions = (audit.instructions or "").strip()
    _check_refs(workspace, audit.brand, audit.segment)
    _check_dates(audit.starts_on, audit.ends_on)
    if "auditors" in fields:
        audit.auditors.set(_check_auditors(workspace, fields["auditors"]))
    rescope = audit.status == c.Status.DRAFT and any(
        k in fields for k in ("scope", "brand", "touchpoints", "journey_id")
    )
    if rescope:
        if "journey_id" in fields:
            audit.journey_id = fields["journey_id"]
        ids, audit.journey_name = _scope_ids(
            workspace, audit.brand, audit.scope, fields.get("touchpoints") or (), audit.journey_id
        )
        if audit.scope != c.ScopeKind.JOURNEY:
            audit.journey_id = None
        _fill_items(audit, ids)
    audit.save()
    return audit


def _differs(audit: Audit, field: str, value: Any) -> bool:
    if field == "touchpoints":
        current = list(audit.items.order_by("position").values_list("touchpoint_id", flat=True))
        return [getattr(v, "pk", v) for v in value] != current
    current = getattr(audit, field if field != "brand" else "brand_id")
    return (getattr(value, "pk", getattr(value, "value", value))) != current


TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (from statuses, to status)
    "start": ((c.Status.DRAFT,), c.Status.IN_PROGRESS),
    "submit": ((c.Status.IN_PROGRESS,), c.Status.SUBMITTED),
    "reopen": ((c.Status.SUBMITTED,), c.Status.IN_PROGRESS),
    "close": ((c.Status.SUBMITTED,), c.Status.CLOSED),
}


@transaction.atomic
def audit_transition(*, audit: Audit, action: str) -> Audit:
    """draft → in progress (start) → submitted (submit) → closed (close); a submitted audit can be
    reopened. Submitting freezes the touchpoint scores into the audit's summary."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown action “%(action)s”.") % {"action": action}})
    sources, target = TRANSITIONS[action]
    if audit.status not in sources:
        raise ValidationError({"action": str(REFUSALS[action]) % {"status": audit.get_status_display()}})
    now = timezone.now()
    if action == "start":
        if not audit.items.exists():
            raise ValidationError({"action": _("The audit has no touchpoints to score.")})
        _refresh_checklists(audit)
        audit.started_at = audit.started_at or now
    elif action == "submit":
        audit.submitted_at = now
        audit.summary = audit_summary(audit=audit)
    elif action == "reopen":
        audit.summary = None
    elif action == "close":
        audit.closed_at = now
        audit.summary = audit_summary(audit=audit)
    audit.status = target
    audit.save()
    return audit


REFUSALS = {
    "start": gettext_lazy("Only a draft can be started; this audit is “%(status)s”."),
    "submit": gettext_lazy("Only an audit in progress can be submitted; this one is “%(status)s”."),
    "reopen": gettext_lazy("Only a submitted audit can be reopened; this one is “%(status)s”."),
    "close": gettext_lazy("Only a submitted audit can be closed; this one is “%(status)s”."),
}


def audit_summary(*, audit: Audit) -> dict[str, Any]:
    data = selectors.audit_results(audit=audit)
    return {
        "overall": data.results.overall,
        "touchpoints": {str(k): v for k, v in data.results.scores().items()},
        "impressions": data.results.impressions,
    }


@transaction.atomic
def audit_delete(*, audit: Audit) -> None:
    for ev in Evidence.objects.filter(item__audit=audit):
        ev.file.delete(save=False)
    # The history keeps the audit's deletion, not a line for each of its thousands of answers that
    # go with it (lib.history: parts of a deletion write no line).
    audit.delete()
