"""Reads of the workspaces app: a user sees their own workspaces and the invitations sent to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from touchpoints.workspaces import selectors, services
from touchpoints.workspaces.roles import Role

pytestmark = pytest.mark.django_db


def test_a_user_lists_only_the_workspaces_they_belong_to(world: Any) -> None:
    mine = [m.workspace.slug for m in selectors.workspace_list_for_user(user=world.users["viewer"])]
    assert mine == [world.slug]
    theirs = [m.workspace.slug for m in selectors.workspace_list_for_user(user=world.users["outsider"])]
    assert theirs == [world.other.slug]


def test_members_are_listed_by_name(world: Any) -> None:
    names = [m.user.username for m in selectors.member_list(workspace=world.workspace)]
    assert names == sorted(["owner", "editor", "auditor", "viewer"])


def test_pending_invitations_are_those_to_my_address_not_used_and_not_mine_already(world: Any) -> None:
    owner = world.users["owner"]
    newbie = User.objects.create_user("newbie", "New@Example.com")
    services.invitation_create(workspace=world.workspace, email="new@example.com", role=Role.VIEWER, invited_by=owner)
    services.invitation_create(workspace=world.workspace, email="else@example.com", role=Role.VIEWER, invited_by=owner)
    assert [i.workspace for i in selectors.pending_invitations_for_user(user=newbie)] == [world.workspace]
    used = selectors.pending_invitations_for_user(user=newbie).get()
    services.invitation_accept(invitation=used, user=newbie)
    assert not selectors.pending_invitations_for_user(user=newbie).exists()
    assert not selectors.pending_invitations_for_user(user=User.objects.create_user("no-address")).exists()
