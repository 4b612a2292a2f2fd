"""Every classification axis of the method (SPEC step 2), each defined once.

A choice's value (stored, used in the API, the library files and imports), its translated label
and, where the UI colours it, its colour, live here and nowhere else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    BUSINESS = "business", _("Business as a whole")
    PRODUCT = "product", _("Product")
    SALE = "sale", _("Sale")
    PERSONNEL = "personnel", _("Personnel")


class Stage(models.TextChoices):
    """The five purchase stages, in order."""

    NEED = "need", _("Need awareness")
    SEARCH = "search", _("Information search")
    COMPARE = "compare", _("Comparison of options")
    DECISION = "decision", _("Purchase decision")
    AFTER = "after", _("After-purchase reaction")


class Phase(models.TextChoices):
    """The coarse before / during / after view, derived from the stages."""

    BEFORE = "before", _("Before purchase")
    DURING = "during", _("During purchase")
    AFTER = "after", _("After purchase")


STAGE_PHASE: dict[str, str] = {
    Stage.NEED: Phase.BEFORE,
    Stage.SEARCH: Phase.BEFORE,
    Stage.COMPARE: Phase.BEFORE,
    Stage.DECISION: Phase.DURING,
    Stage.AFTER: Phase.AFTER,
}


def phases_for(stages: list[str]) -> list[str]:
    """The coarse phases covered by a list of stages, in order, without repeats."""
    wanted = {STAGE_PHASE[s] for s in stages if s in STAGE_PHASE}
    return [p.value for p in Phase if p in wanted]


class MomentOfTruth(models.TextChoices):
    ZMOT = "zmot", _("Zero moment (introductory)")
    FMOT = "fmot", _("First moment (tangible)")
    SMOT = "smot", _("Second moment (supporting)")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    APP = "app", _("Mobile app")
    PHONE = "phone", _("Phone")
    MESSENGER = "messenger", _("Messenger / chat")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    SOCIAL = "social", _("Social media")
    SEARCH = "search", _("Search engines and maps")
    ADVERTISING = "advertising", _("Advertising")
    REVIEWS = "reviews", _("Review sites and ratings")
    MARKETPLACE = "marketplace", _("Marketplace")
    PRINT = "print", _("Print")
    OUTDOOR = "outdoor", _("Outdoor and signage")
    BROADCAST = "broadcast", _("TV and radio")
    PREMISES = "premises", _("Premises")
    PEOPLE = "people", _("People (staff)")
    PRODUCT = "product", _("Product and packaging")
    DOCUMENTS = "documents", _("Documents")
    POST = "post", _("Post and delivery")
    EVENTS = "events", _("Events")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


class Attention(models.TextChoices):
    SHORT = "short", _("Short (seconds)")
    LONG = "long", _("Long (minutes or more)")


class Lifetime(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    REPEATING = "repeating", _("Repeating")


class Sense(models.TextChoices):
    SIGHT = "sight", _("Sight")
    HEARING = "hearing", _("Hearing")
    SMELL = "smell", _("Smell")
    TASTE = "taste", _("Taste")
    TOUCH = "touch", _("Touch")


class Control(models.TextChoices):
    OWN = "own", _("Controlled by the business")
    PARTNER = "partner", _("Controlled by a partner")
    UNCONTROLLED = "uncontrolled", _("Uncontrolled")


class PresenceStatus(models.TextChoices):
    """Whether a brand has a touchpoint (the base of competitor comparison and gap finding)."""

    EXISTS = "exists", _("Exists")
    MISSING = "missing", _("Missing")
    PLANNED = "planned", _("Planned")
    UNKNOWN = "unknown", _("Unknown")


PRESENCE_COLORS: dict[str, str] = {
    PresenceStatus.EXISTS: "#2e7d32",
    PresenceStatus.MISSING: "#c62828",
    PresenceStatus.PLANNED: "#ef6c00",
    PresenceStatus.UNKNOWN: "#757575",
}

# Single-valued axes, by the model field that stores them; used by filters, imports, bulk edit.
SINGLE_AXES: dict[str, type[models.TextChoices]] = {
    "area": Area,
    "moment": MomentOfTruth,
    "mode": Mode,
    "channel": Channel,
    "attention": Attention,
    "lifetime": Lifetime,
    "control": Control,
}
# The axes a touchpoint needs before it counts as classified: the ones the coverage charts, the
# report and the home's "classify" step count by. The inventory's "unclassified" filter, the coverage
# aggregation and its pure reference all read this one list.
CLASSIFYING_FIELDS: tuple[str, ...] = ("stages", "area", "channel")
# Multi-valued axes.
MULTI_AXES: dict[str, type[models.TextChoices]] = {
    "stages": Stage,
    "senses": Sense,
}
