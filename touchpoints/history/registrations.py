"""The models whose changes are kept (touchpoints.lib.history explains how an app adds its own)."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete

from touchpoints.lib.history import track
from touchpoints.workspaces.models import Workspace


def register() -> None:
    # A brand: its name, whether it is ours, its site; deleting one takes its audits and presences.
    track(apps.get_model("workspaces", "Brand"), workspace=lambda b: b.workspace_id, exclude=("color",))
    Touchpoint = apps.get_model("inventory", "Touchpoint")
    track(Touchpoint, workspace=lambda tp: tp.workspace_id)
    track(
        apps.get_model("inventory", "Presence"),
        workspace=lambda p: p.touchpoint.workspace_id,
        subject=lambda p: p.touchpoint,
    )
    track(apps.get_model("journeys", "Journey"), workspace=lambda j: j.workspace_id)
    track(
        apps.get_model("journeys", "JourneyStep"),
        workspace=lambda s: s.journey.workspace_id,
        subject=lambda s: s.journey,
        counted_from_one=("position",),
    )
    # An audit: its settings and its status (draft → in progress → submitted → closed); the moments
    # of each step are the entries' own times, the frozen summary is computed, the journey's id
    # and name are copies of what the scope says.
    track(
        apps.get_model("audits", "Audit"),
        workspace=lambda a: a.workspace_id,
        exclude=("summary", "started_at", "submitted_at", "closed_at", "journey_id", "journey_name"),
    )
    # Answers: the raw answer is kept; the numbers computed from it are not worth a line.
    track(
        apps.get_model("audits", "Score"),
        workspace=lambda s: s.item.audit.workspace_id,
        subject=lambda s: s.item.audit,
        exclude=("value",),
    )
    track(
        apps.get_model("audits", "Assessment"),
        workspace=lambda a: a.item.audit.workspace_id,
        subject=lambda a: a.item.audit,
        exclude=("expectation", "ideal"),
    )


def forget_deleted_workspaces() -> None:
    post_delete.connect(_forget_workspace, sender=Workspace, dispatch_uid="history_forget_workspace")


def _forget_workspace(sender: object, instance: object, **kwargs: object) -> None:
    """A deleted workspace takes its history with it — including the entries its own deletion just
    wrote for the touchpoints, journeys and answers that went with it."""
    from auditlog.models import LogEntry

    from touchpoints.history.models import HistoryScope

    entries = list(HistoryScope.objects.filter(workspace_id=instance.pk).values_list("entry_id", flat=True))  # type: ignore[attr-defined]
    HistoryScope.objects.filter(workspace_id=instance.pk).delete()  # type: ignore[attr-defined]
    LogEntry.objects.filter(pk__in=entries).delete()
