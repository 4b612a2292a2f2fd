"""Workspace roles and what each may do. One place, used by views, the API and tests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    AUDITOR = "auditor", _("Auditor")
    VIEWER = "viewer", _("Viewer")


class Capability(models.TextChoices):
    READ = "read", _("Read")
    SCORE = "score", _("Score audits")
    EDIT = "edit", _("Edit")
    MANAGE = "manage", _("Manage members and settings")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset({Capability.READ, Capability.SCORE, Capability.EDIT, Capability.MANAGE}),
    Role.EDITOR: frozenset({Capability.READ, Capability.SCORE, Capability.EDIT}),
    Role.AUDITOR: frozenset({Capability.READ, Capability.SCORE}),
    Role.VIEWER: frozenset({Capability.READ}),
}


def role_can(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
