"""Choices of the feedback app: study status, languages offered to respondents, answer scales."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class StudyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("study status", "Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", pgettext_lazy("study status", "Closed")


class Language(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Русский"
    ES = "es", "Español"


class AlertKind(models.TextChoices):
    """What a member is e-mailed about: answers about the study's own brands only."""

    NONE = "", _("No e-mails")
    NEGATIVE = "negative", _("Negative answers about our brand")
    COMMENTS = "comments", _("Every comment about our brand")


class CustomerType(models.TextChoices):
    NEW = "new", _("New customer")
    RETURNING = "returning", _("Returning customer")


POSITIVITY_MIN, POSITIVITY_MAX = -2, 2
FACES = [  # value, key (the face's picture and colour on the answer page)
    (-2, "very_negative"),
    (-1, "negative"),
    (0, "neutral"),
    (1, "positive"),
    (2, "very_positive"),
]


def face_labels() -> dict[int, str]:
    """The words under the five faces, by value: what the customer chose, in their words."""
    return {
        -2: gettext("Very bad"),
        -1: gettext("Bad"),
        0: gettext("So-so"),
        1: gettext("Good"),
        2: gettext("Very good"),
    }


LIKELIHOOD_MIN, LIKELIHOOD_MAX = 0, 10
COMMENT_MAX_LENGTH = 2000


class Sentiment(models.TextChoices):
    """How an answer's positivity reads: neutral counts as a failure to impress."""

    POSITIVE = "positive", pgettext_lazy("customer answer", "Positive")
    NEUTRAL = "neutral", pgettext_lazy("customer answer", "Neutral")
    NEGATIVE = "negative", pgettext_lazy("customer answer", "Negative")


def sentiment_of(positivity: int) -> str:
    if positivity > 0:
        return Sentiment.POSITIVE
    if positivity < 0:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL
