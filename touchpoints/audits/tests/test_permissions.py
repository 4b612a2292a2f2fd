"""Who may use each audit page and endpoint: owner, editor, auditor (assigned or not), viewer and
a user of another workspace. Outsiders get 404; an auditor gets 404 for an audit not assigned to
them (it is not revealed); a role without the capability gets 403; refused requests write nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from touchpoints.audits import services
from touchpoints.audits.models import Assessment, Audit, Score
from touchpoints.audits.tests.helpers import Setup, started_audit
from touchpoints.inventory.services import touchpoint_create
from touchpoints.lib.testing_access import EDIT, EVERYONE, SCORE, AccessMatrix, Case, reads

ROLES = EVERYONE
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# An audit not assigned to the auditor is not revealed to them (404).
NOT_ASSIGNED = ("auditor",)


def _ids(s: Setup) -> dict[str, Any]:
    draft = services.audit_create(
        workspace=s.workspace,
        name="Draft",
        brand=s.workspace.brands.get(is_own=True),
        scope="selection",
        touchpoints=s.touchpoints[:1],
        auditors=[s.world.users["auditor"]],
    )
    tp = s.touchpoints[0]
    return {
        "A": s.audit.pk,
        "B": s.unassigned.pk,
        "C": draft.pk,
        "tp": tp.pk,
        "crit": s.crit(tp),
        "crit_obj": s.audit.items.get(touchpoint=tp).checklist[0][0],
    }


def page_cases(s: Setup) -> list[Case]:
    i = _ids(s)
    a, b, tp, crit = i["A"], i["B"], i["tp"], i["crit"]
    answer = {"touchpoint": tp, "criterion": crit, "field": "score", "value": "7"}
    pages = "/w/{slug}/audits/"
    lists = ("", "criteria/", "due/", f"touchpoints/{tp}/criteria/", f"touchpoints/criteria/?touchpoint={tp}")
    results = ("", "results/", "results.csv")
    return [
        *reads(pages + p for p in lists),
        *reads(f"{pages}{a}/{p}" for p in (*results, "results.xlsx")),
        *reads((f"{pages}{b}/{p}" for p in results), hidden_from=NOT_ASSIGNED),
        Case("get", f"/w/{{slug}}/audits/{a}/score/", SCORE),
        Case("json", f"/w/{{slug}}/audits/{a}/answer/", SCORE, answer),
        Case("json", f"/w/{{slug}}/audits/{a}/answer/", SCORE, {"answers": [answer]}),
        Case("post", f"/w/{{slug}}/audits/{a}/evidence/", SCORE, lambda: {"touchpoint": tp, "file": _png()}),
        Case("get", f"/w/{{slug}}/audits/{b}/score/", SCORE, hidden_from=NOT_ASSIGNED),
        Case("json", f"/w/{{slug}}/audits/{b}/answer/", SCORE, {**answer, "touchpoint": tp}, hidden_from=NOT_ASSIGNED),
        Case("post", f"/w/{{slug}}/audits/{a}/transition/", SCORE, {"action": "submit"}),
        Case("get", "/w/{slug}/audits/new/", EDIT),
        Case(
            "post",
            "/w/{slug}/audits/new/",
            EDIT,
            {
                "name": "POSTed",
                "brand": s.workspace.brands.get(is_own=True).pk,
                "method": "self",
                "scale": "points",
                "scope": "all",
            },
        ),
        Case("get", f"/w/{{slug}}/audits/{a}/edit/", EDIT),
        Case("get", f"/w/{{slug}}/audits/{a}/delete/", EDIT),
        Case("post", f"/w/{{slug}}/audits/{i['C']}/transition/", EDIT, {"action": "start"}),
        Case(
            "post",
            "/w/{slug}/audits/criteria/",
            EDIT,
            {"kind": "general", "name": "Smell", "weight": "1", "active": "on"},
        ),
        Case("get", f"/w/{{slug}}/audits/criteria/{crit}/", EDIT),
        Case("post", f"/w/{{slug}}/audits/criteria/{crit}/", EDIT, {"weight": "2", "active": "on"}),
        Case("post", f"/w/{{slug}}/audits/touchpoints/{tp}/criteria/", EDIT, {"criteria": [crit]}),
    ]


def _png() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("shop.png", PNG, content_type="image/png")


def _answers_audits_and_statuses() -> tuple[int, int, list[str]]:
    answers = Score.objects.count() + Assessment.objects.count()
    return answers, Audit.objects.count(), list(Audit.objects.values_list("status", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_pages_permission_matrix(access: AccessMatrix, setup: Setup, role: str) -> None:
    access.check(role, page_cases(setup), unchanged=_answers_audits_and_statuses)


def api_cases(s: Setup) -> list[Case]:
    i = _ids(s)
    a, b, tp, crit = i["A"], i["B"], i["tp"], i["crit"]
    base = "/api/v1/workspaces/{slug}/audits"
    brand = s.workspace.brands.get(is_own=True).pk
    answers = {"answers": [{"touchpoint": tp, "criterion": crit, "field": "score", "value": 7}]}
    return [
        *reads(base + p for p in ("", "/criteria", "/due", f"/touchpoints/{tp}/criteria")),
        *reads(f"{base}/{a}{p}" for p in ("", "/answers", "/results", "/results.csv")),
        *reads((f"{base}/{b}{p}" for p in ("", "/results", "/answers")), hidden_from=NOT_ASSIGNED),
        Case("json", f"{base}/{a}/answers", SCORE, answers),
        Case("json", f"{base}/{b}/answers", SCORE, answers, hidden_from=NOT_ASSIGNED),
        Case("json", f"{base}/{a}/transition", SCORE, {"action": "submit"}),
        Case("json", base, EDIT, {"name": "API audit", "brand_id": brand, "scope": "all"}),
        Case("patch", f"{base}/{a}", EDIT, {"name": "Renamed"}),
        Case("json", f"{base}/{i['C']}/transition", EDIT, {"action": "start"}),
        Case("json", f"{base}/criteria", EDIT, {"name": "API criterion"}),
        Case("patch", f"{base}/criteria/{crit}", EDIT, {"weight": 3}),
        Case("put", f"{base}/touchpoints/{tp}/criteria", EDIT, {"criterion_ids": [crit]}),
        Case("delete", f"{base}/{i['C']}", EDIT),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(access: AccessMatrix, setup: Setup, role: str) -> None:
    access.check(role, api_cases(setup), unchanged=_answers_audits_and_statuses)


def test_auditor_lists_only_the_audits_assigned_to_them(setup: Setup) -> None:
    client = setup.world.client("auditor")
    page = client.get(f"/w/{setup.world.slug}/audits/").content.decode()
    assert "Self-audit" in page and "Other audit" not in page
    api = client.get(f"/api/v1/workspaces/{setup.world.slug}/audits").json()
    assert [a["id"] for a in api] == [setup.audit.pk]
    viewer = setup.world.client("viewer").get(f"/api/v1/workspaces/{setup.world.slug}/audits").json()
    assert {a["id"] for a in viewer} == {setup.audit.pk, setup.unassigned.pk}


def test_no_one_reaches_another_workspaces_audit(setup: Setup) -> None:
    """An audit of another workspace is not found, whether asked for under its own workspace (not
    a member) or under a workspace the user belongs to."""
    world = setup.world
    other_tp = touchpoint_create(workspace=world.other, name="Their site", channel="website")
    theirs = started_audit(world.other, "Their audit", [other_tp], brand=world.other.brands.get())
    for role in ("owner", "auditor", "viewer"):
        client = world.client(role)
        assert client.get(f"/w/{world.other.slug}/audits/{theirs.pk}/").status_code == 404
        assert client.get(f"/w/{world.slug}/audits/{theirs.pk}/").status_code == 404
        assert client.get(f"/w/{world.slug}/audits/{theirs.pk}/results/").status_code == 404
        assert client.get(f"/api/v1/workspaces/{world.slug}/audits/{theirs.pk}").status_code == 404
        response = client.post(
            f"/w/{world.slug}/audits/{theirs.pk}/answer/",
            data=json.dumps({"touchpoint": other_tp.pk, "field": "impression", "value": "negative"}),
            content_type="application/json",
        )
        assert response.status_code in (403, 404)
    assert not Assessment.objects.filter(item__audit=theirs).exists()
    # And the outsider, owner of the other workspace, cannot see ours through theirs.
    outsider = world.client("outsider")
    assert outsider.get(f"/w/{world.other.slug}/audits/{setup.audit.pk}/").status_code == 404


def test_auditor_submits_but_does_not_start_close_or_reopen(setup: Setup) -> None:
    client = setup.world.client("auditor")
    url = f"/w/{setup.world.slug}/audits/{setup.audit.pk}/transition/"
    assert client.post(url, {"action": "submit"}).status_code == 302
    setup.audit.refresh_from_db()
    assert setup.audit.status == "submitted"
    for action in ("close", "reopen"):
        assert client.post(url, {"action": action}).status_code == 403
    setup.audit.refresh_from_db()
    assert setup.audit.status == "submitted"


def test_anonymous_goes_to_login_and_the_api_says_401(setup: Setup, client: Any) -> None:
    response = client.get(f"/w/{setup.world.slug}/audits/{setup.audit.pk}/score/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/v1/workspaces/{setup.world.slug}/audits").status_code == 401


def test_evidence_files_are_served_only_to_who_may_see_the_audit(setup: Setup) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    ev = services.evidence_add(
        audit=setup.audit,
        auditor=setup.world.users["auditor"],
        touchpoint_id=setup.touchpoints[0].pk,
        upload=SimpleUploadedFile("shelf.png", PNG),
    )
    url = f"/w/{setup.world.slug}/audits/{setup.audit.pk}/evidence/{ev.pk}/"
    for role, code in (("owner", 200), ("auditor", 200), ("viewer", 200), ("outsider", 404)):
        response = setup.world.client(role).get(url)
        assert response.status_code == code, role
        if code == 200:
            assert b"".join(response.streaming_content) == PNG
    # Under another audit's URL it is not found.
    wrong = f"/w/{setup.world.slug}/audits/{setup.unassigned.pk}/evidence/{ev.pk}/"
    assert setup.world.client("owner").get(wrong).status_code == 404
