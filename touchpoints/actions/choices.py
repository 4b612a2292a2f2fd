"""Choice lists of the action plan, each defined once with its translated label and colour."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("action status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")
    DROPPED = "dropped", pgettext_lazy("action status", "Dropped")


STATUS_COLORS: dict[str, str] = {
    Status.PLANNED: "#667085",
    Status.IN_PROGRESS: "#1565c0",
    Status.DONE: "#2e7d32",
    Status.DROPPED: "#5d4037",
}

# Statuses of an action still to be carried out: they can be overdue and are reminded of.
OPEN = (Status.PLANNED, Status.IN_PROGRESS)


class Event(models.TextChoices):
    """What a webhook is told about."""

    CREATED = "action.created", _("Action created")
    UPDATED = "action.updated", _("Action changed")
    STATUS = "action.status_changed", _("Action status changed")
    COMMENTED = "action.commented", _("Comment on an action")
    DELETED = "action.deleted", _("Action deleted")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RETRYING = "retrying", _("Will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")
    REFUSED = "refused", _("Refused address")


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminder")
    DIGEST = "digest", _("Weekly digest")


class FeedScope(models.TextChoices):
    WORKSPACE = "workspace", _("Every action of the workspace")
    PERSON = "person", _("My actions only")
