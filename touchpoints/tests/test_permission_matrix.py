"""The permission matrix, generated: every page under /w/<slug>/ (from the URL configuration) and
every operation of the OpenAPI document, requested by every role with path parameters filled from
a populated workspace (touchpoints.lib.testing).

- outsider: 404 (the workspace's existence is not revealed);
- anonymous: redirected to the login page (pages) or 401 (API);
- a role without the capability: 403; the viewer never succeeds with an unsafe method;
- the owner never gets a 5xx.

A page or an operation missing from PAGES or OPERATIONS below, or a path parameter the resolver
does not know, fails the test: add the new URL with the capability it needs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from touchpoints.lib.testing import Endpoint, api_operations, workspace_pages

pytestmark = pytest.mark.django_db

# Page → capability it needs: read, score, edit or manage; "post X" for pages that take only
# POST (GET answers 405) and need capability X.
PAGES = {
    "workspaces:workspace": "read", "workspaces:members": "read", "workspaces:member_role": "post manage",
    "workspaces:brands": "read", "workspaces:brand_edit": "edit", "workspaces:segments": "read",
    "workspaces:segment_edit": "edit",
    "inventory:list": "read", "inventory:tree": "read", "inventory:create": "edit", "inventory:bulk": "post edit",
    "inventory:import": "edit", "inventory:import_template": "read", "inventory:export": "read",
    "inventory:detail": "read", "inventory:edit": "edit", "inventory:delete": "edit", "inventory:row": "read",
    "inventory:row_edit": "edit",
    "library:browse": "read", "library:add": "edit",
    "journeys:list": "read", "journeys:create": "edit", "journeys:from_template": "edit", "journeys:compare": "read",
    "journeys:detail": "read", "journeys:edit": "edit", "journeys:delete": "edit", "journeys:board": "read",
    "journeys:palette": "read", "journeys:export": "read", "journeys:step_add": "post edit",
    "journeys:step_add_new": "post edit", "journeys:reorder": "post edit", "journeys:step_edit": "edit",
    "journeys:step_move": "post edit", "journeys:step_delete": "post edit",
    "audits:list": "read", "audits:create": "edit", "audits:due": "read", "audits:criteria": "read",
    "audits:criterion_edit": "edit", "audits:criterion_delete": "post edit", "audits:touchpoint_criteria_pick": "read",
    "audits:touchpoint_criteria": "read", "audits:detail": "read", "audits:edit": "edit", "audits:delete": "edit",
    "audits:transition": "post score", "audits:score": "score", "audits:answer": "post score",
    "audits:evidence_upload": "post score", "audits:evidence_file": "read", "audits:evidence_delete": "post score",
    "audits:results": "read", "audits:export": "read",
    "analytics:home": "read", "analytics:upload": "edit", "analytics:map": "edit", "analytics:run": "read",
    "analytics:progress": "read", "analytics:export": "read", "analytics:candidates": "post edit",
    "analytics:rerun": "post edit", "analytics:delete": "edit", "analytics:cancel": "post edit",
    "analytics:retry": "post edit",
    "history:list": "edit", "history:export": "edit",
}

# Operation → capability: global (not in a workspace), read, score or edit.
OPERATIONS = {
    "GET /api/v1/workspaces": "global",
    "POST /api/v1/workspaces": "global",
    "GET /api/v1/workspaces/{slug}/brands": "read",
    "POST /api/v1/workspaces/{slug}/brands": "edit",
    "GET /api/v1/workspaces/{slug}/brands/{brand_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/brands/{brand_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/brands/{brand_id}": "edit",
    "GET /api/v1/workspaces/{slug}/segments": "read",
    "POST /api/v1/workspaces/{slug}/segments": "edit",
    "GET /api/v1/workspaces/{slug}/segments/{segment_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/segments/{segment_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/segments/{segment_id}": "edit",
    "GET /api/v1/workspaces/{slug}/touchpoints": "read",
    "POST /api/v1/workspaces/{slug}/touchpoints": "edit",
    "GET /api/v1/workspaces/{slug}/touchpoints/export.{fmt}": "read",
    "GET /api/v1/workspaces/{slug}/touchpoints/{tp_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/touchpoints/{tp_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/touchpoints/{tp_id}": "edit",
    "GET /api/v1/library/templates": "global",
    "POST /api/v1/workspaces/{slug}/library/add": "edit",
    "GET /api/v1/workspaces/{slug}/journeys": "read",
    "POST /api/v1/workspaces/{slug}/journeys": "edit",
    "POST /api/v1/workspaces/{slug}/journeys/from-template": "edit",
    "GET /api/v1/workspaces/{slug}/journeys/templates": "read",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/journeys/{journey_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/journeys/{journey_id}": "edit",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}/steps": "read",
    "POST /api/v1/workspaces/{slug}/journeys/{journey_id}/steps": "edit",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}/steps/{step_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/journeys/{journey_id}/steps/{step_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/journeys/{journey_id}/steps/{step_id}": "edit",
    "POST /api/v1/workspaces/{slug}/journeys/{journey_id}/reorder": "edit",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}/weak-links": "read",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}/compare/{other_id}": "read",
    "GET /api/v1/workspaces/{slug}/journeys/{journey_id}/export.{fmt}": "read",
    "GET /api/v1/workspaces/{slug}/audits/criteria": "read",
    "POST /api/v1/workspaces/{slug}/audits/criteria": "edit",
    "PATCH /api/v1/workspaces/{slug}/audits/criteria/{criterion_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/audits/criteria/{criterion_id}": "edit",
    "GET /api/v1/workspaces/{slug}/audits/touchpoints/{touchpoint_id}/criteria": "read",
    "PUT /api/v1/workspaces/{slug}/audits/touchpoints/{touchpoint_id}/criteria": "edit",
    "GET /api/v1/workspaces/{slug}/audits/due": "read",
    "GET /api/v1/workspaces/{slug}/audits": "read",
    "POST /api/v1/workspaces/{slug}/audits": "edit",
    "GET /api/v1/workspaces/{slug}/audits/{audit_id}": "read",
    "PATCH /api/v1/workspaces/{slug}/audits/{audit_id}": "edit",
    "DELETE /api/v1/workspaces/{slug}/audits/{audit_id}": "edit",
    "POST /api/v1/workspaces/{slug}/audits/{audit_id}/transition": "score",
    "GET /api/v1/workspaces/{slug}/audits/{audit_id}/answers": "read",
    "POST /api/v1/workspaces/{slug}/audits/{audit_id}/answers": "score",
    "POST /api/v1/workspaces/{slug}/audits/{audit_id}/evidence": "score",
    "GET /api/v1/workspaces/{slug}/audits/{audit_id}/results": "read",
    "GET /api/v1/workspaces/{slug}/audits/{audit_id}/results.{fmt}": "read",
    "POST /api/v1/workspaces/{slug}/analytics/runs": "edit",
    "GET /api/v1/workspaces/{slug}/analytics/runs": "read",
    "GET /api/v1/workspaces/{slug}/analytics/runs/{run_id}": "read",
    "DELETE /api/v1/workspaces/{slug}/analytics/runs/{run_id}": "edit",
    "GET /api/v1/workspaces/{slug}/analytics/runs/{run_id}/result": "read",
    "GET /api/v1/workspaces/{slug}/analytics/runs/{run_id}/attribution": "read",
    "GET /api/v1/workspaces/{slug}/analytics/runs/{run_id}/export": "read",
    "GET /api/v1/workspaces/{slug}/analytics/attribution/latest": "read",
    "POST /api/v1/workspaces/{slug}/analytics/runs/{run_id}/rerun": "edit",
    "POST /api/v1/workspaces/{slug}/analytics/runs/{run_id}/candidates": "edit",
}

ROLES_WITH = {
    "read": {"owner", "editor", "auditor", "viewer"},
    "score": {"owner", "editor", "auditor"},
    "edit": {"owner", "editor"},
    "manage": {"owner"},
}
MEMBERS = ("owner", "editor", "auditor", "viewer")


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
        # A POST-only page answers 405 to any GET, before looking at the workspace: nothing leaks.
        for method in ("get", "post"):
            status = getattr(clients["outsider"], method)(url).status_code
            wanted = (405,) if post_only and method == "get" else (404,)
            expect(status in wanted, page, "outsider", method, status, " or ".join(map(str, wanted)))
            response = getattr(anonymous, method)(url)
            login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            expect(login or (post_only and method == "get" and response.status_code == 405), page, "anonymous",
                   method, response.status_code, "login redirect")
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
        status = clients["viewer"].post(url).status_code
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
    if method in ("get", "delete"):
        return getattr(client, method)(url).status_code
    return getattr(client, method)(url, data=json.dumps({}), content_type="application/json").status_code


def test_api_operations(populated: Any) -> None:
    tokens = {}
    from touchpoints.accounts.services import api_token_create

    for who in (*MEMBERS, "outsider"):
        tokens[who] = populated.token if who == "owner" else api_token_create(
            user=populated.world.users[who], name="matrix")[1]
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
