from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from touchpoints.api.crud import register_crud, resource_by_names
from touchpoints.workspaces import selectors, services
from touchpoints.workspaces.models import Brand, CustomerType, Segment

router = Router(tags=["workspaces"])


class AlertOut(Schema):
    """A member's own e-mail alert on a study or a review campaign (``workspaces.alerts``)."""

    kind: str = Field(description="What you are e-mailed about ('' for nothing).")


class WorkspaceOut(Schema):
    slug: str
    name: str
    description: str
    industry: str
    role: str


class WorkspaceIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    own_brand: str | None = None
    description: str = ""
    industry: str = ""


class BrandIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    is_own: bool = False
    website: str = ""
    color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$", description="Default: the next palette colour.")
    notes: str = ""


class BrandPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    is_own: bool | None = None
    website: str | None = None
    color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")
    notes: str | None = None


class BrandOut(Schema):
    id: int
    name: str
    is_own: bool
    website: str
    color: str
    notes: str


class SegmentIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    share: Decimal | None = Field(None, ge=0, le=100)
    customer_type: CustomerType = CustomerType.MIXED


class SegmentPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    share: Decimal | None = Field(None, ge=0, le=100)
    customer_type: CustomerType | None = None


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    share: Decimal | None
    customer_type: str


@router.get("/workspaces", response=list[WorkspaceOut])
def workspaces(request: HttpRequest) -> list[dict]:
    return [
        {
            "slug": m.workspace.slug,
            "name": m.workspace.name,
            "description": m.workspace.description,
            "industry": m.workspace.industry,
            "role": m.role,
        }
        for m in selectors.workspace_list_for_user(user=request.user)
    ]


@router.post("/workspaces", response={201: WorkspaceOut})
def workspace_create(request: HttpRequest, payload: WorkspaceIn) -> Status[dict]:
    ws = services.workspace_create(owner=request.user, **payload.dict())
    return Status(
        201,
        {
            "slug": ws.slug,
            "name": ws.name,
            "description": ws.description,
            "industry": ws.industry,
            "role": "owner",
        },
    )


for name, model in (("brand", Brand), ("segment", Segment)):
    register_crud(router, resource_by_names(name, model, schemas=globals(), selectors=selectors, services=services))
