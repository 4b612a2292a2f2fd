"""The REST API root (/api/v1/): routers from each app, common error shapes."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from touchpoints.api.auth import api_auth
from touchpoints.api.errors import as_sent, document_errors, input_names

log = logging.getLogger(__name__)


class NotAnObject(ValueError):
    """A JSON body that parsed but is not an object (a list, a string, a number, null)."""


class NotJSON(ValueError):
    """A body that is not JSON at all (or not UTF-8)."""


class NulInText(ValueError):
    """A body whose text holds a NUL character (no database stores one: PostgreSQL refuses it,
    SQLite would keep it); ``field`` names where, as the client sent it."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _nul_at(data: Any, path: str = "") -> str | None:
    """The first place in a parsed JSON body (``steps.0.note``) whose text holds a NUL; a key
    that holds one is reported as its object's place."""
    if isinstance(data, str):
        return (path or "body") if "\x00" in data else None
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        if "\x00" in str(key):
            return path or "body"
        if (found := _nul_at(value, f"{path}.{key}" if path else str(key))) is not None:
            return found
    return None


class ObjectParser(Parser):
    """Every JSON body of the API is an object. django-ninja would validate any other value
    against the body's schema by reading its attributes: ``[]`` or ``1`` passed as a schema whose
    fields are all optional (a PATCH, the market settings, a report request) and wrote the defaults,
    and ``"x"`` set an action's title to ``"x".title()``."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = super().parse_body(request)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            raise NotJSON(str(exc)) from exc
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        if (field := _nul_at(data)) is not None:
            raise NulInText(field)
        return data


class TouchpointsAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


api = TouchpointsAPI(
    title="Touchpoints API",
    version="1",
    description="Customer touchpoint management: workspaces, brands, segments, touchpoints, library, "
    "journeys, audits and analytics. Authenticate with `Authorization: Bearer <token>` "
    "(create one under Account → API tokens) or with the browser session.",
    auth=api_auth,
    urls_namespace="api",
    parser=ObjectParser(),
)


def validation_errors(exc: ValidationError, names: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """A service's ValidationError as the errors by field, under the names the operation's client
    sends (``names``, see :func:`input_names`)."""
    if hasattr(exc, "error_dict"):
        errors: dict[str, list[str]] = {}
        for field, field_errors in exc.error_dict.items():
            messages = [str(m) for e in field_errors for m in e.messages]
            errors.setdefault(as_sent(field, names), []).extend(messages)
        return errors
    return {"__all__": [str(m) for m in exc.messages]}


def _remember_inputs(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorates each operation: the request carries the names its client sends, so the error
    handler below answers a field error under those names."""
    operation = getattr(run, "__self__", None)
    names = input_names(getattr(operation, "models", ()))

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.api_input_names = names  # type: ignore[attr-defined]  # read by on_validation_error
        return run(request, *args, **kwargs)

    return wrapper


api.add_decorator(_remember_inputs, mode="view")


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    names: frozenset[str] = getattr(request, "api_input_names", frozenset())
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": validation_errors(exc, names)}, status=400
    )


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Invalid input."), "errors": exc.errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("Your role does not allow this.")}, status=403)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's answer (``{"detail": message}``), but for a body that is not JSON or not a
    JSON object, which says so in the user's language (django-ninja wraps the parser's error in
    "Cannot parse request body"), with the parser's message as the body's error."""
    if isinstance(exc.__cause__, NotAnObject):
        return api.create_response(request, {"detail": _("The request body must be a JSON object.")}, status=400)
    if isinstance(exc.__cause__, NulInText):
        body = {
            "detail": _("Invalid input."),
            "errors": {exc.__cause__.field: [str(ProhibitNullCharactersValidator.message)]},
        }
        return api.create_response(request, body, status=400)
    if isinstance(exc.__cause__, NotJSON):
        body = {"detail": _("The request body is not valid JSON."), "errors": {"body": [str(exc.__cause__)]}}
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
@api.exception_handler(IntegrityError)
def on_bad_value(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The last line of defence: a value the database cannot hold or a constraint it refuses is the
    request's fault. The operation should have refused it with a field error; this is logged."""
    log.warning("API input reached the database: %s %s: %r", request.method, request.path, exc)
    return api.create_response(request, {"detail": _("Invalid input.")}, status=400)


@api.exception_handler(MultiPartParserError)
def on_unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot parse (no boundary, a broken one): what Django answers 400
    for on a page, which django-ninja would otherwise turn into a 500."""
    body = {"detail": _("The request body is not a readable form upload."), "errors": {"body": [str(exc)]}}
    return api.create_response(request, body, status=400)


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Mounted after the API's URLs: a path under /api/ that matches no operation (e.g. a letter
    where an id goes) answers the API's JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


def _register() -> None:
    from touchpoints.actions.api import router as actions_router
    from touchpoints.analytics.api import router as analytics_router
    from touchpoints.audits.api import router as audits_router
    from touchpoints.feedback.api import router as feedback_router
    from touchpoints.impact.api import router as impact_router
    from touchpoints.inventory.api import router as inventory_router
    from touchpoints.journeys.api import router as journeys_router
    from touchpoints.library.api import router as library_router
    from touchpoints.priorities.api import router as priorities_router
    from touchpoints.reports.api import router as reports_router
    from touchpoints.reviews.api import router as reviews_router
    from touchpoints.workspaces.api import router as workspaces_router

    for router in (
        workspaces_router,
        inventory_router,
        library_router,
        journeys_router,
        audits_router,
        analytics_router,
        priorities_router,
        actions_router,
        reports_router,
        feedback_router,
        reviews_router,
        impact_router,
    ):
        api.add_router("/", router)


_register()
