"""The permission matrix, generated: every page under /w/<slug>/ (from the URL configuration) and
every operation of the OpenAPI document, requested by every role with path parameters filled from
a populated workspace (touchpoints.lib.testing, touchpoints.lib.testing_access); and every public page (a secret token in the
address is the key: feedback answers /s/, review requests /review/, report share links /r/,
calendar feeds /feeds/), requested anonymously with the real token and with a wrong one.

- outsider: 404 (the workspace's existence is not revealed);
- anonymous: redirected to the login page (pages) or 401 (API);
- a role without the capability: 403; the viewer never succeeds with an unsafe method;
- the owner never gets a 5xx;
- a public page answers an anonymous visitor with the real token, and 404 to a wrong token
  (whatever the method).

A page or an operation missing from PAGES, OPERATIONS or PUBLIC (``permission_tables.py``), or a path
parameter the resolver does not know, fails the test: add the new URL there with the capability it
needs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from touchpoints.lib.testing_access import (
    Endpoint,
    api_operations,
    public_pages,
    workspace_pages,
)
from touchpoints.tests.permission_tables import (
    MEMBERS,
    OPERATIONS,
    PAGES,
    PERSONAL,
    PUBLIC,
    QUERY,
    ROLES_WITH,
    SAME_FOR_ANY_TOKEN,
    WRONG_TOKEN,
)

pytestmark = pytest.mark.django_db


def _unknown(known: dict[str, str], found: list[Endpoint]) -> list[str]:
    return sorted({e.key for e in found} - set(known))


def test_every_page_and_operation_is_in_the_tables() -> None:
    pages, operations = workspace_pages(), api_operations()
    assert not _unknown(PAGES, pages), "pages missing from PAGES"
    assert not _unknown(OPERATIONS, operations), "operations missing from OPERATIONS"
    assert not sorted(set(PAGES) - {p.key for p in pages}), "PAGES names pages that no longer exist"
    assert not sorted(set(OPERATIONS) - {o.key for o in operations}), "OPERATIONS names removed operations"


def test_every_path_parameter_is_resolved(populated: Any) -> None:
    for endpoint in workspace_pages() + api_operations():
        endpoint.url(populated)  # KeyError names the parameter


def _public_url(page: Endpoint, populated: Any, token: str) -> str:
    from django.urls import reverse

    values = {
        "token": token,
        "rtoken": populated.public["respondent"],
        "brand": populated.ids["brand"],
        "touchpoint": populated.ids["touchpoint"],
        "fmt": "pdf",
    }
    return reverse(page.key, kwargs={name: values[name] for name in page.params})


def test_public_pages(populated: Any) -> None:
    pages = public_pages()
    assert not sorted({p.key for p in pages} - set(PUBLIC)), "public pages missing from PUBLIC"
    assert not sorted(set(PUBLIC) - {p.key for p in pages}), "PUBLIC names pages that no longer exist"
    anonymous = Client()
    problems: list[str] = []
    counted = 0
    for page in sorted(pages, key=lambda p: p.key):
        secret, wanted = PUBLIC[page.key]
        status = anonymous.get(_public_url(page, populated, populated.public[secret])).status_code
        counted += 1
        if status != wanted:
            problems.append(f"{page.key} ({page.route}) anonymous get with the real token: {status}, expected {wanted}")
        bad = _public_url(page, populated, WRONG_TOKEN)
        for method in ("get", "post"):
            status = getattr(anonymous, method)(bad).status_code
            counted += 1
            # 405: a method the page never takes, refused before the token is looked at.
            ok = status in (404, 405) or (page.key in SAME_FOR_ANY_TOKEN and status == wanted)
            if not ok or (status == 405 and method == "get" and wanted != 405):
                problems.append(
                    f"{page.key} ({page.route}) anonymous {method} with a wrong token: {status}, expected 404"
                )
    print(f"permission matrix: {len(pages)} public pages, {counted} requests")
    assert not problems, "\n".join(problems)


def _pages_in_order() -> list[Endpoint]:
    """Deleting pages last, so the owner's POSTs do not remove what the others address."""
    return sorted(workspace_pages(), key=lambda p: ("delete" in p.key, p.key))


