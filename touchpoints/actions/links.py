"""The link that plans a new action from another page, its form already filled in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


def plan_url(workspace_slug: str, **initial: Any) -> str:
    """The action form of the workspace, with ``initial`` (``touchpoint``, ``journey``,
    ``priority`` ids; ``title``, ``description`` texts) filled in; nothing is saved until the form is."""
    url = reverse("actions:create", args=[workspace_slug])
    given = {name: value for name, value in initial.items() if value not in (None, "")}
    return f"{url}?{urlencode(given)}" if given else url
