from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field, create_model

from touchpoints.api.types import BoundedLimitOffset, Id
from touchpoints.inventory.choices import PresenceStatus
from touchpoints.inventory.schemas import axis_out_fields
from touchpoints.library import selectors, services
from touchpoints.library.models import TouchpointTemplate
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.roles import Capability

router = Router(tags=["library"])


class TemplateOutBase(Schema):
    """A library template as the API shows it: the fields other than the classification axes."""

    id: int
    code: str
    pack: str
    parent_code: str | None
    kind: str | None
    name: str
    description: str
    name_en: str
    name_ru: str
    name_es: str

    @staticmethod
    def resolve_pack(obj: TouchpointTemplate) -> str:
        return obj.pack.code

    @staticmethod
    def resolve_parent_code(obj: TouchpointTemplate) -> str | None:
        return obj.parent.code if obj.parent is not None else None

    @staticmethod
    def resolve_kind(obj: TouchpointTemplate) -> str | None:
        return obj.kind.code if obj.kind is not None else None


if TYPE_CHECKING:  # built at import time with the axes of the declaration; to mypy, the base
    TemplateOut = TemplateOutBase
else:
    TemplateOut = create_model("TemplateOut", __base__=TemplateOutBase, **axis_out_fields())


class AddIn(Schema):
    template_ids: list[Id] = Field(min_length=1)
    include_children: bool = True
    status: PresenceStatus | None = Field(
        None, description="the own brand's status for the selected templates' touchpoints (nested ones get none)"
    )


class AddOut(Schema):
    created: list[int]
    skipped: list[str]


@router.get("/library/templates", response=list[TemplateOut])
@paginate(BoundedLimitOffset)
def template_list(
    request: HttpRequest, q: str = "", pack: str = "", channel: str = "", stage: str = "", **kwargs: Any
) -> Any:
    """Browse and search the library (names and descriptions in every language).
    `name`/`description` follow the request language (Accept-Language or the user's choice)."""
    return selectors.template_list(q=q, pack=pack, channel=channel, stage=stage)


@router.post("/workspaces/{slug}/library/add", response=AddOut)
def library_add(request: HttpRequest, slug: str, payload: AddIn) -> dict[str, Any]:
    """Adds templates (with their children) to the inventory; ones already there are skipped."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    known = set(TouchpointTemplate.objects.filter(pk__in=payload.template_ids).values_list("pk", flat=True))
    unknown = sorted(set(payload.template_ids) - known)
    if unknown:
        from django.core.exceptions import ValidationError

        raise ValidationError({"template_ids": f"Unknown template id(s): {unknown}"})
    result = services.library_add_to_inventory(
        workspace=access.workspace,
        template_ids=payload.template_ids,
        created_by=request.user,
        include_children=payload.include_children,
        status=payload.status or "",
    )
    return {"created": [t.pk for t in result.created], "skipped": [t.code for t in result.skipped]}
