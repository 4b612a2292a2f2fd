"""The priorities app: market settings of the competitor benchmark, manual estimates of impact and
cost per touchpoint, and the top ten kept as versions (each save is a new version, never an
edit, so the history of the list is the list of versions)."""

from __future__ import annotations

from typing import TypeAlias

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.history import track
from touchpoints.lib.models import user_fk
from touchpoints.priorities import choices as c
from touchpoints.workspaces.models import Workspace

TOP_SIZE = 10

OneToFive: TypeAlias = "models.PositiveSmallIntegerField[int | None, int | None]"


class MarketSettings(models.Model):
    """What the user tells about the market: the inputs of "how much the comparison matters"."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="market_settings")
    company_size = models.CharField(_("company size"), max_length=10, choices=c.CompanySize.choices, blank=True)
    brand_strength = models.CharField(_("market position"), max_length=12, choices=c.BrandStrength.choices, blank=True)
    loyalty = models.CharField(_("customer loyalty"), max_length=10, choices=c.Loyalty.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("market settings")
        verbose_name_plural = _("market settings")

    def __str__(self) -> str:
        return f"{self.workspace}: {self.company_size}/{self.brand_strength}/{self.loyalty}"


def one_to_five(verbose_name: StrOrPromise, help_text: StrOrPromise) -> OneToFive:
    """A team's estimate on the 1–5 scale; empty until someone gives it."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=help_text,
    )


class Estimate(models.Model):
    """The team's manual estimates for one touchpoint: impact (1–5, with the reason) and cost
    (effort 1–5 and/or money)."""

    touchpoint = models.OneToOneField(
        Touchpoint, on_delete=models.CASCADE, related_name="priority_estimate", verbose_name=_("touchpoint")
    )
    impact = one_to_five(
        _("impact, 1–5"), _("How much this touchpoint moves the customer's decision: 1 hardly, 5 decisively.")
    )
    impact_reason = models.CharField(_("why this impact"), max_length=500, blank=True)
    effort = one_to_five(_("effort, 1–5"), _("What fixing it takes: 1 a quick fix, 5 a large project."))
    cost = models.DecimalField(
        _("cost estimate"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cost_note = models.CharField(_("cost note"), max_length=300, blank=True)
    updated_by = user_fk()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("priority estimate")
        verbose_name_plural = _("priority estimates")

    def __str__(self) -> str:
        """The touchpoint's name: the history of changes keeps this text, written once and read in
        any language, and lists the impact, effort and cost as the entry's changes."""
        return str(self.touchpoint)


class TopTenVersion(models.Model):
    """One saved state of a workspace's top ten; the newest is the current list."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="top_ten_versions")
    author = user_fk(verbose_name=_("author"))
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]
        verbose_name = _("top ten version")
        verbose_name_plural = _("top ten versions")

    def __str__(self) -> str:
        """2026-11-30 09:26: a version is known by when it was saved (as the top ten's history
        page lists them), written the same way in every language."""
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}" if self.created_at else ""


class TopTenPlace(models.Model):
    version = models.ForeignKey(
        TopTenVersion, on_delete=models.CASCADE, related_name="places", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(TOP_SIZE)]
    )
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="+", verbose_name=_("touchpoint"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="top_ten_position_unique"),
            models.UniqueConstraint(fields=["version", "touchpoint"], name="top_ten_touchpoint_unique"),
        ]
        verbose_name = _("top ten place")
        verbose_name_plural = _("top ten places")

    def __str__(self) -> str:
        """3. Phone line: the place as the history of changes names it."""
        return f"{self.position}. {self.touchpoint.name}"


def track_history() -> None:
    """Who changed the estimates and the top ten, when (shown on the touchpoint's page, the top ten
    page and the workspace's history page). The top ten's versions and places belong to the
    workspace's top ten, so their subject is the workspace."""
    track(
        Estimate,
        workspace=lambda e: e.touchpoint.workspace_id,
        subject=lambda e: e.touchpoint,
        exclude=("updated_by",),
    )
    track(TopTenVersion, workspace=lambda v: v.workspace_id, subject=lambda v: v.workspace)
    track(TopTenPlace, workspace=lambda p: p.version.workspace_id, subject=lambda p: p.version.workspace)
