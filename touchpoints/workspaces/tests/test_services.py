"""Writes of the workspaces app: a new workspace, members' roles, invitations, brands and segments.
The rules a user would run into: a workspace always keeps an owner, an invitation is used once,
unknown roles are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError

from touchpoints.workspaces import services
from touchpoints.workspaces.models import Invitation, Membership
from touchpoints.workspaces.roles import Role

pytestmark = pytest.mark.django_db


def test_a_new_workspace_has_its_creator_as_owner_and_an_own_brand() -> None:
    ann = User.objects.create_user("ann")
    first = services.workspace_create(name="  Dental clinic ", owner=ann, own_brand="Smile")
    second = services.workspace_create(name="Dental clinic", owner=ann)
    assert first.name == "Dental clinic" and first.slug != second.slug
    assert Membership.objects.get(workspace=first).role == Role.OWNER
    own = first.brands.get()
    assert own.is_own and own.name == "Smile"
    assert second.brands.get(is_own=True).name == "Dental clinic"


def test_a_workspace_named_in_russian_gets_an_address_with_its_name() -> None:
    """Its address spells the name in Latin letters, not "workspace"; Spanish names lose accents."""
    olga = User.objects.create_user("olga")
    assert services.workspace_create(name="Стоматология «Улыбка»", owner=olga).slug == "stomatologiia-ulybka"
    assert services.workspace_create(name="Щи и Ёжики, ООО", owner=olga).slug == "shchi-i-ezhiki-ooo"
    assert services.workspace_create(name="Clínica Sonrisa", owner=olga).slug == "clinica-sonrisa"
    assert services.workspace_create(name="«»", owner=olga).slug == "workspace"


def test_a_workspace_needs_a_name() -> None:
    with pytest.raises(ValidationError) as err:
        services.workspace_create(name="   ", owner=User.objects.create_user("ann"))
    assert "name" in err.value.message_dict


def test_the_last_owner_can_be_neither_demoted_nor_removed(world: Any) -> None:
    own = Membership.objects.get(workspace=world.workspace, user=world.users["owner"])
    with pytest.raises(ValidationError):
        services.membership_set_role(membership=own, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=own)
    own.refresh_from_db()
    assert own.role == Role.OWNER
    # With a second owner, the first may step down.
    editor = Membership.objects.get(workspace=world.workspace, user=world.users["editor"])
    services.membership_set_role(membership=editor, role=Role.OWNER)
    services.membership_set_role(membership=own, role=Role.VIEWER)
    assert Membership.objects.get(pk=own.pk).role == Role.VIEWER


def test_unknown_roles_are_refused(world: Any) -> None:
    viewer = Membership.objects.get(workspace=world.workspace, user=world.users["viewer"])
    with pytest.raises(ValidationError):
        services.membership_set_role(membership=viewer, role="admin")
    with pytest.raises(ValidationError):
        services.invitation_create(
            workspace=world.workspace, email="x@example.com", role="admin", invited_by=world.users["owner"]
        )
    assert not Invitation.objects.exists()


def test_an_invitation_is_mailed_and_accepted_once_with_its_role(world: Any) -> None:
    invitation = services.invitation_create(
        workspace=world.workspace, email=" New@Example.com ", role=Role.AUDITOR, invited_by=world.users["owner"]
    )
    assert invitation.email == "new@example.com"
    assert len(mail.outbox) == 1 and services.invitation_link(invitation) in str(mail.outbox[0].body)
    newbie = User.objects.create_user("newbie", "new@example.com")
    membership = services.invitation_accept(invitation=invitation, user=newbie)
    assert membership.role == Role.AUDITOR and membership.workspace == world.workspace
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=newbie)
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, sent_by=world.users["owner"])


def test_accepting_as_an_existing_member_keeps_their_role(world: Any) -> None:
    invitation = services.invitation_create(
        workspace=world.workspace, email="viewer@example.com", role=Role.EDITOR, invited_by=world.users["owner"]
    )
    membership = services.invitation_accept(invitation=invitation, user=world.users["viewer"])
    assert membership.role == Role.VIEWER
    assert Membership.objects.filter(workspace=world.workspace, user=world.users["viewer"]).count() == 1


def test_a_revoked_invitation_is_gone(world: Any) -> None:
    invitation = services.invitation_create(
        workspace=world.workspace, email="x@example.com", role=Role.VIEWER, invited_by=world.users["owner"]
    )
    services.invitation_revoke(invitation=invitation)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_brands_and_segments_are_created_updated_and_deleted(world: Any) -> None:
    ws = world.workspace
    brand = services.brand_create(workspace=ws, name="Third clinic")
    services.brand_update(brand=brand, name="Third dental clinic")
    assert ws.brands.filter(name="Third dental clinic", is_own=False).exists()
    services.brand_delete(brand=brand)
    assert not ws.brands.filter(pk=brand.pk).exists()
    segment = services.segment_create(workspace=ws, name="Students", share=10)
    services.segment_update(segment=segment, share=15)
    segment.refresh_from_db()
    assert segment.share == 15
    services.segment_delete(segment=segment)
    assert not ws.segments.filter(pk=segment.pk).exists()
