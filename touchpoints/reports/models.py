"""Audit reports (the method's last step): a dated snapshot of a workspace — or of one audit —
rendered once as HTML, PDF and XLSX, with the data it was made from (JSON). The files are kept
as written: a report is a document of its date, and later changes to the workspace never alter
it. A report can be shared read-only through a secret link that expires and can be revoked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from touchpoints.lib.jobs import LeasedJob
from touchpoints.lib.models import OptionalFK, optional_fk, user_fk
from touchpoints.lib.tokens import ShareLink as BaseShareLink
from touchpoints.reports import choices as c
from touchpoints.workspaces.models import Workspace

if TYPE_CHECKING:
    from touchpoints.audits.models import Audit


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.workspace_id}/{instance.pk}/{filename}"


class Report(LeasedJob):
    """A report is a leased job (touchpoints.lib.jobs): the worker beats ``heartbeat_at`` while it
    generates; a running report whose worker died is marked failed on read and by the sweep."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="reports")
    # A report of one audit; empty for the whole workspace. The audit's name is kept, as the
    # report outlives the audit.
    audit: OptionalFK[Audit] = optional_fk("audits.Audit", verbose_name=_("audit"))
    audit_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=c.Language.choices, default=c.Language.EN)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=c.Status.choices, default=c.Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    progress = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # The moment the data was read: the report's date.
    as_of = models.DateTimeField(_("as of"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    html = models.FileField(upload_to=report_path, max_length=300, blank=True)
    pdf = models.FileField(upload_to=report_path, max_length=300, blank=True)
    xlsx = models.FileField(upload_to=report_path, max_length=300, blank=True)
    data = models.FileField(upload_to=report_path, max_length=300, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # Headline figures for the list of reports (copied from the data).
    headline = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.title

    def file(self, fmt: str) -> models.fields.files.FieldFile:
        return getattr(self, "data" if fmt == "json" else fmt)


class ShareLink(BaseShareLink):
    """A report shown read-only to anyone holding the link (``lib.tokens.ShareLink``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="share_links")
