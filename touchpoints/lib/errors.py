"""Error pages a person can use: 403, 404 and 500 in the user's language, with the navigation and
a way back (the page they came from, their workspace's home, the list of workspaces).

Django shows its technical 404 page whenever DEBUG is on (``touchpoints serve`` turns it on), even
for a stale link a user can reach; :class:`FriendlyErrorsMiddleware` renders the product's page
instead for pages (never for the API, which answers JSON). Server errors keep Django's debug page
under DEBUG, for developers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

WORKSPACE_PATH = re.compile(r"^/w/(?P<slug>[-\w]+)/")
TECHNICAL_MARKER = b'<meta name="robots" content="NONE,NOARCHIVE">'


def _context(request: HttpRequest) -> dict[str, Any]:
    back = request.META.get("HTTP_REFERER", "")
    if back and (
        back == request.build_absolute_uri()
        or not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    ):
        back = ""
    home = None
    match = WORKSPACE_PATH.match(request.path)
    user = getattr(request, "user", None)
    if match and user is not None and user.is_authenticated:
        from touchpoints.workspaces.models import Membership

        if Membership.objects.filter(user=user, workspace__slug=match["slug"]).exists():
            home = f"/w/{match['slug']}/"
    return {"back_url": back, "workspace_url": home}


def render_error(request: HttpRequest, status: int) -> HttpResponse:
    try:
        body = loader.render_to_string(f"{status}.html", _context(request), request=request)
    except Exception:  # never fail while reporting a failure
        body = loader.render_to_string("error_plain.html", {"status": status})
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500)


def _is_page(request: HttpRequest) -> bool:
    return not request.path.startswith(("/api/", "/static/", "/media/", "/assets/"))


class FriendlyErrorsMiddleware:
    """With DEBUG on, a missing page or a refused one still shows the product's error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and _is_page(request)
            and TECHNICAL_MARKER in getattr(response, "content", b"")
        ):
            return render_error(request, 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or not _is_page(request):
            return None
        if isinstance(exception, Http404):
            return render_error(request, 404)
        if isinstance(exception, PermissionDenied):
            return render_error(request, 403)
        return None
