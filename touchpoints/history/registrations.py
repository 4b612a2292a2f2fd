"""The models whose changes are kept (touchpoints.lib.history explains how an app adds its own)."""

from __future__ import annotations

from django.apps import apps

from touchpoints.lib.history import track


def register() -> None:
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
