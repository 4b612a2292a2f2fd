from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from touchpoints.accounts import throttle
from touchpoints.lib.forms import add_service_errors, error_message, saved
from touchpoints.lib.palette import next_colour
from touchpoints.lib.ratelimits import client_ip
from touchpoints.workspaces import selectors, services
from touchpoints.workspaces.access import Access, posts_change, workspace_view
from touchpoints.workspaces.forms import BrandForm, InviteForm, RoleForm, SegmentForm, WorkspaceForm
from touchpoints.workspaces.models import Brand, Invitation, Membership, Segment
from touchpoints.workspaces.roles import Capability


@login_required
def home(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ws = services.workspace_create(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Workspace created. Start with the library: pick the touchpoints you have."))
            return redirect("library:browse", slug=ws.slug)
    memberships = selectors.workspace_list_for_user(user=request.user)
    return render(
        request,
        "workspaces/home.html",
        {
            "memberships": memberships,
            "form": form,
            "invitations": selectors.pending_invitations_for_user(user=request.user),
        },
    )


@workspace_view()
def workspace_home(request: HttpRequest, access: Access) -> HttpResponse:
    """Opening a workspace lands on its home (the dashboard), or the inventory without one."""
    try:
        return redirect("dashboard:home", slug=access.workspace.slug)
    except NoReverseMatch:
        return redirect("inventory:list", slug=access.workspace.slug)


def _site(request: HttpRequest) -> str:
    """The address the inviter uses, for the links of an invitation (rather than SITE_URL)."""
    return request.build_absolute_uri("/")


@workspace_view(Capability.READ)
def members(request: HttpRequest, access: Access) -> HttpResponse:
    invite_form = InviteForm()
    if request.method == "POST":
        if not access.can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        invite_form = InviteForm(request.POST)
        # Invitations send mail: limited per inviting account and per address.
        checks = [
            throttle.Check("invite_user", str(request.user.pk)),
            throttle.Check("invite_address", client_ip(request)),
        ]
        wait = throttle.blocked(request, checks) if invite_form.is_valid() else 0
        if wait:
            invite_form.add_error(None, throttle.too_many_message(wait))
        elif invite_form.is_valid():
            throttle.hit(request, checks)
            services.invitation_create(
                workspace=access.workspace, invited_by=request.user, site=_site(request), **invite_form.cleaned_data
            )
            messages.success(request, _("Invitation sent to %(email)s.") % invite_form.cleaned_data)
            return redirect("workspaces:members", slug=access.workspace.slug)
    return render(
        request,
        "workspaces/members.html",
        {
            "members": selectors.member_list(workspace=access.workspace),
            "invitations": [
                (i, services.invitation_link(i, site=_site(request)))
                for i in access.workspace.invitations.filter(accepted_at__isnull=True)
            ],
            "invite_form": invite_form,
            "role_form": RoleForm(),
        },
    )


@require_POST
@workspace_view(Capability.MANAGE)
def member_role(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, workspace=access.workspace, pk=member_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            if request.POST.get("remove"):
                services.membership_remove(membership=membership)
            else:
                services.membership_set_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            error_message(request, exc)
    return redirect("workspaces:members", slug=access.workspace.slug)


@require_POST
@workspace_view(Capability.MANAGE)
def invitation_manage(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Resend or revoke a pending invitation."""
    invitation = get_object_or_404(Invitation, workspace=access.workspace, pk=pk, accepted_at__isnull=True)
    action = request.POST.get("action")
    try:
        if action == "resend":
            services.invitation_resend(invitation=invitation, sent_by=request.user, site=_site(request))
            messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
        elif action == "revoke":
            services.invitation_revoke(invitation=invitation)
            messages.success(
                request, _("Invitation to %(email)s revoked: its link no longer works.") % {"email": invitation.email}
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        error_message(request, exc)
    return redirect("workspaces:members", slug=access.workspace.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, token=token)
    if not request.user.is_authenticated:
        from django.contrib.auth import get_user_model
        from django.urls import reverse
        from django.utils.http import urlencode

        messages.info(request, _("Log in or sign up to join %(ws)s.") % {"ws": invitation.workspace.name})
        # Someone with an account logs in; a newcomer signs up. Either way they come back here.
        has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
        if has_account:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        # The sign-up form starts with the invited address (still editable: any account may accept).
        return redirect(f"{reverse('accounts:signup')}?{urlencode({'next': request.path, 'email': invitation.email})}")
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error_message(request, exc)
            return redirect("workspaces:home")
        messages.success(request, _("You joined %(ws)s.") % {"ws": invitation.workspace.name})
        return redirect("workspaces:workspace", slug=invitation.workspace.slug)
    return render(request, "workspaces/invitation.html", {"invitation": invitation})


@dataclass(frozen=True)
class Catalogue:
    """A workspace's list of brands or segments (``name``): its model and form, the services
    ``<name>_create``, ``<name>_update`` and ``<name>_delete``, the page ``workspaces:<name>s``."""

    name: str
    model: type[Brand] | type[Segment]
    form: type[BrandForm] | type[SegmentForm]

    def create(self, **fields: Any) -> object:
        return getattr(services, f"{self.name}_create")(**fields)

    def update(self, obj: models.Model, **fields: Any) -> object:
        return getattr(services, f"{self.name}_update")(**{self.name: obj}, **fields)

    def delete(self, obj: models.Model) -> object:
        return getattr(services, f"{self.name}_delete")(**{self.name: obj})

    @property
    def template(self) -> str:
        return f"workspaces/{self.name}s.html"

    @property
    def url_name(self) -> str:
        return f"workspaces:{self.name}s"


BRANDS = Catalogue("brand", Brand, BrandForm)
SEGMENTS = Catalogue("segment", Segment, SegmentForm)


def _catalogue_list(
    request: HttpRequest, access: Access, what: Catalogue, initial: dict[str, Any] | None = None
) -> HttpResponse:
    form = what.form(initial=initial)
    if posts_change(request, access):
        form = what.form(request.POST, initial=initial)
        if saved(form, lambda data: what.create(workspace=access.workspace, **data)) is not None:
            messages.success(request, _("Saved."))
            return redirect(what.url_name, slug=access.workspace.slug)
    objects = what.model._default_manager.filter(workspace=access.workspace)
    return render(request, what.template, {"objects": objects, "form": form})


def _catalogue_edit(request: HttpRequest, access: Access, what: Catalogue, pk: int) -> HttpResponse:
    obj = get_object_or_404(what.model, workspace=access.workspace, pk=pk)
    form = what.form(instance=obj)
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                what.delete(obj)
            except ValidationError as exc:
                error_message(request, exc)
                return redirect(what.url_name, slug=access.workspace.slug)
            messages.success(request, _("Deleted."))
            return redirect(what.url_name, slug=access.workspace.slug)
        form = what.form(request.POST, instance=what.model._default_manager.get(pk=obj.pk))
        if saved(form, lambda data: what.update(obj, **data)) is not None:
            messages.success(request, _("Saved."))
            return redirect(what.url_name, slug=access.workspace.slug)
    return render(request, "workspaces/object_edit.html", {"object": obj, "form": form})


@workspace_view()
def brands(request: HttpRequest, access: Access) -> HttpResponse:
    initial = {"color": next_colour(access.workspace.brands.values_list("color", flat=True))}
    return _catalogue_list(request, access, BRANDS, initial)


@workspace_view(Capability.EDIT)
def brand_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _catalogue_edit(request, access, BRANDS, pk)


@workspace_view()
def segments(request: HttpRequest, access: Access) -> HttpResponse:
    return _catalogue_list(request, access, SEGMENTS)


@workspace_view(Capability.EDIT)
def segment_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _catalogue_edit(request, access, SEGMENTS, pk)
