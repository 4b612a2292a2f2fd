from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.models import Named, user_fk
from touchpoints.workspaces.roles import Role, role_can


class Workspace(Named):
    """One business being audited (an agency has one per client)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")]
        ordering = ["workspace__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"

    def can(self, capability: str) -> bool:
        return role_can(self.role, capability)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.workspace}"


class Brand(Named):
    """The workspace's own brand(s) and its competitors."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="brands")
    is_own = models.BooleanField(_("own brand"), default=False)
    website = models.URLField(_("website"), blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#1565c0")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-is_own", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="brand_name_unique")]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")


class CustomerType(models.TextChoices):
    NEW = "new", _("New customers")
    RETURNING = "returning", _("Returning customers")
    MIXED = "mixed", _("New and returning")


class Segment(Named):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="segments")
    description = models.TextField(_("description"), blank=True)
    share = models.DecimalField(
        _("share of customers, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    customer_type = models.CharField(
        _("new or returning"), max_length=20, choices=CustomerType.choices, default=CustomerType.MIXED
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="segment_name_unique")]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
