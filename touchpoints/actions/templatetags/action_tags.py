"""The plan where the work is: the pages of a touchpoint, a journey and the top ten show the actions
that work on them, and editors plan a new one from there (``{% load action_tags %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from touchpoints.actions import selectors
from touchpoints.actions.links import plan_url
from touchpoints.actions.measure import is_overdue

register = template.Library()


@register.inclusion_tag("actions/_on.html", takes_context=True)
def actions_on(context: Any, touchpoint: Any = None, journey: Any = None) -> dict[str, Any]:
    """A touchpoint's actions, or a journey's with those on the touchpoints of its steps (each named),
    and a link that plans one for it. Two queries at most."""
    access = context.get("access")
    if access is None:
        return {"show": False}
    workspace = access.workspace
    if touchpoint is not None:
        touchpoint_ids = [touchpoint.pk]
    else:
        touchpoint_ids = list(journey.steps.values_list("touchpoint_id", flat=True).distinct())
    actions = selectors.actions_on(
        workspace=workspace, touchpoint_ids=touchpoint_ids, journey_id=journey.pk if journey is not None else None
    )
    target = {"touchpoint": touchpoint.pk} if touchpoint is not None else {"journey": journey.pk}
    today = timezone.localdate()
    return {
        "show": True,
        "workspace": workspace,
        "can_edit": access.can_edit,
        "journey_page": journey is not None,
        "rows": [
            (
                a,
                selectors.target_of(a) if journey is not None else None,
                is_overdue(deadline=a.deadline, status=a.status, today=today),
            )
            for a in actions
        ],
        "create_url": plan_url(workspace.slug, **target),
    }


@register.simple_tag(takes_context=True)
def actions_by_touchpoint(context: Any, items: list[Any], key: str = "touchpoint_id") -> dict[int, list[Any]]:
    """Touchpoint id → the actions that work on it (read with ``get_item``), for ``items`` (objects or
    dicts) that carry the touchpoint's id at ``key``, a dotted path (``"r.touchpoint_id"`` for an
    audit's result rows).
    One query."""
    access = context.get("access")

    def touchpoint_id(item: Any) -> Any:
        for name in key.split("."):
            item = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        return item

    touchpoint_ids = [tp for tp in map(touchpoint_id, items) if tp is not None]
    if access is None or not touchpoint_ids:
        return {}
    by_touchpoint: dict[int, list[Any]] = {}
    for action in selectors.actions_on(workspace=access.workspace, touchpoint_ids=touchpoint_ids):
        target = selectors.target_of(action)
        if target is not None:
            by_touchpoint.setdefault(target.pk, []).append(action)
    return by_touchpoint
