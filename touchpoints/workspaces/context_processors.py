from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from touchpoints.workspaces.navigation import WORKSPACE_SECTIONS


def workspace_nav(request: HttpRequest) -> dict[str, Any]:
    """The current workspace, the role's capabilities and the section links, for the layout."""
    access = getattr(request, "access", None)
    sections = []
    if access is not None:
        base = f"/w/{access.workspace.slug}/"
        for url_name, label, prefix, *needs in WORKSPACE_SECTIONS:
            if needs and not access.can(needs[0]):
                continue
            try:
                url = reverse(url_name, kwargs={"slug": access.workspace.slug})
            except NoReverseMatch:
                continue
            sections.append({"url": url, "label": label, "active": request.path.startswith(base + prefix)})
    return {"access": access, "workspace": access.workspace if access else None, "sections": sections}