def test_pages(populated: Any) -> None:
    clients = {role: populated.world.client(role) for role in (*MEMBERS, "outsider")}
    anonymous = Client()
    problems: list[str] = []
    counted = 0

    def expect(ok: bool, page: Endpoint, who: str, method: str, status: int, wanted: str) -> None:
        nonlocal counted
        counted += 1
        if not ok:
            problems.append(f"{page.key} ({page.route}) {who} {method}: {status}, expected {wanted}")

    pages = _pages_in_order()
    for page in pages:
        need = PAGES[page.key]
        post_only = need.startswith("post ")
        capability = need.removeprefix("post ")
        url = page.url(populated)
        # A POST-only page answers 405 to any GET, before looking at the workspace (nothing leaks),
        # or 404 when it looks at the workspace first.
        for method in ("get", "post"):
            status = getattr(clients["outsider"], method)(url).status_code
            wanted = (405, 404) if post_only and method == "get" else (404,)
            expect(status in wanted, page, "outsider", method, status, " or ".join(map(str, wanted)))
            response = getattr(anonymous, method)(url)
            login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            expect(
                login or (post_only and method == "get" and response.status_code == 405),
                page,
                "anonymous",
                method,
                response.status_code,
                "login redirect",
            )
        for who in MEMBERS:
            if who == "owner":
                continue
            allowed = who in ROLES_WITH[capability]
            status = clients[who].get(url).status_code
            if post_only:
                expect(status in (403, 405), page, who, "get", status, "405 (POST only) or 403")
            elif allowed:
                expect(status in (200, 302), page, who, "get", status, "200 or a redirect")
            else:
                expect(status == 403, page, who, "get", status, "403")
            if not allowed and who != "viewer":  # the viewer's POST is checked below, on every page
                status = clients[who].post(url).status_code
                expect(status == 403, page, who, "post", status, "403")
        status = clients["viewer"].post(url).status_code
        if page.key in PERSONAL:
            expect(
                status == PERSONAL[page.key],
                page,
                "viewer",
                "post",
                status,
                f"{PERSONAL[page.key]}: a member's own things only",
            )
        else:
            expect(status == 403, page, "viewer", "post", status, "403: a viewer never writes")
    for page in pages:  # the owner last: its POSTs change data
        url = page.url(populated)
        for method in ("get", "post"):
            status = getattr(clients["owner"], method)(url).status_code
            expect(status < 500, page, "owner", method, status, "no server error")
    print(f"permission matrix: {len(pages)} pages, {counted} requests")
    assert not problems, "\n".join(problems)


def _api_call(client: Client, op: Endpoint, url: str) -> int:
    method = op.method.lower()
    url += QUERY.get(op.key, "")
    if method in ("get", "delete"):
        return getattr(client, method)(url).status_code
    return getattr(client, method)(url, data=json.dumps({}), content_type="application/json").status_code


def test_api_operations(populated: Any) -> None:
    tokens = {}
    from touchpoints.accounts.services import api_token_create

    for who in (*MEMBERS, "outsider"):
        tokens[who] = (
            populated.token if who == "owner" else api_token_create(user=populated.world.users[who], name="matrix")[1]
        )
    clients = {who: Client(HTTP_AUTHORIZATION=f"Bearer {token}") for who, token in tokens.items()}
    anonymous = Client()
    problems: list[str] = []
    counted = 0

    def expect(ok: bool, op: Endpoint, who: str, status: int, wanted: str) -> None:
        nonlocal counted
        counted += 1
        if not ok:
            problems.append(f"{op.key} {who}: {status}, expected {wanted}")

    operations = sorted(api_operations(), key=lambda o: (o.method == "DELETE", o.key))
    for op in operations:
        need = OPERATIONS[op.key]
        url = op.url(populated)
        unsafe = op.method != "GET"
        status = _api_call(anonymous, op, url)
        expect(status == 401, op, "anonymous", status, "401")
        if need == "global":
            continue
        status = _api_call(clients["outsider"], op, url)
        expect(status == 404 or (unsafe and status == 422), op, "outsider", status, "404 (422 for an empty body)")
        for who in ("editor", "auditor", "viewer"):
            allowed = who in ROLES_WITH[need]
            status = _api_call(clients[who], op, url)
            if not allowed:
                expect(status in (403, 422), op, who, status, "403 (422 for an empty body)")
            elif not unsafe:
                expect(200 <= status < 300 or status == 409, op, who, status, "2xx")
            if who == "viewer" and unsafe:
                expect(not 200 <= status < 300, op, who, status, "never 2xx on an unsafe method")
    for op in operations:
        status = _api_call(clients["owner"], op, op.url(populated))
        expect(status < 500, op, "owner", status, "no server error")
    print(f"permission matrix: {len(operations)} operations, {counted} requests")
    assert not problems, "\n".join(problems)
