"""Reads of the action plan, each in a bounded number of queries whatever the plan's size."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from touchpoints.actions import choices as c
from touchpoints.actions import mentions
from touchpoints.actions.measure import (
    BeforeAfter,
    before_after,
    feedback_before_after,
    is_overdue,
    is_score_unit,
    kpi_progress,
)
from touchpoints.actions.models import Action, CalendarFeed, Comment, WebhookDelivery, WebhookEndpoint
from touchpoints.actions.readings import audit_readings, customer_weeks, feedback_readings
from touchpoints.lib.http import int_param
from touchpoints.workspaces.access import Access
from touchpoints.workspaces.models import Membership, Workspace
from touchpoints.workspaces.selectors import member_ids

# The owner filter: a member ("u<user id>") or a unit ("unit:<name>").
OWNER_FILTER = re.compile(r"u[0-9]{1,18}|unit:.{1,200}", re.DOTALL)


def action_queryset(*, workspace: Workspace) -> QuerySet[Action]:
    related = ["touchpoint", "journey", "owner_user"]
    if _has_priority():
        related.append("priority")
    return Action.objects.filter(workspace=workspace).select_related(*related).annotate(comment_count=Count("comments"))


def _has_priority() -> bool:
    return any(f.name == "priority" for f in Action._meta.get_fields())


def action_get(*, workspace: Workspace, pk: int) -> Action:
    action = action_queryset(workspace=workspace).filter(pk=pk).first()
    if action is None:
        raise Http404("No such action.")
    return action


def comment_list(*, action: Action) -> list[Comment]:
    """The action's comments, oldest first, with their authors."""
    return list(action.comments.select_related("created_by").order_by("created_at", "id"))


def member_names(*, workspace_id: int) -> set[str]:
    """The members' user names, lower-cased (what an @mention is matched against)."""
    return {
        name.lower()
        for name in Membership.objects.filter(workspace_id=workspace_id).values_list("user__username", flat=True)
    }


def mentioned_members(*, workspace_id: int, body: str) -> list[Any]:
    """The members a comment mentions as @username (any case)."""
    names = mentions.named(body)
    if not names:
        return []
    members = (
        get_user_model()
        .objects.filter(memberships__workspace_id=workspace_id)
        .select_related("profile")
        .order_by("username")
    )
    return [user for user in members if user.username.lower() in names]


@dataclass(frozen=True)
class CommentForYou:
    comment: Comment
    mentions_you: bool
    on_your_action: bool


def comments_for(*, workspace: Workspace, user: Any, limit: int = 50) -> list[CommentForYou]:
    """What others wrote for ``user``, newest first: comments that mention them as @username and
    comments on the actions they own (what they are e-mailed about). One query."""
    name = user.username.lower()
    qs = (
        Comment.objects.filter(action__workspace=workspace)
        .exclude(created_by_id=user.pk)
        .filter(Q(action__owner_user_id=user.pk) | Q(body__icontains=f"@{name}"))
        .select_related("action", "created_by")
        .order_by("-created_at", "-id")
    )
    out: list[CommentForYou] = []
    for comment in qs.iterator(chunk_size=200):
        mentioned = name in mentions.named(comment.body)  # "@anna" also matched "@annabel" above
        on_yours = comment.action.owner_user_id == user.pk
        if mentioned or on_yours:
            out.append(CommentForYou(comment, mentioned, on_yours))
            if len(out) == limit:
                break
    return out


def comment_removable(*, comment: Comment, access: Access) -> bool:
    """Its author (while an editor or owner) removes a comment; an owner of the workspace removes any."""
    return (access.can_edit and comment.created_by_id == access.membership.user_id) or access.can_manage


def comment_editable(*, comment: Comment, access: Access) -> bool:
    """Only its author (while an editor or owner) rewords a comment."""
    return access.can_edit and comment.created_by_id == access.membership.user_id


def comment_get(*, action: Action, pk: int) -> Comment:
    comment = action.comments.filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment.")
    return comment


def actions_on(
    *, workspace: Workspace, touchpoint_ids: Collection[int] = (), journey_id: int | None = None
) -> list[Action]:
    """The actions that work on these touchpoints (directly or through their top-ten place) or on
    this journey: open ones first, then by deadline. One query."""
    where = Q(pk__in=[])
    if touchpoint_ids:
        where |= Q(touchpoint_id__in=touchpoint_ids)
        if _has_priority():
            where |= Q(priority__touchpoint_id__in=touchpoint_ids)
    if journey_id is not None:
        where |= Q(journey_id=journey_id)
    related = ["owner_user", "touchpoint", *(["priority__touchpoint"] if _has_priority() else [])]
    actions = list(Action.objects.filter(where, workspace=workspace).select_related(*related))
    rank: dict[str, int] = {status: i for i, status in enumerate((*c.OPEN, c.Status.DONE, c.Status.DROPPED))}
    return sorted(actions, key=lambda a: (rank.get(a.status, 9), a.deadline is None, a.deadline or dt.date.max, a.pk))


