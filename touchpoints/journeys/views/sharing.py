"""A journey's read-only share links: created and revoked by editors on the map's page, and the
public page and downloads of a link (``share_urls.py``: no login, one journey's map only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.journeys import selectors, services
from touchpoints.journeys.document import MapDocument
from touchpoints.journeys.downloads import SHARED_FORMATS, document_context, export_response, shared_document
from touchpoints.journeys.models import Journey, ShareLink
from touchpoints.journeys.views import board
from touchpoints.lib import ratelimits
from touchpoints.lib.sharing import private_page, share_from_form, share_panel
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.roles import Capability

SESSION_KEY = "journey_share_url"


def panel(request: HttpRequest, access: Access, journey: Journey) -> dict[str, object]:
    """The share panel of the map's page (editors only)."""
    slug = access.workspace.slug
    return share_panel(
        request,
        key=SESSION_KEY,
        create_url=reverse("journeys:share", args=[slug, journey.pk]),
        links=selectors.share_links(journey=journey),
        revoke_url=lambda link: reverse("journeys:share_revoke", args=[slug, journey.pk, link.pk]),
    )


def _back(access: Access, pk: int) -> HttpResponse:
    return redirect(reverse("journeys:detail", args=[access.workspace.slug, pk]) + "#share")


@require_POST
@workspace_view(Capability.EDIT)
def share_create(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    share_from_form(
        request,
        key=SESSION_KEY,
        public_page="journey_share",
        create=lambda days: services.journey_share(journey=journey, days=days, created_by=request.user),
    )
    return _back(access, pk)


@require_POST
@workspace_view(Capability.EDIT)
def share_revoke(request: HttpRequest, access: Access, pk: int, share_id: int) -> HttpResponse:
    journey = board.journey_of(access, pk)
    services.journey_share_revoke(link=get_object_or_404(selectors.share_links(journey=journey), pk=share_id))
    messages.success(request, _("The link is revoked: it shows nothing from now on."))
    return _back(access, pk)


# ---- public: a shared map -----------------------------------------------------------------


def _too_often(request: HttpRequest, token: str) -> HttpResponse | None:
    """429 when this address or this link asks too often (the PDF and PNG are drawn per request)."""
    limits = [
        ratelimits.Limit(
            "journeys:share-address", ratelimits.client_ip(request), settings.JOURNEYS_SHARE_RATE_PER_ADDRESS
        ),
        ratelimits.Limit("journeys:share-link", token, settings.JOURNEYS_SHARE_RATE_PER_LINK),
    ]
    if not ratelimits.over_limit(limits):
        return None
    response = HttpResponse(_("Too many requests: try again in a minute."), status=429, content_type="text/plain")
    response["Retry-After"] = "60"
    return private_page(response)


def _shared(token: str) -> tuple[ShareLink, MapDocument]:
    link = selectors.live_share(token=token)
    return link, shared_document(selectors.journey_map(journey=link.journey))


def shared_map(request: HttpRequest, token: str) -> HttpResponse:
    if refused := _too_often(request, token):
        return refused
    link, doc = _shared(token)
    link.count_view()
    context = {**document_context(doc), "link": link, "token": token, "formats": SHARED_FORMATS}
    return private_page(render(request, "journeys/shared.html", context))


def shared_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if refused := _too_often(request, token):
        return refused
    link, doc = _shared(token)
    return private_page(export_response(request, doc, fmt, filename=f"journey-{link.journey_id}"))
