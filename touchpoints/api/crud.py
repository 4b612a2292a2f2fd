"""One CRUD surface for the small resources of a workspace (brands, segments): list, create, get,
update and delete under ``/workspaces/{slug}/<plural>``, each with the same access rules (any
member reads, editors write) and the same shapes, declared once per resource.

The operations keep the names, path parameters and OpenAPI operation ids they would have if
written out by hand in the resource's own ``api`` module.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from touchpoints.api.errors import patch_data
from touchpoints.api.types import Id
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Capability


@dataclass(frozen=True)
class Resource:
    """What differs between two small resources: the model, its schemas and its services."""

    name: str  # singular, e.g. "brand": operations are brand_list, brand_create, …
    plural: str  # the path segment, e.g. "brands"
    model: type[models.Model]
    out: type[Schema]
    create_in: type[Schema]
    patch_in: type[Schema]
    list_all: Callable[..., Iterable[Any]]  # (workspace=…) → objects
    create: Callable[..., Any]  # (workspace=…, **fields) → object
    update: Callable[..., Any]  # (<name>=object, **changed fields) → object
    delete: Callable[..., Any]  # (<name>=object) → None
    module: str  # the module the operations belong to (their operation ids say so)


def resource_by_names(
    name: str, model: type[models.Model], *, schemas: Mapping[str, Any], selectors: ModuleType, services: ModuleType
) -> Resource:
    """The resource whose pieces follow its ``name`` (e.g. "brand"): the schemas ``BrandOut``,
    ``BrandIn`` and ``BrandPatch`` in ``schemas`` (the namespace of the api module declaring them,
    which the operations then belong to), the selector ``brand_list`` and the services
    ``brand_create``, ``brand_update`` and ``brand_delete``."""
    schema = name.capitalize()
    return Resource(
        name=name,
        plural=f"{name}s",
        model=model,
        out=schemas[f"{schema}Out"],
        create_in=schemas[f"{schema}In"],
        patch_in=schemas[f"{schema}Patch"],
        list_all=getattr(selectors, f"{name}_list"),
        create=getattr(services, f"{name}_create"),
        update=getattr(services, f"{name}_update"),
        delete=getattr(services, f"{name}_delete"),
        module=schemas["__name__"],
    )


def named_operation(name: str, module: str, func: Callable[..., Any], params: list[inspect.Parameter]) -> Any:
    """``func`` as the operation ``name`` of ``module`` (its OpenAPI operation id says so), taking the
    request, the workspace's slug and ``params`` (path parameters and the payload)."""
    func.__name__ = func.__qualname__ = name
    func.__module__ = module
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)
    slug = inspect.Parameter("slug", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str)
    func.__signature__ = inspect.Signature([request, slug, *params])  # type: ignore[attr-defined]
    return func


def _operation(resource: Resource, action: str, func: Callable[..., Any], params: list[inspect.Parameter]) -> Any:
    return named_operation(f"{resource.name}_{action}", resource.module, func, params)


def register_crud(router: Router, resource: Resource) -> None:
    """Adds the five operations of ``resource`` to ``router``."""
    base = f"/workspaces/{{slug}}/{resource.plural}"
    id_name = f"{resource.name}_id"
    item = f"{base}/{{{id_name}}}"
    id_param = inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=Id)

    def payload(schema: type[Schema]) -> inspect.Parameter:
        return inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=schema)

    def get_object(workspace: Workspace, object_id: int) -> Any:
        return get_object_or_404(resource.model, workspace=workspace, pk=object_id)

    def list_(request: HttpRequest, slug: str) -> list[Any]:
        return list(resource.list_all(workspace=workspace_access(request.user, slug).workspace))

    def create(request: HttpRequest, slug: str, *, payload: Schema) -> Status[Any]:
        access = workspace_access(request.user, slug, Capability.EDIT)
        return Status(201, resource.create(workspace=access.workspace, **payload.dict()))

    def get(request: HttpRequest, slug: str, **ids: int) -> Any:
        return get_object(workspace_access(request.user, slug).workspace, ids[id_name])

    def update(request: HttpRequest, slug: str, *, payload: Schema, **ids: int) -> Any:
        obj = get_object(workspace_access(request.user, slug, Capability.EDIT).workspace, ids[id_name])
        return resource.update(**{resource.name: obj}, **patch_data(payload, resource.model))

    def delete(request: HttpRequest, slug: str, **ids: int) -> Status[None]:
        obj = get_object(workspace_access(request.user, slug, Capability.EDIT).workspace, ids[id_name])
        resource.delete(**{resource.name: obj})
        return Status(204, None)

    router.get(base, response=list[resource.out])(_operation(resource, "list", list_, []))  # type: ignore[name-defined]
    router.post(base, response={201: resource.out})(
        _operation(resource, "create", create, [payload(resource.create_in)])
    )
    router.get(item, response=resource.out)(_operation(resource, "get", get, [id_param]))
    router.patch(item, response=resource.out)(
        _operation(resource, "update", update, [id_param, payload(resource.patch_in)])
    )
    router.delete(item, response={204: None})(_operation(resource, "delete", delete, [id_param]))
