from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from touchpoints.api.errors import patch_data
from touchpoints.api.types import Id
from touchpoints.workspaces import selectors, services
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.models import Brand, CustomerType, Segment
from touchpoints.workspaces.roles import Capability

router = Router(tags=["workspaces"])


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
def workspace_create(request: HttpRequest, payload: WorkspaceIn) -> tuple[int, dict]:
    ws = services.workspace_create(owner=request.user, **payload.dict())
    return 201, {
        "slug": ws.slug,
        "name": ws.name,
        "description": ws.description,
        "industry": ws.industry,
        "role": "owner",
    }


@router.get("/workspaces/{slug}/brands", response=list[BrandOut])
def brand_list(request: HttpRequest, slug: str) -> list[Brand]:
    access = workspace_access(request.user, slug)
    return list(selectors.brand_list(workspace=access.workspace))


@router.post("/workspaces/{slug}/brands", response={201: BrandOut})
def brand_create(request: HttpRequest, slug: str, payload: BrandIn) -> tuple[int, Brand]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    return 201, services.brand_create(workspace=access.workspace, **payload.dict())


@router.get("/workspaces/{slug}/brands/{brand_id}", response=BrandOut)
def brand_get(request: HttpRequest, slug: str, brand_id: Id) -> Brand:
    access = workspace_access(request.user, slug)
    return get_object_or_404(Brand, workspace=access.workspace, pk=brand_id)


@router.patch("/workspaces/{slug}/brands/{brand_id}", response=BrandOut)
def brand_update(request: HttpRequest, slug: str, brand_id: Id, payload: BrandPatch) -> Brand:
    access = workspace_access(request.user, slug, Capability.EDIT)
    brand = get_object_or_404(Brand, workspace=access.workspace, pk=brand_id)
    return services.brand_update(brand=brand, **patch_data(payload, Brand))


@router.delete("/workspaces/{slug}/brands/{brand_id}", response={204: None})
def brand_delete(request: HttpRequest, slug: str, brand_id: Id) -> tuple[int, None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.brand_delete(brand=get_object_or_404(Brand, workspace=access.workspace, pk=brand_id))
    return 204, None


@router.get("/workspaces/{slug}/segments", response=list[SegmentOut])
def segment_list(request: HttpRequest, slug: str) -> list[Segment]:
    access = workspace_access(request.user, slug)
    return list(selectors.segment_list(workspace=access.workspace))


@router.post("/workspaces/{slug}/segments", response={201: SegmentOut})
def segment_create(request: HttpRequest, slug: str, payload: SegmentIn) -> tuple[int, Segment]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    return 201, services.segment_create(workspace=access.workspace, **payload.dict())


@router.get("/workspaces/{slug}/segments/{segment_id}", response=SegmentOut)
def segment_get(request: HttpRequest, slug: str, segment_id: Id) -> Segment:
    access = workspace_access(request.user, slug)
    return get_object_or_404(Segment, workspace=access.workspace, pk=segment_id)


@router.patch("/workspaces/{slug}/segments/{segment_id}", response=SegmentOut)
def segment_update(request: HttpRequest, slug: str, segment_id: Id, payload: SegmentPatch) -> Segment:
    access = workspace_access(request.user, slug, Capability.EDIT)
    segment = get_object_or_404(Segment, workspace=access.workspace, pk=segment_id)
    return services.segment_update(segment=segment, **patch_data(payload, Segment))


@router.delete("/workspaces/{slug}/segments/{segment_id}", response={204: None})
def segment_delete(request: HttpRequest, slug: str, segment_id: Id) -> tuple[int, None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.segment_delete(segment=get_object_or_404(Segment, workspace=access.workspace, pk=segment_id))
    return 204, None
