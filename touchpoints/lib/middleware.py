"""Last line of defence for pages: a number in the URL or a filter too big for the database
(SQLite raises OverflowError for integers of 2⁶³ and more) is the request's fault, answered 400,
never a server error. The API has the same rule in touchpoints/api/main.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class InputOverflowMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, OverflowError):
            log.warning("Input too large for the database: %s %s", request.method, request.get_full_path()[:300])
            return HttpResponseBadRequest(_("Bad Request"), content_type="text/plain; charset=utf-8")
        return None
