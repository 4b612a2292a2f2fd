from __future__ import annotations

from django import template

from touchpoints.dashboard.help import HELP

register = template.Library()


@register.inclusion_tag("dashboard/_help.html")
def method_help(step: str) -> dict[str, object]:
    """The collapsible "what is this step and why" panel of a page of the method."""
    entry = HELP.get(step)
    return {"step": step, "entry": entry}
