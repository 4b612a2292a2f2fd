"""The action plan in the REST API, under ``/api/v1/workspaces/{slug}/actions``: list (with the
list page's filters), create, read, change, delete, the status change the board makes, and the
comments on an action. The
same rules as the pages: members read, editors and owners write; a refusal is a 4xx with field
messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema, Status
from pydantic import Field

from touchpoints.actions import choices as c
from touchpoints.actions import selectors, services
from touchpoints.actions.measure import BeforeAfter
from touchpoints.actions.models import Action, Comment
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("actions")
# The status values inline, not as the choices class: the document names an enum by its class
# name, and the audits' "Status" is another one.
if TYPE_CHECKING:
    StatusName = str
else:
    # Built from the choices, so the OpenAPI document lists the statuses; a checker sees a str.
    StatusName = Literal[tuple(c.Status.values)]


class Figure(Schema):
    value: float
    at: dt.datetime
    audit_id: int | None = None
    answers: int | None = Field(None, description="Customers' answers behind a feedback figure.")


class MeasurementOut(Schema):
    state: str = Field(description="measured, no_before, not_done or waiting")
    before: Figure | None = None
    after: Figure | None = None
    change: float | None = None


class ActionOut(Schema):
    id: int
    title: str
    description: str
    status: str
    deadline: dt.date | None
    overdue: bool
    touchpoint_id: int | None
    journey_id: int | None
    priority_id: int | None = None
    owner_user: str | None = Field(None, description="The member's user name.")
    owner_user_id: int | None
    owner_left: bool = Field(description="The owner is no longer a member of the workspace.")
    owner_unit: str
    kpi_name: str
    kpi_baseline: float | None
    kpi_target: float | None
    kpi_unit: str
    started_at: dt.datetime | None
    done_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    result: MeasurementOut | None = Field(None, description="The touchpoint's audit score before and after.")
    customers: MeasurementOut | None = Field(
        None, description="Customers' mean positivity (−2 … +2) over up to 8 weeks before and after."
    )
    comments: int = Field(0, description="How many comments the action has.")


class CommentOut(Schema):
    id: int
    author: str | None = Field(description="The member's user name; null once the account is deleted.")
    body: str
    created_at: dt.datetime
    edited_at: dt.datetime | None = Field(None, description="When its author last reworded it.")


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=Comment.BODY_MAX_LENGTH)


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=Action.TITLE_MAX_LENGTH)
    description: str = Field("", max_length=Action.DESCRIPTION_MAX_LENGTH)
    touchpoint_id: Id | None = None
    journey_id: Id | None = None
    priority_id: Id | None = None
    owner_user_id: Id | None = None
    owner_unit: str = Field("", max_length=200)
    deadline: dt.date | None = None
    status: StatusName = c.Status.PLANNED.value
    kpi_name: str = Field("", max_length=200)
    kpi_baseline: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    kpi_target: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    kpi_unit: str = Field("", max_length=40)


class ActionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=Action.TITLE_MAX_LENGTH)
    description: str | None = Field(None, max_length=Action.DESCRIPTION_MAX_LENGTH)
    touchpoint_id: Id | None = None
    journey_id: Id | None = None
    priority_id: Id | None = None
    owner_user_id: Id | None = None
    owner_unit: str | None = Field(None, max_length=200)
    deadline: dt.date | None = None
    status: StatusName | None = None
    kpi_name: str | None = Field(None, max_length=200)
    kpi_baseline: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    kpi_target: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    kpi_unit: str | None = Field(None, max_length=40)


class StatusIn(Schema):
    status: StatusName


class ListQuery(Schema):
    status: str = ""
    owner: str = Field("", description="u<user id> for a member, unit:<name> for a unit")
    overdue: bool = False
    touchpoint: Id | None = None


def _measurement(m: BeforeAfter | None) -> dict[str, Any] | None:
    if m is None:
        return None

    def fig(r: Any) -> dict[str, Any] | None:
        return None if r is None else {"value": r.value, "at": r.at, "audit_id": r.ref, "answers": r.n}

    return {"state": m.state, "before": fig(m.before), "after": fig(m.after), "change": m.change}


def _out(row: selectors.ActionRow) -> dict[str, Any]:
    a = row.action
    return {
        "id": a.pk,
        "title": a.title,
        "description": a.description,
        "status": a.status,
        "deadline": a.deadline,
        "overdue": row.overdue,
        "touchpoint_id": a.touchpoint_id,
        "journey_id": a.journey_id,
        "priority_id": getattr(a, "priority_id", None),
        "owner_user": a.owner_user.username if a.owner_user else None,
        "owner_user_id": a.owner_user_id,
        "owner_left": row.owner_left,
        "owner_unit": a.owner_unit,
        "kpi_name": a.kpi_name,
        "kpi_baseline": None if a.kpi_baseline is None else float(a.kpi_baseline),
        "kpi_target": None if a.kpi_target is None else float(a.kpi_target),
        "kpi_unit": a.kpi_unit,
        "started_at": a.started_at,
        "done_at": a.done_at,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "result": _measurement(row.measurement),
        "customers": _measurement(row.customers),
        "comments": row.comments,
    }


def _one(access: Any, pk: int) -> dict[str, Any]:
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    return _out(selectors.action_row(workspace=access.workspace, action=action, today=timezone.localdate()))


@router.get(BASE, response=list[ActionOut], summary="List actions")
def list_actions(request: HttpRequest, slug: str, q: Query[ListQuery]) -> list[dict[str, Any]]:
    access = workspace_access(request.user, slug)
    filters = selectors.Filters(status=q.status, owner=q.owner, overdue=q.overdue, touchpoint=q.touchpoint).checked()
    rows = selectors.action_rows(workspace=access.workspace, today=timezone.localdate(), filters=filters, measure=True)
    return [_out(r) for r in rows]


@router.post(BASE, response={201: ActionOut}, summary="Create an action")
def create_action(request: HttpRequest, slug: str, payload: ActionIn) -> Status[dict[str, Any]]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    data = payload.dict()
    if selectors.priority_choices(workspace=access.workspace) is None:
        data.pop("priority_id")
    action = services.action_create(workspace=access.workspace, created_by=request.user, **data)
    return Status(201, _one(access, action.pk))


@router.get(BASE + "/{int:pk}", response=ActionOut, summary="One action, with its before / after")
def get_action(request: HttpRequest, slug: str, pk: Id) -> dict[str, Any]:
    return _one(workspace_access(request.user, slug), pk)


@router.patch(BASE + "/{int:pk}", response=ActionOut, summary="Change an action")
def patch_action(request: HttpRequest, slug: str, pk: Id, payload: ActionPatch) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    services.action_update(action=action, **payload.dict(exclude_unset=True))
    return _one(access, pk)


@router.post(BASE + "/{int:pk}/status", response=ActionOut, summary="Move an action to another status")
def set_status(request: HttpRequest, slug: str, pk: Id, payload: StatusIn) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.action_set_status(action=selectors.action_get(workspace=access.workspace, pk=pk), status=payload.status)
    return _one(access, pk)


@router.delete(BASE + "/{int:pk}", response={204: None}, summary="Delete an action")
def delete_action(request: HttpRequest, slug: str, pk: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.action_delete(action=selectors.action_get(workspace=access.workspace, pk=pk))
    return Status(204, None)


@router.get(BASE + "/{int:pk}/comments", response=list[CommentOut], summary="An action's comments, oldest first")
def list_comments(request: HttpRequest, slug: str, pk: Id) -> list[dict[str, Any]]:
    access = workspace_access(request.user, slug)
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    return [services.comment_payload(comment) for comment in selectors.comment_list(action=action)]


@router.post(BASE + "/{int:pk}/comments", response={201: CommentOut}, summary="Comment on an action")
def add_comment(request: HttpRequest, slug: str, pk: Id, payload: CommentIn) -> Status[dict[str, Any]]:
    """The action's owner is told by e-mail, and webhooks get ``action.commented``."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    comment = services.comment_add(action=action, author=request.user, body=payload.body)
    return Status(201, services.comment_payload(comment))


@router.patch(BASE + "/{int:pk}/comments/{int:comment_id}", response=CommentOut, summary="Reword a comment")
def edit_comment(request: HttpRequest, slug: str, pk: Id, comment_id: Id, payload: CommentIn) -> dict[str, Any]:
    """Only its author rewords a comment (403 for anyone else); nobody is e-mailed again."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    comment = services.comment_edit(
        comment=selectors.comment_get(action=action, pk=comment_id), access=access, body=payload.body
    )
    return services.comment_payload(comment)


@router.delete(BASE + "/{int:pk}/comments/{int:comment_id}", response={204: None}, summary="Remove a comment")
def delete_comment(request: HttpRequest, slug: str, pk: Id, comment_id: Id) -> Status[None]:
    """Its author removes a comment, or an owner of the workspace does (403 for anyone else)."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    action = selectors.action_get(workspace=access.workspace, pk=pk)
    services.comment_delete(comment=selectors.comment_get(action=action, pk=comment_id), access=access)
    return Status(204, None)
