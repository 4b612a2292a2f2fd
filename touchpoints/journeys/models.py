"""Chains of touchpoints (SPEC step 3): a journey per business process or motivating task, per
segment and per brand (the own path, or a competitor's walked for comparison)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.inventory.choices import Stage
from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys.choices import EXPERIENCE_MAX, EXPERIENCE_MIN, Experience
from touchpoints.lib.models import Authored, Named, OptionalFK, optional_fk, user_fk
from touchpoints.lib.tokens import ShareLink as BaseShareLink
from touchpoints.workspaces.models import Brand, Segment, Workspace

if TYPE_CHECKING:
    from touchpoints.library.models import JourneyTemplate


class Journey(Named, Authored):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="journeys")
    process = models.CharField(
        _("business process or motivating task"),
        max_length=200,
        blank=True,
        help_text=_("What the customer wants done: get information, book a service, solve a problem…"),
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.CASCADE,
        related_name="journeys",
        verbose_name=_("brand"),
        help_text=_("Whose path this is: your own, or a competitor's walked for comparison."),
    )
    segments = models.ManyToManyField(Segment, blank=True, related_name="journeys", verbose_name=_("segments"))
    description = models.TextField(_("description"), blank=True)
    # The member who keeps the map up to date (a map nobody owns dies after the workshop).
    owner = user_fk(related_name="owned_journeys", verbose_name=_("owner"), blank=True)
    next_journey: OptionalFK[Journey] = optional_fk(
        "self",
        related_name="previous_journeys",
        verbose_name=_("next journey"),
        help_text=_("The chain the final chord should start."),
    )
    template: OptionalFK[JourneyTemplate] = optional_fk(
        "library.JourneyTemplate", verbose_name=_("created from template")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["process", "name", "id"]
        indexes = [models.Index(fields=["workspace", "process"])]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")


class JourneyStep(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps", verbose_name=_("journey"))
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, related_name="journey_steps", verbose_name=_("touchpoint")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    stage = models.CharField(_("purchase stage"), max_length=10, choices=Stage.choices)
    expected = models.SmallIntegerField(
        _("expected experience"),
        choices=Experience.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(EXPERIENCE_MIN), MaxValueValidator(EXPERIENCE_MAX)],
        help_text=_("From −2 (very negative) to +2 (delightful); empty while nobody has judged it."),
    )
    note = models.TextField(_("note"), blank=True)
    is_final_chord = models.BooleanField(
        _("final chord"),
        default=False,
        help_text=_("The bright last interaction of the chain, which should start a new one."),
    )

    class Meta:
        ordering = ["journey", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(is_final_chord=True), name="journey_one_final_chord"
            ),
            models.CheckConstraint(
                condition=models.Q(expected__gte=EXPERIENCE_MIN, expected__lte=EXPERIENCE_MAX)
                | models.Q(expected__isnull=True),
                name="journey_step_expected_range",
            ),
        ]
        verbose_name = _("journey step")
        verbose_name_plural = _("journey steps")

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.touchpoint}"


class ShareLink(BaseShareLink):
    """A journey's map shown read-only to anyone holding the link (``lib.tokens.ShareLink``): the
    map, the weak links and the steps, nothing else of the workspace."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="share_links")
