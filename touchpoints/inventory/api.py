from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.renderers import JSONRenderer

from touchpoints.api.errors import patch_data
from touchpoints.api.types import Id
from touchpoints.inventory import choices as c
from touchpoints.inventory import schemas, selectors, services
from touchpoints.inventory.columns import export_table
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib import freshness
from touchpoints.lib.databases import MAX_ID
from touchpoints.lib.exporting import download, render
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Capability

router = Router(tags=["touchpoints"])


class TouchpointOutResolvers(Schema):
    # Lists attach `relations` (two flat queries for the page); single objects use the ORM.
    @staticmethod
    def resolve_segment_ids(obj: Touchpoint) -> list[int]:
        relations = getattr(obj, "relations", None)
        if relations is not None:
            return relations.segment_ids.get(obj.pk, [])
        return [s.pk for s in obj.segments.all()]

    @staticmethod
    def resolve_presence(obj: Touchpoint) -> list[dict[str, Any]]:
        relations = getattr(obj, "relations", None)
        if relations is not None:
            return [
                {"brand_id": b, "brand": obj.brand_names[b], "status": st}  # type: ignore[attr-defined]
                for b, st in sorted(relations.status_of(obj.pk).items())
            ]
        return [{"brand_id": p.brand_id, "brand": p.brand.name, "status": p.status} for p in obj.presences.all()]

    @staticmethod
    def resolve_template_code(obj: Touchpoint) -> str | None:
        return None if obj.template_id is None else obj.code


if TYPE_CHECKING:  # built at import time from the declared fields; to mypy, plain schemas
    TouchpointOut = Schema
    TouchpointIn = Schema
    TouchpointPatch = Schema
else:
    TouchpointOut = schemas.touchpoint_out_schema(base=TouchpointOutResolvers)
    TouchpointIn = schemas.touchpoint_in_schema()
    TouchpointPatch = schemas.touchpoint_patch_schema()


def _fields(data: dict[str, Any], workspace: Any) -> dict[str, Any]:
    """Schema data → service keyword arguments (enums to values, ids to objects)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "parent_id":
            out["parent"] = None if value is None else _get_parent(workspace, value)
        elif key == "segment_ids":
            segments = list(workspace.segments.filter(pk__in=value))
            if len(segments) != len(set(value)):
                raise ValidationError({"segment_ids": "Unknown segment id(s) for this workspace."})
            out["segments"] = segments
        elif key == "presence":
            out["presence"] = {int(k): str(v.value if hasattr(v, "value") else v) for k, v in (value or {}).items()}
        elif key in c.MULTI_AXES:
            out[key] = [str(v.value if hasattr(v, "value") else v) for v in value]
        elif hasattr(value, "value"):
            out[key] = value.value
        elif value is None and key in c.SINGLE_AXES:
            out[key] = ""
        else:
            out[key] = value
    return out


def _get_parent(workspace: Any, pk: int) -> Touchpoint:
    parent = Touchpoint.objects.filter(pk=pk).first()
    if parent is None or parent.workspace_id != workspace.pk:
        raise ValidationError({"parent_id": "No touchpoint with this id in the workspace."})
    return parent


class TouchpointPage(Schema):
    items: list[TouchpointOut]
    count: int


@router.get("/workspaces/{slug}/touchpoints", response=TouchpointPage)
def touchpoint_list(
    request: HttpRequest,
    slug: str,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_ID // 2),
) -> Any:
    """Filters: the same query parameters as the inventory page (area, stage, phase, moment, mode,
    channel, attention, lifetime, sense, control, owner_unit, segment, brand, status, parent, root,
    unclassified, q). Repeat a parameter to match any of several values."""
    access = workspace_access(request.user, slug)
    # The answer depends on the workspace's inventory and the query only: its JSON is kept under
    # the inventory version (lib/freshness.py), so a repeated query costs a cache read.
    query = hashlib.sha256(f"{limit}:{offset}:{request.GET.urlencode()}".encode()).hexdigest()
    name = f"api-list:{query}"
    workspace = access.workspace
    body = freshness.cached(
        workspace, freshness.INVENTORY, {name: lambda: _list_body(workspace, request.GET, limit, offset)}
    )[name]
    return HttpResponse(body, content_type=f"{_JSON.media_type}; charset={settings.DEFAULT_CHARSET}")


_JSON = JSONRenderer()  # the API's renderer


def _list_body(workspace: Workspace, data: Any, limit: int, offset: int) -> bytes:
    """The list's JSON, validated by its response schema as ninja would."""
    filterset = selectors.touchpoint_filter(workspace=workspace, data=data)
    if not filterset.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in filterset.errors.items()})
    qs = filterset.qs
    items = list(qs[offset : offset + limit])
    relations = selectors.touchpoint_relations(ids=[t.pk for t in items])
    brand_names = dict(workspace.brands.values_list("pk", "name"))
    for tp in items:
        tp.relations = relations
        tp.brand_names = brand_names
    page = TouchpointPage.model_validate({"items": items, "count": qs.count()})
    return str(_JSON.render(None, page.model_dump(), response_status=200)).encode()  # type: ignore[arg-type]


@router.get("/workspaces/{slug}/touchpoints/export.{fmt}", response={200: None}, include_in_schema=True)
def touchpoint_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The filtered list as csv, xlsx or json (same filters as the list)."""
    access = workspace_access(request.user, slug)
    if fmt not in ("csv", "xlsx", "json"):
        raise ValidationError({"fmt": "Use csv, xlsx or json."})
    filterset = selectors.touchpoint_filter(workspace=access.workspace, data=request.GET)
    if not filterset.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in filterset.errors.items()})
    table = export_table(access.workspace, filterset.qs)
    return download(render(table, fmt), f"touchpoints-{access.workspace.slug}.{fmt}", fmt)


@router.post("/workspaces/{slug}/touchpoints", response={201: TouchpointOut})
def touchpoint_create(request: HttpRequest, slug: str, payload: TouchpointIn) -> Status[Touchpoint]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    tp = services.touchpoint_create(
        workspace=access.workspace, created_by=request.user, **_fields(payload.dict(), access.workspace)
    )
    return Status(201, selectors.touchpoint_get(workspace=access.workspace, pk=tp.pk))


@router.get("/workspaces/{slug}/touchpoints/{tp_id}", response=TouchpointOut)
def touchpoint_get(request: HttpRequest, slug: str, tp_id: Id) -> Touchpoint:
    access = workspace_access(request.user, slug)
    return get_object_or_404(selectors.touchpoint_queryset(workspace=access.workspace), pk=tp_id)


@router.patch("/workspaces/{slug}/touchpoints/{tp_id}", response=TouchpointOut)
def touchpoint_update(request: HttpRequest, slug: str, tp_id: Id, payload: TouchpointPatch) -> Touchpoint:
    access = workspace_access(request.user, slug, Capability.EDIT)
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=tp_id)
    data = patch_data(payload, Touchpoint, nullable=(*c.SINGLE_AXES, "parent_id", "review_interval_days"))
    services.touchpoint_update(touchpoint=tp, **_fields(data, access.workspace))
    return selectors.touchpoint_get(workspace=access.workspace, pk=tp.pk)


@router.delete("/workspaces/{slug}/touchpoints/{tp_id}", response={204: None})
def touchpoint_delete(request: HttpRequest, slug: str, tp_id: Id) -> Status[None]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.touchpoint_delete(touchpoint=get_object_or_404(Touchpoint, workspace=access.workspace, pk=tp_id))
    return Status(204, None)
