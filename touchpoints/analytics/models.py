"""Analyses of interaction logs kept with the workspace (SPEC steps 3 and 6 measured from data).

An :class:`AnalysisRun` is one analysis of one log: the source, the column mapping, the options
and filters, its progress while it runs and the engine's whole result (the JSON shape of
docs/analytics.md) when done. The result is the one place the attribution of every model per
channel is kept, with the channels' matching to the inventory's touchpoints; other parts of the
product read it through ``selectors.attribution_rows`` and ``selectors.latest_attribution``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.analytics.choices import STATUS_COLORS as RUN_COLORS
from touchpoints.analytics.choices import EngineChoice, LogFormat, RunStatus
from touchpoints.lib.jobs import LeasedJob
from touchpoints.lib.models import Named, OptionalFK, StatusColored, optional_fk, user_fk
from touchpoints.workspaces.models import Workspace


class AnalysisRun(StatusColored, Named, LeasedJob):
    """A run is a leased job (touchpoints.lib.jobs): the worker beats ``heartbeat_at`` while it
    analyses; a run whose worker died is marked failed (on read and by the worker's sweep)."""

    STATUS_COLORS = RUN_COLORS

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="analysis_runs")
    created_by = user_fk(blank=True)
    source_name = models.CharField(_("log file"), max_length=255)
    source_format = models.CharField(_("format"), max_length=10, choices=LogFormat.choices, blank=True)
    source_size = models.BigIntegerField(_("size, bytes"), null=True, blank=True)
    source_rows = models.BigIntegerField(_("rows"), null=True, blank=True)
    columns = models.JSONField(_("column mapping"), default=dict)
    engine = models.CharField(_("engine"), max_length=20, choices=EngineChoice.choices, default=EngineChoice.DUCKDB)
    options = models.JSONField(_("options"), default=dict)
    filters = models.JSONField(_("filters"), default=dict)
    segment_values = models.JSONField(_("segments in the log"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.TextField(_("progress"), blank=True)
    # The language of the person who started the run: its progress and errors are written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The engine's whole result: the one place a run's attribution and matching are kept.
    result: models.JSONField[Any, Any] = models.JSONField(_("result"), null=True, blank=True)
    # Headline figures, copied from the result so that lists need not read it.
    journeys = models.BigIntegerField(_("journeys"), null=True, blank=True)
    conversions = models.BigIntegerField(_("conversions"), null=True, blank=True)
    channel_count = models.IntegerField(_("channels"), null=True, blank=True)
    # The uploaded log, kept (under settings.ANALYTICS_DATA_DIR) so that the run can be repeated
    # with other filters; empty for results stored from the command line.
    log_file = models.CharField(max_length=255, blank=True)
    rerun_of: OptionalFK[AnalysisRun] = optional_fk("self", related_name="reruns", verbose_name=_("repeat of"))
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status", "-finished_at"])]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")

    @property
    def can_retry(self) -> bool:
        """A failed or cancelled run whose log is still kept can run again."""
        from touchpoints.analytics.uploads import kept_path

        return self.status in (RunStatus.FAILED, RunStatus.CANCELLED) and kept_path(self.log_file) is not None

    @property
    def conversion_rate(self) -> float | None:
        if self.journeys:
            return (self.conversions or 0) / self.journeys
        return None

    @property
    def progress_lines(self) -> list[str]:
        return [line for line in self.progress.splitlines() if line.strip()]

    @property
    def has_filters(self) -> bool:
        f = self.filters or {}
        return bool(f.get("segments") or f.get("since") or f.get("until"))
