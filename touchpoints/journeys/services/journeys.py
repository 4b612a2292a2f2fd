"""Writes to journeys: create, update (brand, segments, owner, "next journey" link), delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from touchpoints.inventory.services import check_segments
from touchpoints.journeys.models import Journey, ShareLink
from touchpoints.journeys.services.checks import check_brand, check_next_journey, check_owner, lock_journey
from touchpoints.lib.tokens import revoke
from touchpoints.lib.validation import check_fields
from touchpoints.workspaces.models import Brand, Segment, Workspace

JOURNEY_FIELDS = ("name", "process", "description", "brand", "segments", "owner", "next_journey")


@transaction.atomic
def journey_create(
    *,
    workspace: Workspace,
    name: str,
    brand: Brand | None,
    process: str = "",
    description: str = "",
    segments: Iterable[Segment] = (),
    next_journey: Journey | None = None,
    template: Any = None,
    created_by: Any = None,
    owner: Any = None,
) -> Journey:
    check_brand(workspace, brand)
    check_owner(workspace, owner)
    segments = check_segments(workspace, segments)
    check_next_journey(workspace=workspace, journey=None, next_journey=next_journey)
    journey = Journey(
        workspace=workspace,
        name=(name or "").strip(),
        process=(process or "").strip(),
        brand=brand,
        description=description or "",
        next_journey=next_journey,
        template=template,
        created_by=created_by,
        owner=owner,
    )
    journey.full_clean(exclude=["workspace", "brand", "next_journey", "template", "created_by", "owner"])
    journey.save()
    journey.segments.set(segments)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, **fields: Any) -> Journey:
    check_fields(fields, JOURNEY_FIELDS)
    journey = lock_journey(journey)
    workspace = journey.workspace
    if "brand" in fields:
        journey.brand = check_brand(workspace, fields["brand"])
    if "next_journey" in fields:
        check_next_journey(workspace=workspace, journey=journey, next_journey=fields["next_journey"])
        journey.next_journey = fields["next_journey"]
    if "owner" in fields:
        owner = fields["owner"]
        if getattr(owner, "pk", None) != journey.owner_id:  # an owner who left may stay until replaced
            check_owner(workspace, owner)
        journey.owner = owner
    for key in ("name", "process", "description"):
        if key in fields:
            setattr(journey, key, (fields[key] or "").strip() if key != "description" else fields[key] or "")
    journey.full_clean(exclude=["workspace", "brand", "next_journey", "template", "created_by", "owner"])
    journey.save()
    if "segments" in fields:
        journey.segments.set(check_segments(workspace, fields["segments"]))
    return journey


@transaction.atomic
def journey_delete(*, journey: Journey) -> None:
    journey.delete()


@transaction.atomic
def journey_share(*, journey: Journey, days: int, created_by: Any = None) -> tuple[ShareLink, str]:
    """A read-only link to the journey's map for ``days`` days; returns it and the raw token (shown
    once)."""
    return ShareLink.share(journey=journey, days=days, created_by=created_by)


@transaction.atomic
def journey_share_revoke(*, link: ShareLink) -> None:
    revoke(link)
