"""The router of an app's API module and the path its operations live under."""

from __future__ import annotations

from ninja import Router


def workspace_router(tag: str, path: str | None = None) -> tuple[Router, str]:
    """A router tagged ``tag`` (the app's section of the API docs) and the base path of its
    operations, ``/workspaces/{slug}/<path>`` (by default the tag)."""
    return Router(tags=[tag]), f"/workspaces/{{slug}}/{path or tag}"