def target_of(action: Action) -> Any:
    """The touchpoint an action works on: its own, or its top-ten place's (None for a journey's)."""
    if action.touchpoint_id:
        return action.touchpoint
    place = getattr(action, "priority", None)
    return place.touchpoint if place is not None else None


@dataclass
class Filters:
    status: str = ""
    owner: str = ""  # "u<id>" for a member, "unit:<name>" for a unit
    overdue: bool = False
    touchpoint: int | None = None
    departed: bool = False

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        status = query.get("status", "")
        tp = query.get("touchpoint", "")
        return cls(
            status=status if status in c.Status.values else "",
            owner=query.get("owner", "")[:210],
            overdue=query.get("overdue") in ("1", "on", "true"),
            touchpoint=int_param(tp),
            departed=query.get("departed") in ("1", "on"),
        )

    def checked(self) -> Filters:
        """The filters of an API client, which are refused when malformed rather than dropped
        (the page drops them: a stale bookmark still shows the plan)."""
        errors: dict[str, list[str]] = {}
        if self.status and self.status not in c.Status.values:
            errors["status"] = [_("Unknown status.")]
        if self.owner and not OWNER_FILTER.fullmatch(self.owner):
            errors["owner"] = [_("Give u<member id> for a member or unit:<name> for a unit.")]
        if errors:
            raise ValidationError(errors)
        return self


@dataclass
class ActionRow:
    action: Action
    overdue: bool
    owner_left: bool
    owner_label: str
    days_left: int | None
    measurement: BeforeAfter | None = None
    feedback: dict[str, BeforeAfter] = field(default_factory=dict)
    customers: BeforeAfter | None = None  # customers' mean positivity before / after (feedback app)
    kpi: float | None = None
    comments: int = 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.overdue and self.days_left is not None else 0


def owner_label(action: Action) -> str:
    user = action.owner_user
    if user is not None:
        name = user.get_full_name() or user.username
        return f"{name} · {action.owner_unit}" if action.owner_unit else name
    return action.owner_unit


def action_rows(
    *, workspace: Workspace, today: dt.date, filters: Filters | None = None, measure: bool = False
) -> list[ActionRow]:
    """The plan as rows (overdue and departed owners flagged), filtered; with ``measure`` each row
    carries its before / after figures (audits and customers). Seven queries at most."""
    f = filters or Filters()
    qs = action_queryset(workspace=workspace)
    if f.status:
        qs = qs.filter(status=f.status)
    owner_user = int_param(f.owner[1:]) if f.owner.startswith("u") else None
    if owner_user is not None:
        qs = qs.filter(owner_user_id=owner_user)
    elif f.owner.startswith("unit:"):
        qs = qs.filter(owner_unit=f.owner[5:])
    if f.overdue:
        qs = qs.filter(status__in=c.OPEN, deadline__lt=today)
    if f.touchpoint:
        qs = qs.filter(touchpoint_id=f.touchpoint)
    actions = list(qs.order_by("deadline", "position", "id"))
    members = member_ids(workspace=workspace)
    rows = [_row(a, today, members) for a in actions]
    if f.departed:
        rows = [r for r in rows if r.owner_left]
    if measure:
        attach_measurements(workspace=workspace, rows=rows)
    return rows


def _row(a: Action, today: dt.date, members: set[int]) -> ActionRow:
    return ActionRow(
        a,
        is_overdue(deadline=a.deadline, status=a.status, today=today),
        bool(a.owner_user_id) and a.owner_user_id not in members,
        owner_label(a),
        (a.deadline - today).days if a.deadline else None,
        comments=getattr(a, "comment_count", 0),
    )


def action_row(*, workspace: Workspace, action: Action, today: dt.date) -> ActionRow:
    """One action as a row, with its before / after figures."""
    row = _row(action, today, member_ids(workspace=workspace))
    attach_measurements(workspace=workspace, rows=[row])
    return row


