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

A page or an operation missing from PAGES, OPERATIONS or PUBLIC below, or a path parameter the resolver
does not know, fails the test: add the new URL with the capability it needs.
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

pytestmark = pytest.mark.django_db

# Page → capability it needs: read, score, edit or manage; "post X" for pages that take only
# POST (GET answers 405) and need capability X.
PAGES = {
    "workspaces:workspace": "read",
    "workspaces:members": "read",
    "workspaces:member_role": "post manage",
    "workspaces:brands": "read",
    "workspaces:brand_edit": "edit",
    "workspaces:segments": "read",
    "workspaces:segment_edit": "edit",
    "inventory:list": "read",
    "inventory:tree": "read",
    "inventory:create": "edit",
    "inventory:bulk": "post edit",
    "inventory:import": "edit",
    "inventory:import_template": "read",
    "inventory:export": "read",
    "inventory:detail": "read",
    "inventory:edit": "edit",
    "inventory:delete": "edit",
    "inventory:row": "read",
    "inventory:row_edit": "edit",
    "library:browse": "read",
    "library:add": "edit",
    "journeys:list": "read",
    "journeys:create": "edit",
    "journeys:from_template": "edit",
    "journeys:compare": "read",
    "journeys:detail": "read",
    "journeys:edit": "edit",
    "journeys:delete": "edit",
    "journeys:board": "read",
    "journeys:palette": "read",
    "journeys:export": "read",
    "journeys:step_add": "post edit",
    "journeys:step_add_new": "post edit",
    "journeys:reorder": "post edit",
    "journeys:step_edit": "edit",
    "journeys:step_move": "post edit",
    "journeys:step_delete": "post edit",
    "audits:list": "read",
    "audits:create": "edit",
    "audits:due": "read",
    "audits:criteria": "read",
    "audits:criterion_edit": "edit",
    "audits:criterion_delete": "post edit",
    "audits:touchpoint_criteria_pick": "read",
    "audits:touchpoint_criteria": "read",
    "audits:detail": "read",
    "audits:edit": "edit",
    "audits:delete": "edit",
    "audits:transition": "post score",
    "audits:score": "score",
    "audits:answer": "post score",
    "audits:evidence_upload": "post score",
    "audits:evidence_file": "read",
    "audits:evidence_delete": "post score",
    "audits:results": "read",
    "audits:export": "read",
    "analytics:home": "read",
    "analytics:upload": "edit",
    "analytics:map": "edit",
    "analytics:run": "read",
    "analytics:progress": "read",
    "analytics:export": "read",
    "analytics:candidates": "post edit",
    "analytics:rerun": "post edit",
    "analytics:delete": "edit",
    "analytics:cancel": "post edit",
    "analytics:retry": "post edit",
    "history:list": "edit",
    "history:export": "edit",
    "workspaces:invitation_manage": "post manage",
    "dashboard:home": "read",
    "dashboard:customize": "edit",
    "dashboard:widget": "read",
    "priorities:list": "read",
    "priorities:export": "read",
    "priorities:row": "read",
    "priorities:estimate": "edit",
    "priorities:benchmark": "read",
    "priorities:market": "post edit",
    "priorities:benchmark_export": "read",
    "priorities:top_ten": "read",
    "priorities:top_ten_save": "post edit",
    "priorities:top_ten_fill": "post edit",
    "priorities:top_ten_history": "read",
    "actions:board": "read",
    "actions:list": "read",
    "actions:create": "edit",
    "actions:detail": "read",
    "actions:edit": "edit",
    "actions:status": "post edit",
    "actions:delete": "edit",
    "actions:feeds": "read",
    "actions:feed_revoke": "post read",
    "actions:webhooks": "manage",
    "actions:webhook_delete": "post manage",
    "reports:list": "read",
    "reports:detail": "read",
    "reports:document": "read",
    "reports:download": "read",
    "reports:delete": "post edit",
    "reports:retry": "post edit",
    "reports:cancel": "post edit",
    "reports:share": "post edit",
    "reports:share_revoke": "post edit",
    "feedback:list": "read",
    "feedback:create": "edit",
    "feedback:detail": "read",
    "feedback:edit": "edit",
    "feedback:labels": "post edit",
    "feedback:status": "post edit",
    "feedback:diary": "post edit",
    "feedback:qr": "read",
    "feedback:sheet": "read",
    "feedback:results": "read",
    "feedback:export": "read",
    "feedback:comments": "read",
    "feedback:comments_export": "read",
    "reviews:list": "read",
    "reviews:create": "edit",
    "reviews:templates": "edit",
    "reviews:template_edit": "edit",
    "reviews:import_template": "edit",
    "reviews:detail": "read",
    "reviews:edit": "edit",
    "reviews:delete": "edit",
    "reviews:status": "post edit",
    "reviews:send": "post edit",
    "reviews:import": "edit",
    "reviews:contacts": "edit",
    "reviews:contacts_export": "edit",
    "reviews:contact_erase": "post edit",
    "reviews:answers": "read",
    "reviews:answers_export": "read",
    "impact:page": "read",
    "impact:export": "read",
    "impact:compute_study": "post edit",
    "impact:compute_run": "post edit",
    "impact:manual": "post edit",
    "impact:settings": "post edit",
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
    "POST /api/v1/workspaces/{slug}/analytics/runs/{run_id}/cancel": "edit",
    "POST /api/v1/workspaces/{slug}/analytics/runs/{run_id}/retry": "edit",
    "GET /api/v1/workspaces/{slug}/priorities": "read",
    "GET /api/v1/workspaces/{slug}/priorities/benchmark": "read",
    "GET /api/v1/workspaces/{slug}/priorities/market": "read",
    "PUT /api/v1/workspaces/{slug}/priorities/market": "edit",
    "GET /api/v1/workspaces/{slug}/priorities/estimates": "read",
    "PUT /api/v1/workspaces/{slug}/priorities/estimates/{touchpoint_id}": "edit",
    "GET /api/v1/workspaces/{slug}/priorities/top-ten": "read",
    "PUT /api/v1/workspaces/{slug}/priorities/top-ten": "edit",
    "POST /api/v1/workspaces/{slug}/priorities/top-ten/fill": "edit",
    "GET /api/v1/workspaces/{slug}/priorities/top-ten/versions": "read",
    "GET /api/v1/workspaces/{slug}/actions": "read",
    "POST /api/v1/workspaces/{slug}/actions": "edit",
    "GET /api/v1/workspaces/{slug}/actions/{pk}": "read",
    "PATCH /api/v1/workspaces/{slug}/actions/{pk}": "edit",
    "DELETE /api/v1/workspaces/{slug}/actions/{pk}": "edit",
    "POST /api/v1/workspaces/{slug}/actions/{pk}/status": "edit",
    "GET /api/v1/workspaces/{slug}/reports": "read",
    "POST /api/v1/workspaces/{slug}/reports": "edit",
    "GET /api/v1/workspaces/{slug}/reports/{pk}": "read",
    "POST /api/v1/workspaces/{slug}/reports/{pk}/cancel": "edit",
    "POST /api/v1/workspaces/{slug}/reports/{pk}/retry": "edit",
    "GET /api/v1/workspaces/{slug}/feedback/studies": "read",
    "GET /api/v1/workspaces/{slug}/feedback/studies/{study_id}": "read",
    "POST /api/v1/workspaces/{slug}/feedback/studies/{study_id}/encounters": "edit",
    "POST /api/v1/workspaces/{slug}/feedback/studies/{study_id}/encounter": "edit",
    "GET /api/v1/workspaces/{slug}/feedback/studies/{study_id}/answers": "read",
    "GET /api/v1/workspaces/{slug}/feedback/studies/{study_id}/summary": "read",
    "GET /api/v1/workspaces/{slug}/reviews/campaigns": "read",
    "GET /api/v1/workspaces/{slug}/reviews/campaigns/{pk}/funnel": "read",
    "GET /api/v1/workspaces/{slug}/reviews/campaigns/{pk}/answers": "read",
    "POST /api/v1/workspaces/{slug}/reviews/campaigns/{pk}/contacts": "edit",
    "GET /api/v1/workspaces/{slug}/impact": "read",
    "GET /api/v1/workspaces/{slug}/impact/estimates": "read",
    "GET /api/v1/workspaces/{slug}/impact/what-if/{touchpoint_id}": "read",
    "POST /api/v1/workspaces/{slug}/impact/studies/{study_id}/compute": "edit",
    "POST /api/v1/workspaces/{slug}/impact/runs/{run_id}/compute": "edit",
    "POST /api/v1/workspaces/{slug}/impact/manual": "edit",
    "PUT /api/v1/workspaces/{slug}/impact/settings": "edit",
}

