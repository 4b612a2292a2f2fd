"""Writes for audits. Views, the API, the demo and the command line all call these, so the rules
hold everywhere: same workspace, answers on the audit's scale, no change once an audit is
submitted, each top-level write in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touchpoints.audits import choices as c
from touchpoints.audits import evidence as evidence_rules
from touchpoints.audits import scales, selectors
from touchpoints.audits.integrations import journey_steps
from touchpoints.audits.library import general_criteria
from touchpoints.audits.models import (
    GENERAL_KIND,
    Assessment,
    Audit,
    AuditItem,
    Criterion,
    CriterionAttachment,
    Evidence,
    Score,
)
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.uploads import read_limited
from touchpoints.workspaces.models import Brand, Membership, Segment, Workspace
from touchpoints.workspaces.roles import Capability, role_can

# ---- criteria ------------------------------------------------------------------------------


@transaction.atomic
def criteria_sync(*, workspace: Workspace) -> int:
    """Gives the workspace its own copy of every library criterion and of the general set that it
    does not have yet; never touches the ones it has (edited or switched off). Returns how many
    were added."""
    from touchpoints.library.models import CriterionTemplate

    have_templates = set(
        Criterion.objects.filter(workspace=workspace, from_template__isnull=False).values_list(
            "from_template_id", flat=True
        )
    )
    have_general = set(Criterion.objects.filter(workspace=workspace, kind=GENERAL_KIND).values_list("code", flat=True))
    new = [
        Criterion(workspace=workspace, kind=t.kind.code, code=t.code, from_template=t, position=t.position)
        for t in CriterionTemplate.objects.select_related("kind").exclude(pk__in=have_templates)
    ]
    new += [
        Criterion(workspace=workspace, kind=GENERAL_KIND, code=code, position=row["position"])
        for code, row in general_criteria().items()
        if code not in have_general
    ]
    # A workspace's custom criterion may already use a library code in the same kind.
    taken = set(Criterion.objects.filter(workspace=workspace).exclude(code="").values_list("kind", "code"))
    for crit in new:
        if crit.from_template_id and (crit.kind, crit.code) in taken:
            crit.code = ""
    Criterion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _weight(value: Any) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight": _("The weight must be a number, e.g. 1 or 2.5.")}) from None
    if not weight.is_finite() or weight <= 0 or weight > 1000:
        raise ValidationError({"weight": _("The weight must be above 0 and at most 1000.")})
    return weight.quantize(Decimal("0.01"))


CRITERION_FIELDS = ("kind", "name", "description", "weight", "active")


@transaction.atomic
def criterion_create(
    *, workspace: Workspace, kind: str, name: str, description: str = "", weight: Any = 1, active: bool = True
) -> Criterion:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    position = (Criterion.objects.filter(workspace=workspace, kind=kind).aggregate(m=Max("position"))["m"] or 0) + 1
    crit = Criterion(
        workspace=workspace,
        kind=(kind or GENERAL_KIND).strip(),
        name=name,
        description=(description or "").strip(),
        weight=_weight(weight),
        active=active,
        position=position,
    )
    crit.full_clean(exclude=["workspace", "from_template"])
    crit.save()
    return crit


@transaction.atomic
def criterion_update(*, criterion: Criterion, **fields: Any) -> Criterion:
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "weight" in fields:
        fields["weight"] = _weight(fields["weight"])
    for key in ("name", "description", "kind"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    if "kind" in fields and not fields["kind"]:
        fields["kind"] = GENERAL_KIND
    for key, value in fields.items():
        setattr(criterion, key, value)
    if not criterion.name and not criterion.from_template_id and criterion.kind != GENERAL_KIND:
        raise ValidationError({"name": _("Give the criterion a name.")})
    criterion.full_clean(exclude=["workspace", "from_template"])
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    if criterion.from_template_id or (criterion.kind == GENERAL_KIND and criterion.code in general_criteria()):
        raise ValidationError(_("Built-in criteria can be switched off, not deleted."))
    if criterion.scores.exists():
        raise ValidationError(
            _("“%(name)s” has scores in audits: switch it off instead, so those audits keep their answers.")
            % {"name": criterion.label}
        )
    criterion.delete()


def _own_criteria(workspace: Workspace, criteria: Iterable[Criterion | int]) -> list[Criterion]:
    ids = [cr.pk if isinstance(cr, Criterion) else int(cr) for cr in criteria]
    found = {cr.pk: cr for cr in Criterion.objects.filter(pk__in=ids)}
    for cid in ids:
        crit = found.get(cid)
        # Another workspace's criterion gets the very message of a missing one: its existence is
        # not ours to reveal.
        if crit is None or crit.workspace_id != workspace.pk:
            raise ValidationError({"criteria": _("There is no criterion %(id)s.") % {"id": cid}})
    return [found[cid] for cid in dict.fromkeys(ids)]


@transaction.atomic
def touchpoint_criteria_set(*, touchpoint: Touchpoint, criteria: Sequence[Criterion | int]) -> list[Criterion]:
    """Attaches exactly these criteria to the touchpoint, in this order; an empty list returns it
    to the criteria of its kind."""
    chosen = _own_criteria(touchpoint.workspace, criteria)
    CriterionAttachment.objects.filter(touchpoint=touchpoint).delete()
    CriterionAttachment.objects.bulk_create(
        [CriterionAttachment(touchpoint=touchpoint, criterion=crit, position=pos) for pos, crit in enumerate(chosen)]
    )
    return chosen


# ---- audits --------------------------------------------------------------------------------

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
        found = journey_steps(workspace=workspace, journey_id=int(journey_id))
        if found is None:
            raise ValidationError({"journey_id": _("There is no such journey in this workspace.")})
        name, ids = found
        if not ids:
            raise ValidationError({"journey_id": _("The journey has no steps yet.")})
        return ids, name
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


def _choice(value: Any, choices: type, field: str) -> str:
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
    unknown = set(fields) - set(SETUP_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
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
    audit.delete()


# ---- answers -------------------------------------------------------------------------------

ANSWER_FIELDS = ("score", "criterion_na", "impression", "expectation", "ideal", "note", "touchpoint_na")


def _item(audit: Audit, touchpoint_id: Any) -> AuditItem:
    try:
        tp_id = int(touchpoint_id)
    except (TypeError, ValueError):
        raise ValidationError({"touchpoint": _("Say which touchpoint the answer is for.")}) from None
    item = audit.items.filter(touchpoint_id=tp_id).first()
    if item is None:
        raise ValidationError({"touchpoint": _("Touchpoint %(id)s is not in this audit.") % {"id": tp_id}})
    return item


def _criterion(audit: Audit, item: AuditItem, criterion_id: Any) -> Criterion:
    try:
        cid = int(criterion_id)
    except (TypeError, ValueError):
        raise ValidationError({"criterion": _("Say which criterion the score is for.")}) from None
    crit = Criterion.objects.filter(pk=cid).first()
    if crit is None or crit.workspace_id != audit.workspace_id:  # the same words: nothing revealed
        raise ValidationError({"criterion": _("There is no criterion %(id)s.") % {"id": cid}})
    if cid not in item.criterion_ids:
        raise ValidationError(
            {"criterion": _("“%(name)s” is not on this touchpoint's checklist in this audit.") % {"name": crit.label}}
        )
    return crit


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ValidationError({"value": _("Answer yes or no (true / false).")})


def _scaled(audit: Audit, value: Any, field: str) -> tuple[str, float | None]:
    text = "" if value is None else str(value).strip()
    if not text:
        return "", None
    try:
        raw = scales.parse(audit.scale, text)
    except scales.ScaleError as exc:
        raise ValidationError({field: str(exc)}) from None
    return raw, scales.normalise(audit.scale, raw)


@transaction.atomic
def answer_save(
    *, audit: Audit, auditor: Any, touchpoint_id: Any, field: str, value: Any, criterion_id: Any = None
) -> dict[str, Any]:
    """Saves one answer of one auditor and returns it as stored. Fields: ``score`` (the raw answer
    on the audit's scale; empty clears it), ``criterion_na``, ``impression``, ``expectation``,
    ``ideal``, ``note``, ``touchpoint_na``. A refused answer changes nothing."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"audit": locked_message(audit)})
    if field not in ANSWER_FIELDS:
        raise ValidationError({"field": _("Unknown answer field “%(field)s”.") % {"field": field}})
    item = _item(audit, touchpoint_id)
    if field in ("score", "criterion_na"):
        crit = _criterion(audit, item, criterion_id)
        score = Score.objects.filter(item=item, criterion=crit, auditor=auditor).first() or Score(
            item=item, criterion=crit, auditor=auditor
        )
        if field == "score":
            score.raw, value_0_100 = _scaled(audit, value, "score")
            score.value = None if score.not_applicable else value_0_100
        else:
            score.not_applicable = _flag(value)
            score.value = None if score.not_applicable or not score.raw else scales.normalise(audit.scale, score.raw)
        if not score.raw and not score.not_applicable:
            if score.pk:
                score.delete()
        else:
            score.save()
        return {
            "touchpoint": item.touchpoint_id,
            "criterion": crit.pk,
            "raw": score.raw,
            "value": score.value,
            "not_applicable": score.not_applicable,
        }
    assessment = Assessment.objects.filter(item=item, auditor=auditor).first() or Assessment(item=item, auditor=auditor)
    if field == "impression":
        text = str(value or "").strip().lower()
        if text and text not in c.Impression.values:
            raise ValidationError({"impression": _("The impression is positive, neutral or negative.")})
        assessment.impression = text
    elif field in ("expectation", "ideal"):
        raw, normalised = _scaled(audit, value, field)
        setattr(assessment, f"{field}_raw", raw)
        setattr(assessment, field, normalised)
    elif field == "note":
        text = str(value or "")
        if len(text) > 10000:
            raise ValidationError({"note": _("The note is too long (at most 10,000 characters).")})
        assessment.note = text
    else:
        assessment.not_applicable = _flag(value)
    assessment.save()
    return {
        "touchpoint": item.touchpoint_id,
        "impression": assessment.impression,
        "expectation": assessment.expectation_raw,
        "ideal": assessment.ideal_raw,
        "note": assessment.note,
        "not_applicable": assessment.not_applicable,
    }


def answers_save(*, audit: Audit, auditor: Any, answers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Saves a batch (what a phone sends when it is back online): each answer on its own, so one
    refused answer does not lose the others. Returns one outcome per answer, in order."""
    out = []
    for answer in answers:
        try:
            saved = answer_save(
                audit=audit,
                auditor=auditor,
                touchpoint_id=answer.get("touchpoint"),
                criterion_id=answer.get("criterion"),
                field=str(answer.get("field", "")),
                value=answer.get("value"),
            )
        except ValidationError as exc:
            out.append({"ok": False, "key": answer.get("key"), "errors": _messages(exc)})
        else:
            out.append({"ok": True, "key": answer.get("key"), "saved": saved})
    return out


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@transaction.atomic
def evidence_add(*, audit: Audit, auditor: Any, touchpoint_id: Any, upload: Any, limit: int | None = None) -> Evidence:
    """Stores a photo, recording or document for a touchpoint, after checking its content."""
    from django.conf import settings

    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"file": locked_message(audit)})
    item = _item(audit, touchpoint_id)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    limit = limit or getattr(settings, "AUDIT_EVIDENCE_MAX_BYTES", settings.MAX_UPLOAD_BYTES)
    try:
        data = read_limited(upload, limit)
        kind = evidence_rules.check(name, data[:64])
    except ValidationError as exc:
        raise ValidationError({"file": _messages(exc)}) from None
    if "." not in name:
        name = f"{name}{kind.extensions[0]}"
    ev = Evidence(item=item, auditor=auditor, original_name=name, content_type=kind.content_type, size=len(data))
    ev.file.save(name, ContentFile(data), save=False)
    try:
        ev.save()
    except IntegrityError:
        ev.file.delete(save=False)
        raise
    return ev


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    audit = evidence.item.audit
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"file": locked_message(audit)})
    evidence.file.delete(save=False)
    evidence.delete()
