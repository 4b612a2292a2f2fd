"""Writes of the action plan. Keyword-only, typed, one transaction each; a refusal raises a
ValidationError with field messages and writes nothing. Every change of an action is announced to
the workspace's webhooks after the transaction commits (``touchpoints.actions.webhooks``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.actions import choices as c
from touchpoints.actions.models import (
    Action,
    CalendarFeed,
    Comment,
    WebhookEndpoint,
)
from touchpoints.actions.selectors import comment_editable, comment_removable
from touchpoints.actions.tasks import send_comment_notices
from touchpoints.lib.tokens import revoke
from touchpoints.workspaces.access import Access
from touchpoints.workspaces.models import Membership, Workspace

EDITABLE = (
    "title",
    "description",
    "touchpoint",
    "journey",
    "priority",
    "owner_user",
    "owner_unit",
    "deadline",
    "kpi_name",
    "kpi_baseline",
    "kpi_target",
    "kpi_unit",
    "touchpoint_id",
    "journey_id",
    "priority_id",
    "owner_user_id",
)


def _related(action: Action, name: str) -> Any:
    """The object a foreign key names, or None when no such row exists."""
    try:
        return getattr(action, name)
    except ObjectDoesNotExist:
        return None


def _check(
    action: Action,
    *,
    today: dt.date,
    previous_deadline: dt.date | None,
    creating: bool,
    previous_owner_id: int | None = None,
) -> None:
    """Every rule of an action, reported together."""
    errors: dict[str, list[str]] = {}
    ws = action.workspace
    action.title = (action.title or "").strip()
    action.owner_unit = (action.owner_unit or "").strip()
    if not action.title:
        errors.setdefault("title", []).append(_("Say what changes."))
    for name in ("description", "kpi_name", "kpi_unit"):  # null from the API: empty
        setattr(action, name, getattr(action, name) or "")
    for name in ("touchpoint", "journey", "priority", "owner_user"):  # an id that names nothing
        if getattr(action, f"{name}_id", None) is not None and _related(action, name) is None:
            if getattr(action, f"{name}_id"):
                errors.setdefault(name, []).append(_("This does not exist (any more)."))
            setattr(action, f"{name}_id", None)
    targets = [action.touchpoint_id, action.journey_id, getattr(action, "priority_id", None)]
    if not any(targets) and not errors.keys() & {"touchpoint", "journey", "priority"}:
        errors.setdefault("touchpoint", []).append(
            _("Choose what the action improves: a touchpoint, a journey or a top-ten priority.")
        )
    if action.touchpoint is not None and action.touchpoint.workspace_id != ws.pk:
        errors.setdefault("touchpoint", []).append(_("This touchpoint belongs to another workspace."))
    if action.journey is not None and action.journey.workspace_id != ws.pk:
        errors.setdefault("journey", []).append(_("This journey belongs to another workspace."))
    place = getattr(action, "priority", None) if getattr(action, "priority_id", None) else None
    if place is not None:
        if place.version.workspace_id != ws.pk:
            errors.setdefault("priority", []).append(_("This priority belongs to another workspace."))
        elif not action.touchpoint_id:
            # A priority is a touchpoint of the top ten: measure the action on it.
            action.touchpoint_id = place.touchpoint_id
    if not action.owner_user_id and not action.owner_unit and "owner_user" not in errors:
        errors.setdefault("owner_user", []).append(_("Name an owner: a member of the workspace or a unit."))
    owner = action.owner_user
    if owner is not None and not Membership.objects.filter(workspace=ws, user_id=owner.pk).exists():
        if owner.pk == previous_owner_id:  # the owner left the workspace: name them
            who = owner.get_full_name() or owner.username
            message = _("%(who)s is no longer a member of this workspace: choose a current member or a unit.") % {
                "who": who
            }
        else:  # any other account: its name is not this workspace's to show
            message = _("Choose a current member of the workspace or a unit.")
        errors.setdefault("owner_user", []).append(message)
    if action.deadline is None:
        errors.setdefault("deadline", []).append(_("Set a deadline."))
    elif action.deadline < today:
        kept = not creating and previous_deadline == action.deadline
        if not kept:
            errors.setdefault("deadline", []).append(
                _("The deadline %(date)s has already passed: choose today or a later day.")
                % {"date": action.deadline.isoformat()}
            )
    if action.status not in c.Status.values:
        errors.setdefault("status", []).append(_("Unknown status."))
    for name in ("kpi_baseline", "kpi_target"):
        value = getattr(action, name)
        if value is not None and not isinstance(value, Decimal):
            try:
                setattr(action, name, Decimal(str(value)))
            except ArithmeticError:
                errors.setdefault(name, []).append(_("Enter a number."))
    if (action.kpi_baseline is not None or action.kpi_target is not None) and not action.kpi_name.strip():
        errors.setdefault("kpi_name", []).append(_("Name the KPI the baseline and target belong to."))
    if errors:
        raise ValidationError(errors)


def _stamp_status(action: Action, old: str | None) -> None:
    now = timezone.now()
    if action.status == c.Status.IN_PROGRESS and (old != c.Status.IN_PROGRESS or action.started_at is None):
        action.started_at = action.started_at or now
    if action.status == c.Status.DONE and old != c.Status.DONE:
        action.done_at = now
        action.started_at = action.started_at or action.created_at or now
    if action.status != c.Status.DONE:
        action.done_at = None


def _announce(action: Action, event: str, **extra: Any) -> None:
    from touchpoints.actions.webhooks import announce

    payload = action_payload(action, **extra)
    transaction.on_commit(lambda: announce(workspace_id=action.workspace_id, event=event, payload=payload))


def action_payload(action: Action, **extra: Any) -> dict[str, Any]:
    return {
        "id": action.pk,
        "workspace": action.workspace.slug,
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "deadline": action.deadline.isoformat() if action.deadline else None,
        "touchpoint_id": action.touchpoint_id,
        "journey_id": action.journey_id,
        "priority_id": getattr(action, "priority_id", None),
        "owner": {"user": action.owner_user.username if action.owner_user else None, "unit": action.owner_unit},
        "kpi": {
            "name": action.kpi_name,
            "unit": action.kpi_unit,
            "baseline": None if action.kpi_baseline is None else float(action.kpi_baseline),
            "target": None if action.kpi_target is None else float(action.kpi_target),
        },
        **extra,
    }


@transaction.atomic
def action_create(
    *,
    workspace: Workspace,
    title: str,
    created_by: Any = None,
    status: str = c.Status.PLANNED,
    today: dt.date | None = None,
    **fields: Any,
) -> Action:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(f)s") % {"f": ", ".join(sorted(unknown))})
    action = Action(
        workspace=workspace,
        title=title,
        created_by=created_by,
        status=status,
        **{k: v for k, v in fields.items() if v is not None or k in ("deadline",)},
    )
    _check(action, today=today or timezone.localdate(), previous_deadline=None, creating=True)
    action.position = Action.objects.filter(workspace=workspace).count()
    _stamp_status(action, None)
    action.save()
    if action.status == c.Status.DONE and action.started_at is None:
        action.started_at = action.created_at
        action.save(update_fields=["started_at"])
    _announce(action, c.Event.CREATED)
    return action


@transaction.atomic
def action_update(*, action: Action, today: dt.date | None = None, **fields: Any) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    previous_deadline = action.deadline
    previous_owner_id = action.owner_user_id
    old_status = action.status
    for key, value in fields.items():
        if key == "status":
            action.status = value
        elif key in EDITABLE:
            setattr(action, key, value)
        else:
            raise ValidationError(_("Unknown field: %(f)s") % {"f": key})
    _check(
        action,
        today=today or timezone.localdate(),
        previous_deadline=previous_deadline,
        creating=False,
        previous_owner_id=previous_owner_id,
    )
    _stamp_status(action, old_status)
    action.save()
    _announce(action, c.Event.STATUS if old_status != action.status else c.Event.UPDATED, previous_status=old_status)
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str) -> Action:
    """Moves an action on the board. Only the status changes, so an overdue action or one whose
    owner left can still be marked done."""
    if status not in c.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    old = action.status
    if old == status:
        return action
    action.status = status
    _stamp_status(action, old)
    action.save(update_fields=["status", "started_at", "done_at", "updated_at"])
    _announce(action, c.Event.STATUS, previous_status=old)
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    payload = action_payload(action)
    workspace_id = action.workspace_id
    action.delete()
    from touchpoints.actions.webhooks import announce

    transaction.on_commit(lambda: announce(workspace_id=workspace_id, event=c.Event.DELETED, payload=payload))


# ---- comments ------------------------------------------------------------------------------


def comment_payload(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": comment.created_by.username if comment.created_by else None,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
    }


@transaction.atomic
def comment_add(*, action: Action, author: Any, body: str) -> Comment:
    """A comment on the action's progress. Its owner and the members it mentions (@username) are
    told by e-mail (never its author), and the workspace's webhooks get ``action.commented``, both
    after the transaction commits."""
    comment = Comment.objects.create(action=action, created_by=author, body=_checked_body(body))
    _announce(action, c.Event.COMMENTED, comment=comment_payload(comment))
    transaction.on_commit(lambda: send_comment_notices.enqueue(comment.pk))
    return comment


def _checked_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > Comment.BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("At most %(n)s characters (this one has %(got)s).")
                % {"n": Comment.BODY_MAX_LENGTH, "got": len(body)}
            }
        )
    return body


@transaction.atomic
def comment_edit(*, comment: Comment, access: Access, body: str) -> Comment:
    """Its author rewords a comment (nobody else: an owner may remove it, not put words in it). The
    page then says it was edited; nobody is e-mailed again."""
    if not comment_editable(comment=comment, access=access):
        raise PermissionDenied(_("Only its author edits a comment."))
    body = _checked_body(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, access: Access) -> None:
    if not comment_removable(comment=comment, access=access):
        raise PermissionDenied(_("Only its author or an owner of the workspace removes a comment."))
    comment.delete()


# ---- calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def feed_create(*, workspace: Workspace, user: Any, scope: str, name: str = "") -> tuple[CalendarFeed, str]:
    """A new secret feed; returns it and the raw token (shown once, never stored)."""
    if scope not in c.FeedScope.values:
        raise ValidationError({"scope": _("Unknown choice.")})
    return CalendarFeed.issue(workspace=workspace, user=user, scope=scope, name=name.strip()[:100])


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed) -> None:
    revoke(feed)


# ---- webhooks ------------------------------------------------------------------------------


@transaction.atomic
def webhook_create(*, workspace: Workspace, url: str, description: str = "", created_by: Any = None) -> WebhookEndpoint:
    from touchpoints.actions.netguard import check_url

    url = (url or "").strip()
    check_url(url, field="url")
    return WebhookEndpoint.objects.create(
        workspace=workspace, url=url, description=description.strip()[:200], created_by=created_by
    )


@transaction.atomic
def webhook_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()