def attach_measurements(*, workspace: Workspace, rows: list[ActionRow]) -> None:
    tp_ids = {r.action.touchpoint_id for r in rows if r.action.touchpoint_id}
    audits = audit_readings(workspace=workspace, touchpoint_ids=tp_ids)
    feedback = feedback_readings(workspace=workspace, touchpoint_ids=tp_ids)
    weeks = customer_weeks(workspace=workspace, touchpoint_ids=tp_ids)
    minimum = settings.FEEDBACK_MIN_ANSWERS
    for row in rows:
        a = row.action
        if not a.touchpoint_id:
            continue
        started = a.started_at or a.created_at
        row.measurement = before_after(readings=audits.get(a.touchpoint_id, []), started=started, done=a.done_at)
        row.customers = feedback_before_after(
            weeks=weeks.get(a.touchpoint_id, []), started=started, done=a.done_at, minimum=minimum
        )
        row.feedback = {
            name: before_after(readings=by_tp.get(a.touchpoint_id, []), started=started, done=a.done_at)
            for name, by_tp in feedback.items()
        }
        after = row.measurement.after.value if row.measurement.after else None
        if a.kpi_baseline is not None and a.kpi_target is not None:
            row.kpi = (
                kpi_progress(baseline=float(a.kpi_baseline), target=float(a.kpi_target), value=after)
                if is_score_unit(a.kpi_unit) and after is not None
                else None
            )


def board(*, rows: list[ActionRow]) -> list[tuple[str, str, list[ActionRow]]]:
    columns: dict[str, list[ActionRow]] = {s: [] for s in c.Status.values}
    for row in rows:
        columns[row.action.status].append(row)
    return [(value, str(label), columns[value]) for value, label in c.Status.choices]


def owner_choices(*, workspace: Workspace) -> tuple[list[tuple[int, str]], list[str]]:
    """Current members (id, name) and the organisational units known to the inventory and plan."""
    from touchpoints.inventory.models import Touchpoint

    users = [
        (u.pk, u.get_full_name() or u.username)
        for u in get_user_model().objects.filter(memberships__workspace=workspace).order_by("username")
    ]
    units = set(
        Touchpoint.objects.filter(workspace=workspace)
        .exclude(owner_unit="")
        .values_list("owner_unit", flat=True)
        .distinct()
    )
    units |= set(
        Action.objects.filter(workspace=workspace)
        .exclude(owner_unit="")
        .values_list("owner_unit", flat=True)
        .distinct()
    )
    return users, sorted(units, key=str.lower)


def feed_actions(*, feed: CalendarFeed) -> list[Action]:
    qs = Action.objects.filter(workspace_id=feed.workspace_id, deadline__isnull=False).select_related(
        "touchpoint", "owner_user", "workspace"
    )
    if feed.scope == c.FeedScope.PERSON:
        qs = qs.filter(owner_user_id=feed.user_id)
    return list(qs.order_by("deadline", "id")[:2000])


def feed_by_token(*, token: str) -> CalendarFeed | None:
    """A live feed: not revoked, its person still a member of the workspace."""
    feed = CalendarFeed.matching(token).select_related("workspace", "user").filter(revoked_at__isnull=True).first()
    if feed is None or not Membership.objects.filter(workspace_id=feed.workspace_id, user_id=feed.user_id).exists():
        return None
    return feed


def feeds_for(*, workspace: Workspace, user: Any, manage: bool) -> list[CalendarFeed]:
    qs = CalendarFeed.objects.filter(workspace=workspace).select_related("user")
    if not manage:
        qs = qs.filter(user=user)
    return list(qs)


def webhook_list(*, workspace: Workspace) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(workspace=workspace))


def delivery_log(*, workspace: Workspace, endpoint_id: int | None = None, limit: int = 200) -> list[WebhookDelivery]:
    qs = WebhookDelivery.objects.filter(endpoint__workspace=workspace).select_related("endpoint")
    if endpoint_id:
        qs = qs.filter(endpoint_id=endpoint_id)
    return list(qs[:limit])


def counts(*, rows: Collection[ActionRow]) -> dict[str, int]:
    out = {s: 0 for s in c.Status.values}
    for r in rows:
        out[r.action.status] += 1
    out["overdue"] = sum(1 for r in rows if r.overdue)
    out["owner_left"] = sum(1 for r in rows if r.owner_left)
    return out


def touchpoint_filter_choices(*, workspace: Workspace) -> list[tuple[int, str]]:
    from touchpoints.inventory.models import Touchpoint

    ids = Action.objects.filter(workspace=workspace, touchpoint__isnull=False).values_list("touchpoint_id", flat=True)
    return list(Touchpoint.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def priority_choices(*, workspace: Workspace, current: int | None = None) -> list[tuple[int, str]] | None:
    """The current top ten as (place id, "3. Phone line"), plus the place an action already points
    at; ``None`` when the priorities app is not installed."""
    if not _has_priority():
        return None
    from touchpoints.priorities.models import TopTenPlace, TopTenVersion

    version = TopTenVersion.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    qs = TopTenPlace.objects.filter(version=version) if version else TopTenPlace.objects.none()
    if current:
        qs = qs | TopTenPlace.objects.filter(pk=current, version__workspace=workspace)
    return [
        (p.pk, f"{p.position}. {p.touchpoint.name}") for p in qs.select_related("touchpoint").order_by("position", "id")
    ]
