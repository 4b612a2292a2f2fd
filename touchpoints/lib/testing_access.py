"""Who may use what: the one helper every app's permission tests use, and the enumeration of every
page and API operation behind the generated matrix (``touchpoints/tests/test_permission_matrix.py``).

An app's permission test lists its requests as :class:`Case` rows (method, URL, the capability
needed) and asks :meth:`AccessMatrix.check` to send them as one role; the fixture ``access`` in
``touchpoints/conftest.py`` gives the matrix of the ``world`` workspace::

    @pytest.mark.parametrize("who", EVERYONE)
    def test_pages(access, who):
        access.check(who, [Case("get", "/w/{slug}/touchpoints/", READ)], unchanged=lambda: Touchpoint.objects.count())

What every role gets:

- anonymous: the login page (pages) or 401 (API);
- outsider (a member of another workspace only): 404, the workspace is not revealed;
- a member without the capability: 403;
- a member with it: a success code — or 404 when the object is hidden from that role (an audit
  not assigned to the auditor);
- every refusal from the API carries a ``detail``; ``unchanged`` (a snapshot function) must give
  the same value before and after every refused request: a refusal writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from touchpoints.lib.testing import Populated

READ, SCORE, EDIT, MANAGE = "read", "score", "edit", "manage"
# Capability → the roles of the workspace that have it (touchpoints/workspaces/roles.py).
ALLOWED: dict[str, frozenset[str]] = {
    READ: frozenset({"owner", "editor", "auditor", "viewer"}),
    SCORE: frozenset({"owner", "editor", "auditor"}),
    EDIT: frozenset({"owner", "editor"}),
    MANAGE: frozenset({"owner"}),
}
MEMBERS = ("owner", "editor", "auditor", "viewer")
EVERYONE = (*MEMBERS, "outsider", "anonymous")
PAGE_OK = (200, 302)
API_OK = (200, 201, 204)


@dataclass(frozen=True)
class Case:
    """One request: ``method`` is get, post (a form), json (a POST with a JSON body), patch, put
    or delete; ``url`` may hold ``{slug}``; ``data`` is the body, or a function that makes it (a
    fresh upload for each request); ``ok`` the success codes if not the default ones;
    ``hidden_from`` the roles that get 404 although they hold the capability."""

    method: str
    url: str
    need: str
    data: Any = None
    ok: tuple[int, ...] = ()
    hidden_from: tuple[str, ...] = ()

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")


def reads(urls: Iterable[str], hidden_from: tuple[str, ...] = ()) -> list[Case]:
    """A GET of each address, for every role that may read (less ``hidden_from``)."""
    return [Case("get", url, READ, hidden_from=hidden_from) for url in urls]


def expected_refusal(who: str, case: Case) -> int | None:
    """The status a role gets for the request, or None when it is allowed."""
    if who == "anonymous":
        return 401 if case.api else 302
    if who == "outsider":
        return 404
    if who not in ALLOWED[case.need]:
        return 403
    if who in case.hidden_from:
        return 404
    return None


def send(client: Any, case: Case, url: str) -> TestResponse:
    data = case.data() if callable(case.data) else case.data
    if case.method == "get":
        return client.get(url)
    if case.method == "post":
        return client.post(url, data or {})
    if case.method == "delete":
        return client.delete(url)
    method = "post" if case.method == "json" else case.method
    body = json.dumps(data) if data is not None else None
    return getattr(client, method)(url, data=body, content_type="application/json")


@dataclass
class AccessMatrix:
    """The requests of a permission test sent as each role of a ``world`` (touchpoints/conftest.py)."""

    world: Any

    def client(self, who: str) -> Any:
        from django.test import Client

        return Client() if who == "anonymous" else self.world.client(who)

    def check(
        self,
        who: str,
        cases: Iterable[Case],
        *,
        ok: tuple[int, ...] = (),
        unchanged: Callable[[], object] | None = None,
    ) -> None:
        """Sends every case as ``who`` and asserts what that role must get (see the module)."""
        client = self.client(who)
        for case in cases:
            url = case.url.format(slug=self.world.slug)
            before = unchanged() if unchanged else None
            response = send(client, case, url)
            where = (who, case.method, url, response.status_code)
            refusal = expected_refusal(who, case)
            if refusal is None:
                allowed = case.ok or ok or (API_OK if case.api else PAGE_OK)
                assert response.status_code in allowed, (*where, response.content[:300])
                continue
            assert response.status_code == refusal, where
            if refusal == 302:
                assert "/accounts/login/" in response["Location"], where
            if case.api:
                assert response.json()["detail"], where
            if unchanged:
                assert unchanged() == before, (*where, "a refused request changed something")


# ---- the generated permission matrix: every page under /w/<slug>/ and every API operation ------


@dataclass(frozen=True)
class Endpoint:
    key: str  # "inventory:detail" for a page, "GET /api/v1/workspaces/{slug}/brands" for an operation
    route: str
    params: tuple[str, ...]
    namespace: str = ""
    method: str = "GET"

    def url(self, populated: Populated) -> str:
        """The URL with every path parameter filled from the fixture objects (KeyError when a
        parameter's name is unknown to the resolver)."""
        values = {}
        for name in self.params:
            value = populated.resolve(name, self.key)
            if value is None:
                raise KeyError(
                    f"{self.key}: no fixture value for the path parameter {name!r}; "
                    "add it to PARAM_KEYS/FIXED in touchpoints/lib/testing.py"
                )
            values[name] = value
        if self.method != "GET" or self.key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
            path = self.route
            for name, value in values.items():
                path = path.replace("{" + name + "}", value)
            return path
        from django.urls import reverse

        return reverse(self.key, kwargs=values)


def _named_patterns() -> Iterator[Endpoint]:
    """Every named URL pattern of the URL configuration, with the path parameters of its route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: Any, prefix: str, namespace: str, params: tuple[str, ...]) -> Iterator[Endpoint]:
        for p in patterns:
            names = tuple(getattr(p.pattern, "converters", {}) or ())
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace, params + names)
            elif isinstance(p, URLPattern):
                key = f"{namespace}:{p.name}" if namespace else (p.name or "")
                yield Endpoint(key=key, route="/" + prefix + str(p.pattern), params=params + names, namespace=namespace)

    return walk(get_resolver().url_patterns, "", "", ())


def workspace_pages() -> list[Endpoint]:
    """Every named URL pattern under /w/<slug>/, from the URL configuration."""
    return [e for e in _named_patterns() if e.route.startswith("/w/")]


def api_operations() -> list[Endpoint]:
    """Every operation of the OpenAPI document (``"METHOD path"``)."""
    from touchpoints.api.main import api

    out = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            params = tuple(p["name"] for p in operation.get("parameters", []) if p.get("in") == "path")
            out.append(Endpoint(key=f"{method.upper()} {path}", route=path, params=params, method=method.upper()))
    return out


def pages() -> list[Endpoint]:
    """Every named URL pattern outside the API (whose operations are :func:`api_operations`)."""
    return [e for e in _named_patterns() if not e.route.startswith("/api/")]


PUBLIC_PREFIXES = ("/s/", "/review/", "/r/", "/j/", "/feeds/")


def public_pages() -> list[Endpoint]:
    """Every named URL pattern of the public pages (a secret token in the address, no login)."""
    return [e for e in _named_patterns() if e.route.startswith(PUBLIC_PREFIXES)]
