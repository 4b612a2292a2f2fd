from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = ("en", "ru", "es")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    BOTH = "both", _("Email and SMS")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Sending")
    PAUSED = "paused", _("Paused")


class Language(models.TextChoices):
    EN = "en", _("English")
    RU = "ru", _("Russian")
    ES = "es", _("Spanish")


class Delivery(models.TextChoices):
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", pgettext_lazy("messages", "Delivered")
    FAILED = "failed", pgettext_lazy("messages", "Failed")


DETRACTOR_MAX = 6  # "would recommend" 0–6: an unhappy customer, as NPS counts detractors
PROMOTER_MIN = 9  # 9–10: a promoter


class AlertKind(models.TextChoices):
    """What a member is e-mailed about on a campaign."""

    NONE = "", _("No e-mails")
    UNHAPPY = "unhappy", _("Unhappy answers (would recommend 0–6)")
    WORDS = "words", _("Every answer with words")
