"""Checks shared by the writes to journeys and their steps: a step uses a touchpoint of the
journey's own workspace, "next journey" links never close a cycle, the owner is a member, stages
and expected experiences are in range."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touchpoints.inventory.choices import Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys.choices import EXPERIENCE_MAX, EXPERIENCE_MIN
from touchpoints.journeys.models import Journey
from touchpoints.workspaces.models import Brand, Membership, Workspace


def check_brand(workspace: Workspace, brand: Brand | None) -> Brand:
    if brand is None:
        raise ValidationError({"brand": _("Choose whose path this is: a brand of this workspace.")})
    if brand.workspace_id != workspace.pk:
        raise ValidationError({"brand": _("The brand must be a brand of this workspace.")})
    return brand


def check_owner(workspace: Workspace, owner: Any) -> Any:
    """An owner must be a current member of the workspace (or nobody)."""
    if owner is not None and not Membership.objects.filter(workspace=workspace, user=owner).exists():
        raise ValidationError({"owner": _("Choose a current member of the workspace.")})
    return owner


def check_next_journey(*, workspace: Workspace, journey: Journey | None, next_journey: Journey | None) -> None:
    """Refuse a next journey from another workspace, the journey itself, and any link that would
    close a cycle of "next journey" links (A → B → … → A)."""
    if next_journey is None:
        return
    if next_journey.workspace_id != workspace.pk:
        raise ValidationError({"next_journey": _("The next journey must be a journey of this workspace.")})
    if journey is None or journey.pk is None:
        return
    if next_journey.pk == journey.pk:
        raise ValidationError({"next_journey": _("A journey cannot start itself.")})
    rows = Journey.objects.filter(workspace=workspace).values_list("id", "next_journey_id", "name")
    links = {pk: nxt for pk, nxt, _name in rows}
    names = {pk: name for pk, _nxt, name in rows}
    path = [next_journey.pk]
    node = links.get(next_journey.pk)
    while node is not None and node not in path:
        path.append(node)
        if node == journey.pk:
            loop = " → ".join([journey.name, *(names[p] for p in path)])
            raise ValidationError(
                {
                    "next_journey": _(
                        "“%(next)s” already leads back to “%(name)s”: linking them would make a cycle (%(loop)s)."
                    )
                    % {"next": next_journey.name, "name": journey.name, "loop": loop}
                }
            )
        node = links.get(node)


def check_touchpoint(workspace_id: int, touchpoint: Touchpoint | None) -> Touchpoint:
    """A touchpoint a step of a journey of workspace ``workspace_id`` may use."""
    # Say nothing about a touchpoint of another workspace: its existence is not ours to reveal.
    if touchpoint is None or touchpoint.workspace_id != workspace_id:
        raise ValidationError(
            {
                "touchpoint": _(
                    "This touchpoint is not in this workspace's inventory: a step can only use touchpoints of the "
                    "journey's workspace."
                )
            }
        )
    return touchpoint


def check_stage(stage: str | None) -> str:
    if stage not in Stage.values:
        raise ValidationError(
            {"stage": _("Choose one of the five purchase stages: %(stages)s.") % {"stages": ", ".join(Stage.values)}}
        )
    return str(stage)


def check_expected(expected: Any) -> int | None:
    if expected is None or expected == "":
        return None
    value: int | None = None
    if isinstance(expected, int) and not isinstance(expected, bool):
        value = expected
    elif isinstance(expected, float) and expected.is_integer():
        value = int(expected)
    elif isinstance(expected, str):
        text = expected.strip().replace("\u2212", "-")
        if text.isascii() and text.lstrip("+-").isdigit():
            value = int(text)
    if value is None or not EXPERIENCE_MIN <= value <= EXPERIENCE_MAX:
        raise ValidationError({"expected": _("The expected experience is a whole number from −2 to +2.")})
    return value


def lock_journey(journey: Journey) -> Journey:
    """Serialises writes to one journey's steps (positions are renumbered as a whole)."""
    return Journey.objects.select_for_update().get(pk=journey.pk)
