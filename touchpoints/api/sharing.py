"""Read-only share links in the REST API (``lib.tokens.ShareLink``: a report, a journey's map):
list a thing's links, create one, revoke one, under ``<thing>/share-links``. Only editors manage
links, as on the pages; the new link's address is in the answer to its creation and never again.

Each shareable thing's app names its pieces by one convention (:func:`sharing_by_names`) and
:func:`register_sharing` adds the three operations to its router.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from touchpoints.api.crud import named_operation
from touchpoints.api.errors import ErrorOut, conflict
from touchpoints.api.types import Id
from touchpoints.lib.tokens import LinkState, ShareLink
from touchpoints.workspaces.access import Access, workspace_access
from touchpoints.workspaces.roles import Capability


class ShareLinkOut(Schema):
    id: int
    prefix: str = Field(description="The first characters of the link's secret, to tell links apart.")
    state: LinkState = Field(description="live, expired or revoked: only a live link opens anything.")
    created_at: dt.datetime
    created_by: str | None = Field(description="The username of who made the link (null once they are gone).")
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    views: int = Field(description="How many times the link's page was opened.")
    last_used_at: dt.datetime | None


class ShareLinkCreated(ShareLinkOut):
    url: str = Field(description="The link to hand out: shown in this answer only, never stored in clear.")


class ShareLinkIn(Schema):
    days: int = Field(14, description=f"How long the link lasts, 1 to {ShareLink.MAX_DAYS} days.")


@dataclass(frozen=True)
class Shareable:
    """What differs between two shareable things."""

    name: str  # e.g. "journey": the operations are journey_share_list, journey_share_create, …
    item: str  # the thing's path, e.g. "/workspaces/{slug}/journeys/{journey_id}"
    id_name: str  # its path parameter, e.g. "journey_id"
    link_id_name: str  # the link's path parameter
    target: Callable[[Access, int], Model]  # the workspace's thing of that id, else 404
    links: Callable[..., QuerySet[Any]]  # (<name>=thing) → its links
    create: Callable[..., tuple[ShareLink, str]]  # (<name>=thing, days=…, created_by=…) → link, raw token
    revoke: Callable[..., None]  # (link=…) → None
    public_page: str  # the URL name of the link's public page
    module: str  # the api module the operations belong to


def sharing_by_names(
    item: str, *, link_id: str, target: Callable[[Access, int], Model], selectors: ModuleType, services: ModuleType
) -> Shareable:
    """The shareable thing at ``item`` whose pieces follow its name, the path segment before its id
    in the singular (``/reports/{pk}`` → "report"): the selector ``share_links(report=…)``, the
    services ``report_share`` and ``report_share_revoke`` and the public page ``report_share``. The
    operations belong to the module of ``target``."""
    segments = item.rstrip("/").split("/")
    name = segments[-2].removesuffix("s")
    return Shareable(
        name=name,
        item=item,
        id_name=segments[-1].strip("{}"),
        link_id_name=link_id,
        target=target,
        links=selectors.share_links,
        create=getattr(services, f"{name}_share"),
        revoke=getattr(services, f"{name}_share_revoke"),
        public_page=f"{name}_share",
        module=target.__module__,
    )


def link_out(link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "prefix": link.prefix,
        "state": link.state,
        "created_at": link.created_at,
        "created_by": link.created_by.get_username() if link.created_by else None,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
        "views": link.views,
        "last_used_at": link.last_used_at,
    }


def register_sharing(router: Router, shared: Shareable) -> None:
    """Adds the list, create and revoke operations of ``shared``'s links to ``router``."""
    base = f"{shared.item}/share-links"
    revoke_path = f"{base}/{{{shared.link_id_name}}}/revoke"
    thing_id = inspect.Parameter(shared.id_name, inspect.Parameter.KEYWORD_ONLY, annotation=Id)
    link_id = inspect.Parameter(shared.link_id_name, inspect.Parameter.KEYWORD_ONLY, annotation=Id)
    payload = inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=ShareLinkIn)

    def thing(request: HttpRequest, slug: str, ids: dict[str, int]) -> Any:
        return shared.target(workspace_access(request.user, slug, Capability.EDIT), ids[shared.id_name])

    def links(request: HttpRequest, slug: str, ids: dict[str, int]) -> QuerySet[Any]:
        return shared.links(**{shared.name: thing(request, slug, ids)})

    def list_(request: HttpRequest, slug: str, **ids: int) -> list[dict[str, Any]]:
        return [link_out(link) for link in links(request, slug, ids).select_related("created_by")]

    def create(request: HttpRequest, slug: str, *, payload: ShareLinkIn, **ids: int) -> Status[dict[str, Any]]:
        target = thing(request, slug, ids)
        try:
            link, raw = shared.create(**{shared.name: target}, days=payload.days, created_by=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise  # a field error (the days): 400 with the errors by field
            return Status(409, conflict(exc))  # the thing cannot be shared as it is (a report not ready)
        url = request.build_absolute_uri(reverse(shared.public_page, args=[raw]))
        return Status(201, {**link_out(link), "url": url})

    def revoke(request: HttpRequest, slug: str, **ids: int) -> dict[str, Any]:
        link = get_object_or_404(links(request, slug, ids), pk=ids[shared.link_id_name])
        shared.revoke(link=link)  # sets revoked_at on this instance too (lib.tokens.revoke)
        return link_out(link)

    def op(action: str, func: Callable[..., Any], params: list[inspect.Parameter]) -> Any:
        return named_operation(f"{shared.name}_share_{action}", shared.module, func, params)

    router.get(base, response=list[ShareLinkOut], summary="List the share links (editors)")(
        op("list", list_, [thing_id])
    )
    router.post(
        base,
        response={201: ShareLinkCreated, 409: ErrorOut},
        summary="Create a read-only share link",
        description="The answer holds the link's address, shown this once. 409 when the thing cannot be "
        "shared as it is (a report that is not finished).",
    )(op("create", create, [thing_id, payload]))
    router.post(
        revoke_path,
        response=ShareLinkOut,
        summary="Revoke a share link",
        description="The link shows nothing from now on; revoking it again keeps the first time.",
    )(op("revoke", revoke, [thing_id, link_id]))
