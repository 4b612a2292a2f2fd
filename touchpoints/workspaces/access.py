"""Who may do what in a workspace. Every view, API endpoint and export goes through here.

An outsider gets "not found" (a workspace's existence is not revealed); a member whose role
lacks the capability gets "permission denied".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from touchpoints.workspaces.models import Membership, Workspace
from touchpoints.workspaces.roles import Capability


@dataclass(frozen=True)
class Access:
    workspace: Workspace
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, capability: str) -> bool:
        return self.membership.can(capability)

    @property
    def can_edit(self) -> bool:
        return self.can(Capability.EDIT)

    @property
    def can_manage(self) -> bool:
        return self.can(Capability.MANAGE)

    @property
    def can_score(self) -> bool:
        return self.can(Capability.SCORE)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def workspace_access(user: Any, slug: str, capability: str = Capability.READ) -> Access:
    if not user or not user.is_authenticated:
        raise Http404
    membership = Membership.objects.select_related("workspace").filter(workspace__slug=slug, user=user).first()
    if membership is None:
        raise Http404("No such workspace.")
    if not membership.can(capability):
        raise PermissionDenied
    return Access(workspace=membership.workspace, membership=membership)


def workspace_view(capability: str = Capability.READ, *, personal: bool = False) -> Callable[..., Any]:
    """Decorator for views under /w/<slug>/: resolves the workspace, checks the role and sets
    ``request.access``; the view receives ``access`` instead of ``slug``.

    A read-only role never writes through a page, whatever the page; ``personal=True`` marks a
    view whose writes touch only the member's own things (their calendar feed), which a viewer
    may change too — the view itself checks that the object is theirs."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = workspace_access(request.user, slug, capability)
            if request.method not in SAFE_METHODS and not personal and not access.can(Capability.SCORE):
                raise PermissionDenied  # a read-only role never writes, whatever the page
            request.access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def posts_change(request: HttpRequest, access: Access) -> bool:
    """True when ``request`` posts a change to the workspace (a form sent to its page); a member
    whose role may not edit gets "permission denied" instead."""
    if request.method != "POST":
        return False
    if not access.can_edit:
        raise PermissionDenied
    return True
