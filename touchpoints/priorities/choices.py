"""Choices of the priorities app, each defined once (value, translated label, colour)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanySize(models.TextChoices):
    MICRO = "micro", _("Micro (up to 10 people)")
    SMALL = "small", _("Small (10–50 people)")
    MEDIUM = "medium", _("Medium (50–250 people)")
    LARGE = "large", _("Large (over 250 people)")


class BrandStrength(models.TextChoices):
    """The market position of the own brand: how well customers know it without comparing."""

    NEWCOMER = "newcomer", _("Newcomer, little known")
    FOLLOWER = "follower", _("One of many")
    CHALLENGER = "challenger", _("Well known challenger")
    LEADER = "leader", _("Market leader, strong brand")


class Loyalty(models.TextChoices):
    LOW = "low", _("Low: customers switch easily")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High: customers stay with us")


class Quadrant(models.TextChoices):
    """Impact–performance matrix quadrants."""

    FIX_FIRST = "fix_first", _("Fix first")
    KEEP = "keep", _("Keep up the good work")
    WATCH = "watch", _("Watch")
    DONT_OVERSPEND = "dont_overspend", _("Don't overspend")


QUADRANT_COLORS: dict[str, str] = {
    Quadrant.FIX_FIRST: "#D55E00",
    Quadrant.KEEP: "#009E73",
    Quadrant.WATCH: "#E69F00",
    Quadrant.DONT_OVERSPEND: "#0072B2",
}


class Factor(models.TextChoices):
    """The three factors of a priority."""

    EXPERIENCE = "experience", _("Poor experience")
    IMPACT = "impact", _("Impact")
    COST = "cost", _("Cost-effectiveness")
