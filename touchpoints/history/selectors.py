"""Reads of the history: bounded, one workspace at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from touchpoints.history.models import HistoryScope
from touchpoints.lib.history import tracked_models
from touchpoints.lib.querysets import filter_given
from touchpoints.workspaces.models import Workspace

PANEL_SIZE = 10
EXPORT_LIMIT = 20_000


def tracked_types() -> list[ContentType]:
    """The content types kept in the history, in registration order."""
    types = ContentType.objects.get_for_models(*tracked_models())
    return [types[m] for m in tracked_models()]


def history_queryset(
    *,
    workspace: Workspace,
    content_type: int | None = None,
    actor: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[HistoryScope]:
    """The workspace's entries, newest first, with the entry, its type and actor in the same query."""
    qs = filter_given(
        HistoryScope.objects.filter(workspace=workspace),
        entry__content_type_id=content_type,
        entry__actor_id=actor,
        timestamp__date__gte=since,
        timestamp__date__lte=until,
    )
    return qs.select_related("entry__content_type", "entry__actor").order_by("-timestamp", "-entry_id")


def subject_history(*, workspace: Workspace, obj: Model, limit: int = PANEL_SIZE) -> list[HistoryScope]:
    """The last changes shown on an object's page (its own and those of its parts)."""
    return list(
        HistoryScope.objects.filter(
            workspace=workspace, subject_type=ContentType.objects.get_for_model(type(obj)), subject_id=obj.pk
        )
        .select_related("entry__content_type", "entry__actor")
        .order_by("-timestamp", "-entry_id")[:limit]
    )


def history_actors(*, workspace: Workspace) -> QuerySet[Any]:
    """Members of the workspace (who can appear as actors), by name."""
    return get_user_model().objects.filter(memberships__workspace=workspace).order_by("username")
