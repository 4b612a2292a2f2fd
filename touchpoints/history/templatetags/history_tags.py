from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from touchpoints.history import display, selectors
from touchpoints.history.views import HISTORY_CAPABILITY

register = template.Library()


@register.inclusion_tag("history/_panel.html", takes_context=True)
def object_history(context: Any, obj: Model) -> dict[str, Any]:
    """The last changes of an object (and of its parts) for the members who may read the history;
    nothing for the others. Two queries at most."""
    access = context.get("access")
    if access is None or obj is None or not access.can(HISTORY_CAPABILITY):
        return {"show": False}
    scopes = selectors.subject_history(workspace=access.workspace, obj=obj)
    return {"show": True, "rows": display.rows(scopes), "workspace": access.workspace}
