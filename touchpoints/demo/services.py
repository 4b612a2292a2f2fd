"""The demo workspace and user (``touchpoints demo``): a clinic with two competitors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.workspaces.models import Membership, Workspace
from touchpoints.workspaces.roles import Role
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create

DATA = Path(__file__).resolve().parent / "clinic.yaml"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "touchpoints-demo"

# Other apps extend the demo (journeys, audits…) by appending callables taking the workspace.
EXTENSIONS: list[Any] = []


@transaction.atomic
def demo_load(*, reset: bool = False) -> tuple[Workspace, bool]:
    """Creates the demo user and workspace; returns (workspace, created). Idempotent."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=DEMO_USERNAME, defaults={"email": "demo@example.com"})
    if not user.has_usable_password() or reset or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    ws_data = data["workspace"]
    existing = Workspace.objects.filter(slug=ws_data["slug"]).first()
    if existing and not reset:
        Membership.objects.get_or_create(workspace=existing, user=user, defaults={"role": Role.OWNER})
        return existing, False
    if existing:
        existing.delete()
    brands = data["brands"]
    own = brands[0]
    ws = workspace_create(name=ws_data["name"], owner=user, own_brand=own["name"], slug=ws_data["slug"],
                          description=ws_data["description"], industry=ws_data["industry"])
    brand_objs = [ws.brands.get(is_own=True)]
    brand_objs[0].color, brand_objs[0].website = own["color"], own["website"]
    brand_objs[0].save()
    for b in brands[1:]:
        brand_objs.append(brand_create(workspace=ws, name=b["name"], is_own=b["own"], color=b["color"],
                                       website=b["website"]))
    segments = {s["name"]: segment_create(workspace=ws, name=s["name"], description=s["description"],
                                          share=s["share"], customer_type=s["type"])
                for s in data["segments"]}
    by_code: dict[str, Touchpoint] = {}
    for row in data["touchpoints"]:
        (name, code, parent, area, stages, moment, mode, channel, attention, lifetime, senses, control, owner,
         presence, segs, wow) = row
        by_code[code] = touchpoint_create(
            workspace=ws, name=name, code=code, parent=by_code.get(parent) if parent else None, area=area,
            stages=stages, moment=moment, mode=mode, channel=channel, attention=attention, lifetime=lifetime,
            senses=senses, control=control, owner_unit=owner, wow=wow, created_by=user,
            segments=[segments[s] for s in segs],
            presence={b.pk: status for b, status in zip(brand_objs, presence)},
        )
    for extend in EXTENSIONS:
        extend(ws)
    return ws, True
