"""The links that plan a new action from another page, its form already filled in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from touchpoints.lib.text import one_line

# What a customer said, turned into an action: its start as the title, a longer quote in the
# description (a whole 2,000-character answer would make a link longer than servers accept).
TITLE_CHARS, QUOTE_CHARS = 80, 400


def plan_url(workspace_slug: str, **initial: Any) -> str:
    """The action form of the workspace, with ``initial`` (``touchpoint``, ``journey``,
    ``priority`` ids; ``title``, ``description`` texts) filled in; nothing is saved until the form is."""
    url = reverse("actions:create", args=[workspace_slug])
    given = {name: value for name, value in initial.items() if value not in (None, "")}
    return f"{url}?{urlencode(given)}" if given else url


def follow_up_url(workspace_slug: str, *, said: str, about: str, touchpoint: int | None = None) -> str:
    """The action form for following up what a customer ``said``: "Follow up: <its start>" as the
    title, and ``about`` (who said it where, when, how they rated it) with a quote as the
    description."""
    title = _("Follow up: %(said)s") % {"said": Truncator(one_line(said)).chars(TITLE_CHARS)}
    description = _("%(about)s: “%(said)s”") % {"about": about, "said": Truncator(said).chars(QUOTE_CHARS)}
    return plan_url(workspace_slug, touchpoint=touchpoint, title=title, description=description)