# Public page → (the secret its "token" is, the status an anonymous GET with it gets). The other
# parameters: "rtoken" is a diary respondent's token, "brand"/"touchpoint" the study's own.
PUBLIC = {
    "feedback_public:answer": ("study", 200),
    "feedback_public:thanks": ("study", 200),
    "feedback_public:deep": ("study", 200),
    "feedback_public:deep_thanks": ("study", 200),
    "feedback_public:diary": ("study", 200),
    "feedback_public:diary_thanks": ("study", 200),
    "reviews_public:answer": ("contact", 200),
    "reviews_public:thanks": ("contact", 200),
    "reviews_public:opt_out": ("contact", 200),
    "reviews_public:pixel": ("contact", 200),
    "reviews_public:sms_status": ("contact", 405),  # the SMS provider's POST only (and signed)
    "report_share": ("share", 200),
    "report_share_document": ("share", 200),
    "report_share_download": ("share", 200),
    "actions_feed": ("feed", 200),
}
WRONG_TOKEN = "Wr0ngT0kenWr0ngT0kenWr0ng"
# The e-mail open pixel answers the same image to any token: nothing to learn from it.
SAME_FOR_ANY_TOKEN = {"reviews_public:pixel"}

ROLES_WITH = {
    "read": {"owner", "editor", "auditor", "viewer"},
    "score": {"owner", "editor", "auditor"},
    "edit": {"owner", "editor"},
    "manage": {"owner"},
}
MEMBERS = ("owner", "editor", "auditor", "viewer")
# Pages where every member manages their own things (their calendar feed): a viewer may post the
# form (200, shown again when empty) but not revoke another member's feed (the owner's: 403).
PERSONAL = {"actions:feeds": 200, "actions:feed_revoke": 403}


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
                f"{PERSONAL[page.key]}: a member's own feed only",
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


# Required query parameters (without them the answer is 422 before the workspace is looked at).
QUERY = {"GET /api/v1/workspaces/{slug}/impact/estimates": "?source=survey"}


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
