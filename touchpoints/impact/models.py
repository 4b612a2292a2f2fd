"""Impact on choice: one figure per touchpoint, from survey key drivers, log attribution or a
person's estimate (docs/impact.md).

Each computation writes one :class:`ImpactEstimate` per touchpoint and marks the previous ones of
the same source (and segment) as not current; a manual estimate replaces the previous manual
estimate of its touchpoint. Readers use the current ones (``selectors.touchpoint_impacts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.impact.choices import ImpactSource
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.models import OptionalFK, optional_fk, user_fk
from touchpoints.workspaces.models import Workspace

if TYPE_CHECKING:
    from touchpoints.analytics.models import AnalysisRun
    from touchpoints.feedback.models import Study


class ImpactEstimate(models.Model):
    UNIT_MAX_LENGTH = 60
    REASON_MAX_LENGTH = 2000  # a TextField's max_length binds only forms: the API's schema repeats it

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="impact_estimates")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, related_name="impact_estimates", verbose_name=_("touchpoint")
    )
    source = models.CharField(_("source"), max_length=10, choices=ImpactSource.choices)
    segment = models.CharField(_("segment"), max_length=200, blank=True)  # survey only; empty = all answers
    # None: not enough data for this touchpoint (the survey says "not enough answers")
    value = models.FloatField(_("impact"), null=True, blank=True)
    low = models.FloatField(_("lower bound"), null=True, blank=True)
    high = models.FloatField(_("upper bound"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=UNIT_MAX_LENGTH)
    details = models.JSONField(default=dict, blank=True)  # answers, importance, what-if figures
    current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    study: OptionalFK[Study] = optional_fk("feedback.Study", verbose_name=_("study"))
    run: OptionalFK[AnalysisRun] = optional_fk("analytics.AnalysisRun", verbose_name=_("analysis run"))
    author = user_fk(verbose_name=_("author"), blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["workspace", "current", "source"])]
        verbose_name = _("impact estimate")
        verbose_name_plural = _("impact estimates")

    def __str__(self) -> str:
        return f"{self.touchpoint_id} {self.source}: {self.value}"


class ImpactSettings(models.Model):
    """Which source counts for a workspace when a touchpoint has figures from several."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="impact_settings")
    source = models.CharField(
        _("source that counts"), max_length=10, choices=ImpactSource.choices, default=ImpactSource.SURVEY
    )

    class Meta:
        verbose_name = _("impact settings")
        verbose_name_plural = _("impact settings")

    def __str__(self) -> str:
        return f"{self.workspace_id}: {self.source}"
