"""Choice lists of the journeys app: expected experience, weak-link codes and severities, map lanes.

Each choice's stored value, translated label and (where the UI colours it) colour live here only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Experience(models.IntegerChoices):
    """The expected experience of a step, −2…+2 (the emotion scale journey mappers use)."""

    AWFUL = -2, _("−2 very negative")
    BAD = -1, _("−1 negative")
    NEUTRAL = 0, _("0 neutral")
    GOOD = 1, _("+1 positive")
    GREAT = 2, _("+2 delightful")


EXPERIENCE_MIN, EXPERIENCE_MAX = -2, 2


class Severity(models.TextChoices):
    HIGH = "high", _("Breaks the chain")
    MEDIUM = "medium", _("Weak link")
    LOW = "low", _("Hint")


SEVERITY_ORDER: dict[str, int] = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
SEVERITY_COLORS: dict[str, str] = {Severity.HIGH: "#c62828", Severity.MEDIUM: "#ef6c00", Severity.LOW: "#1565c0"}


class WeakLinkCode(models.TextChoices):
    EMPTY_CHAIN = "empty_chain", _("No steps")
    TOUCHPOINT_MISSING = "touchpoint_missing", _("The brand lacks this touchpoint")
    TOUCHPOINT_PLANNED = "touchpoint_planned", _("Touchpoint only planned")
    PRESENCE_UNKNOWN = "presence_unknown", _("Not known whether the brand has it")
    NEGATIVE = "negative", _("Negative step")
    NEUTRAL = "neutral", _("Neutral step")
    UNSCORED = "unscored", _("Unscored step")
    NOT_AUDITED = "not_audited", _("Not audited")
    NO_OWNER = "no_owner", _("No owner")
    EMPTY_STAGE = "empty_stage", _("Stage with no step")
    NO_FINAL_CHORD = "no_final_chord", _("No final chord")
    FINAL_CHORD_NOT_LAST = "final_chord_not_last", _("Final chord is not the last step")
    FINAL_CHORD_NO_NEXT = "final_chord_no_next", _("Final chord starts no new chain")
    MERGE_CHANNEL = "merge_channel", _("Same channel twice in a row")
    MERGE_OWNER = "merge_owner", _("Same owner twice in a row")
    CHANNEL_RETURN = "channel_return", _("Back to a channel already used")


class Lane(models.TextChoices):
    """How the map groups cards into rows."""

    CHANNEL = "channel", _("Channel")
    MODE = "mode", _("Online / offline")
    OWNER = "owner", _("Owner")


class Verdict(models.TextChoices):
    """One row of a chain comparison, from the first journey's side."""

    ONLY_FIRST = "only_first", _("Only in this chain")
    ONLY_SECOND = "only_second", _("Only in the other chain")
    BETTER = "better", _("Better")
    WORSE = "worse", _("Worse")
    SAME = "same", _("Same")
    UNKNOWN = "unknown", _("Not comparable")
