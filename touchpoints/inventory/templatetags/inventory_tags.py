from __future__ import annotations

from typing import Any

from django import template

from touchpoints.inventory import choices as c

register = template.Library()

_STAGES = dict(c.Stage.choices)
_STATUS = dict(c.PresenceStatus.choices)
_SENSES = dict(c.Sense.choices)
_PHASES = dict(c.Phase.choices)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def stage_label(value: str) -> str:
    return str(_STAGES.get(value, value))


@register.simple_tag
def status_label(value: str) -> str:
    return str(_STATUS.get(value, value))


@register.simple_tag
def sense_label(value: str) -> str:
    return str(_SENSES.get(value, value))


@register.simple_tag
def phase_label(value: str) -> str:
    return str(_PHASES.get(value, value))
