from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from touchpoints.workspaces.models import Workspace


class HistoryScope(models.Model):
    """Where an auditlog entry belongs: its workspace (for the workspace's history page) and the
    object whose page shows it (a presence's touchpoint, a step's journey, an answer's audit)."""

    entry = models.OneToOneField(LogEntry, on_delete=models.CASCADE, primary_key=True, related_name="scope")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    timestamp = models.DateTimeField()
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-timestamp"], name="history_ws_time"),
            models.Index(fields=["subject_type", "subject_id", "-timestamp"], name="history_subject_time"),
        ]
