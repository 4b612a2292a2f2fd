"""Choice lists of the audit app, each defined once with its translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    """The three scales of [P0]. Their mapping to 0–100 lives in ``audits.scales``."""

    POINTS = "points", _("Points 1–10")
    PERCENT = "percent", _("Percent 1–100")
    WORDS = "words", _("Words (awful … ideal)")


class Word(models.TextChoices):
    """The word scale, worst to best."""

    AWFUL = "awful", _("awful")
    BAD = "bad", _("bad")
    NORMAL = "normal", _("normal")
    EXCELLENT = "excellent", _("excellent")
    IDEAL = "ideal", _("ideal")


class Method(models.TextChoices):
    """Who walks the customer's path ([P1])."""

    SELF = "self", _("Self-walkthrough")
    THIRD_PARTY = "third_party", _("Third party")
    MYSTERY_SHOPPER = "mystery_shopper", _("Mystery shopper")
    COMPETITOR_WALK = "competitor_walk", _("Competitor walk")


class ScopeKind(models.TextChoices):
    ALL = "all", _("All touchpoints the brand has")
    SELECTION = "selection", _("A selection of touchpoints")
    JOURNEY = "journey", _("A journey's steps, in order")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    CLOSED = "closed", _("Closed")


STATUS_COLORS: dict[str, str] = {
    Status.DRAFT: "#667085",
    Status.IN_PROGRESS: "#1565c0",
    Status.SUBMITTED: "#b54708",
    Status.CLOSED: "#2e7d32",
}

# Statuses whose answers are final: they count as "the last audit" and feed comparisons.
FINISHED = (Status.SUBMITTED, Status.CLOSED)


class Impression(models.TextChoices):
    """The overall impression ([P0]): neutral is a failure to impress, not a pass."""

    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Change(models.TextChoices):
    """A touchpoint's score in this audit compared with another one."""

    IMPROVED = "improved", _("Improved")
    WORSE = "worse", _("Got worse")
    UNCHANGED = "unchanged", _("Unchanged")
    NEW = "new", _("New in this audit")
    DROPPED = "dropped", _("Not scored this time")
