"""Who may do what in a workspace: the roles' capabilities, the checks of ``workspace_view`` (an
outsider gets 404, a role without the capability 403, a read-only role never writes through a
page), and every page and endpoint of the workspaces app for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from touchpoints.lib.testing_access import EDIT, EVERYONE, MANAGE, READ, AccessMatrix, Case
from touchpoints.workspaces.access import Access, workspace_view
from touchpoints.workspaces.models import Brand, Invitation, Membership, Segment
from touchpoints.workspaces.roles import Capability, Role, role_can

pytestmark = pytest.mark.django_db

CAN = {
    Role.OWNER: {"read", "score", "edit", "manage"},
    Role.EDITOR: {"read", "score", "edit"},
    Role.AUDITOR: {"read", "score"},
    Role.VIEWER: {"read"},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_capabilities(role: Role) -> None:
    assert {cap for cap in Capability if role_can(role, cap)} == CAN[role]
    assert Membership(role=role).can(Capability.READ)
    assert not role_can("stranger", Capability.READ)


def _echo(request: HttpRequest, access: Access) -> HttpResponse:
    return HttpResponse(access.role)


def _call(world: Any, who: str, capability: str, method: str = "get", personal: bool = False) -> HttpResponse:
    request = getattr(RequestFactory(), method)("/w/x/")
    request.user = world.users[who]
    view = workspace_view(capability, personal=personal)(_echo)
    return view(request, slug=world.slug)


@pytest.mark.parametrize("who", ["owner", "editor", "auditor", "viewer"])
@pytest.mark.parametrize("capability", list(Capability))
def test_workspace_view_lets_in_only_the_roles_with_the_capability(world: Any, who: str, capability: str) -> None:
    if capability in CAN[Role(who)]:
        response = _call(world, who, capability)
        assert response.status_code == 200 and response.content.decode() == who
    else:
        with pytest.raises(PermissionDenied):
            _call(world, who, capability)


def test_workspace_view_does_not_reveal_a_workspace_to_an_outsider(world: Any) -> None:
    with pytest.raises(Http404):
        _call(world, "outsider", Capability.READ)


def test_a_read_only_role_never_writes_through_a_page(world: Any) -> None:
    for method in ("post", "put", "patch", "delete"):
        with pytest.raises(PermissionDenied):
            _call(world, "viewer", Capability.READ, method)
        assert _call(world, "auditor", Capability.READ, method).status_code == 200
    # A page whose writes touch only the member's own things (personal) lets a viewer write.
    assert _call(world, "viewer", Capability.READ, "post", personal=True).status_code == 200


@pytest.fixture
def objects(world: Any) -> dict[str, Any]:
    return {
        "brand": world.workspace.brands.get(is_own=False),
        "segment": world.workspace.segments.get(),
        "member": world.workspace.memberships.get(user=world.users["viewer"]),
    }


def _written() -> tuple[int, int, int, list[tuple[int, str]]]:
    roles = list(Membership.objects.order_by("pk").values_list("pk", "role"))
    return Brand.objects.count(), Segment.objects.count(), Invitation.objects.count(), roles


@pytest.mark.parametrize("who", EVERYONE)
def test_pages(access: AccessMatrix, objects: dict[str, Any], who: str) -> None:
    brand, segment, member = objects["brand"], objects["segment"], objects["member"]
    cases = [
        Case("get", "/w/{slug}/", READ),
        Case("get", "/w/{slug}/brands/", READ),
        Case("get", "/w/{slug}/segments/", READ),
        Case("get", "/w/{slug}/members/", READ),
        Case("post", "/w/{slug}/brands/", EDIT, {"name": "New rival", "color": "#000000"}),
        Case("get", f"/w/{{slug}}/brands/{brand.pk}/", EDIT),
        Case("post", "/w/{slug}/segments/", EDIT, {"name": "Students", "customer_type": "new"}),
        Case("get", f"/w/{{slug}}/segments/{segment.pk}/", EDIT),
        Case("post", "/w/{slug}/members/", MANAGE, {"email": "x@example.com", "role": "viewer"}),
        Case("post", f"/w/{{slug}}/members/{member.pk}/", MANAGE, {"role": "editor"}),
    ]
    access.check(who, cases, unchanged=_written)


@pytest.mark.parametrize("who", EVERYONE)
def test_api(access: AccessMatrix, objects: dict[str, Any], who: str) -> None:
    brand, segment = objects["brand"], objects["segment"]
    base = "/api/v1/workspaces/{slug}"
    cases = [
        Case("get", f"{base}/brands", READ),
        Case("get", f"{base}/brands/{brand.pk}", READ),
        Case("get", f"{base}/segments", READ),
        Case("get", f"{base}/segments/{segment.pk}", READ),
        Case("json", f"{base}/brands", EDIT, {"name": "API rival"}),
        Case("patch", f"{base}/brands/{brand.pk}", EDIT, {"notes": "patched"}),
        Case("json", f"{base}/segments", EDIT, {"name": "API segment"}),
        Case("patch", f"{base}/segments/{segment.pk}", EDIT, {"share": 12}),
    ]
    access.check(who, cases, unchanged=_written)
