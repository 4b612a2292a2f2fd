"""The pages' side of read-only share links (``lib.tokens.ShareLink``: a report, a journey's map):
the panel an editor manages them in (``templates/_share_links.html``), the creation from its form,
and the headers every public page of a link answers with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from touchpoints.lib.forms import ShareForm, error_message
from touchpoints.lib.tokens import ShareLink


def share_panel(
    request: HttpRequest,
    *,
    key: str,
    create_url: str,
    links: Iterable[ShareLink],
    revoke_url: Callable[[ShareLink], str],
) -> dict[str, Any]:
    """The context of ``_share_links.html``; the link just created (stored under ``key`` in the
    session) is shown once."""
    return {
        "share_form": ShareForm(),
        "share_url": request.session.pop(key, ""),
        "share_create_url": create_url,
        "share_rows": [{"link": link, "revoke_url": revoke_url(link)} for link in links],
    }


def share_from_form(
    request: HttpRequest, *, key: str, public_page: str, create: Callable[[int], tuple[ShareLink, str]]
) -> None:
    """Creates a link for the days the form asks (``create(days)`` returns the link and its raw
    token) and keeps its address for the panel to show once; a refusal becomes a message."""
    form = ShareForm(request.POST)
    if not form.is_valid():
        error_message(request, form)
        return
    try:
        _link, raw = create(form.cleaned_data["days"])
    except ValidationError as exc:
        error_message(request, exc)
        return
    request.session[key] = request.build_absolute_uri(reverse(public_page, args=[raw]))


def private_page(response: HttpResponse) -> HttpResponse:
    """A page shown through a secret link: not indexed, its address not sent on as a referrer,
    not kept by a shared cache."""
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response
