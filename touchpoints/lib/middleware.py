"""Last line of defence for pages: a number too big for the database is the request's fault, never
a server error. An id in the address beyond 64 bits names nothing (404, before the view runs: SQLite
cannot even compare such a number, PostgreSQL finds nothing); a number in a filter that reaches the
database (SQLite raises OverflowError for integers of 2⁶³ and more) is answered 400. The API has
the same rules in touchpoints/api: a schema error (types.Id) and its own handler (main.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from touchpoints.lib.databases import MAX_ID

log = logging.getLogger(__name__)


class InputOverflowMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return  # the API refuses such an id itself, as a schema error naming the parameter
        if any(isinstance(value, int) and not -MAX_ID <= value <= MAX_ID for value in (*args, *kwargs.values())):
            raise Http404

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, OverflowError):
            log.warning("Input too large for the database: %s %s", request.method, request.get_full_path()[:300])
            return HttpResponseBadRequest(_("Bad Request"), content_type="text/plain; charset=utf-8")
        return None
