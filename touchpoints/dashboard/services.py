"""Writes of the workspace home: its widget layout."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touchpoints.dashboard import layout, widgets
from touchpoints.dashboard.models import HomeLayout
from touchpoints.workspaces.models import Workspace


def _registered() -> list[str]:
    return [w.name for w in widgets.ordered()]


def current_slots(*, workspace: Workspace) -> list[layout.Slot]:
    saved = HomeLayout.objects.filter(workspace=workspace).values_list("widgets", flat=True).first()
    return layout.resolve(saved, _registered())


@transaction.atomic
def home_layout_save(*, workspace: Workspace, visible: Iterable[str], move: str = "") -> list[layout.Slot]:
    """Saves which widgets show; ``move`` ("<name>:up" / "<name>:down") moves one a place."""
    registered = _registered()
    visible = list(visible)
    unknown = [name for name in visible if name not in registered]
    if unknown:
        raise ValidationError({"visible": _("Unknown widget: %(names)s.") % {"names": ", ".join(unknown)}})
    slots = layout.with_visibility(current_slots(workspace=workspace), visible)
    if move:
        name, _sep, direction = move.rpartition(":")
        if name not in registered or direction not in ("up", "down"):
            raise ValidationError({"move": _("Unknown move.")})
        slots = layout.move(slots, name, -1 if direction == "up" else 1)
    HomeLayout.objects.update_or_create(workspace=workspace, defaults={"widgets": layout.serialise(slots)})
    return slots


@transaction.atomic
def home_layout_reset(*, workspace: Workspace) -> None:
    HomeLayout.objects.filter(workspace=workspace).delete()
