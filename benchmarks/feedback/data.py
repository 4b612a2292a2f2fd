"""The feedback benchmarks' study: an open study of five brands over numbered touchpoints, made
once per database and found again by its workspace's slug. Django must be set up first
(benchmarks/_django.py)."""

from __future__ import annotations

from typing import Any


def open_study(*, slug: str, title: str, touchpoints: int) -> Any:
    from django.contrib.auth.models import User

    from touchpoints.feedback import services
    from touchpoints.inventory.models import Touchpoint
    from touchpoints.workspaces.models import Workspace
    from touchpoints.workspaces.services import brand_create, workspace_create

    ws = Workspace.objects.filter(slug=slug).first()
    if ws is None:
        owner, _ = User.objects.get_or_create(username=slug)
        ws = workspace_create(name=title, owner=owner, own_brand="Brand 0", slug=slug)
        for i in range(1, 5):
            brand_create(workspace=ws, name=f"Brand {i}")
        rows = [Touchpoint(workspace=ws, name=f"Touchpoint {i:03d}") for i in range(touchpoints)]
        study = services.study_create(
            workspace=ws,
            name=f"{title} benchmark",
            brands=list(ws.brands.all()),
            touchpoints=Touchpoint.objects.bulk_create(rows),
        )
        services.study_set_status(study=study, status="open")
    return ws.studies.get()
