from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from touchpoints.workspaces.models import Brand, Invitation, Membership, Segment, Workspace


def workspace_list_for_user(*, user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(touchpoint_count=Count("workspace__touchpoints", distinct=True))
        .order_by("workspace__name")
    )


def brand_list(*, workspace: Workspace) -> QuerySet[Brand]:
    return workspace.brands.all()


def segment_list(*, workspace: Workspace) -> QuerySet[Segment]:
    return workspace.segments.all()


def member_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return workspace.memberships.select_related("user").order_by("user__username")


def member_ids(*, workspace: Workspace) -> set[int]:
    """The user ids of the workspace's members (to flag an owner who has left)."""
    return set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))


def pending_invitations_for_user(*, user: Any) -> QuerySet[Invitation]:
    """Invitations sent to the user's email address, not yet used, to workspaces they are not in."""
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True)
        .exclude(workspace__memberships__user=user)
        .select_related("workspace", "invited_by")
        .order_by("-created_at")
    )
