from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def workspace_nav(request: HttpRequest) -> dict[str, Any]:
    """The current workspace and the role's capabilities, for the navigation bar."""
    access = getattr(request, "access", None)
    return {"access": access, "workspace": access.workspace if access else None}
