from django.db import models
from django.utils.translation import gettext_lazy as _


class ImpactSource(models.TextChoices):
    SURVEY = "survey", _("Survey key drivers")
    LOGS = "logs", _("Log attribution")
    MANUAL = "manual", _("Manual estimate")


# When the preferred source has no figure for a touchpoint, the others are tried in this order.
FALLBACK_ORDER = (ImpactSource.SURVEY, ImpactSource.LOGS, ImpactSource.MANUAL)

UNIT_LABELS = {
    "likelihood_per_step": _("likelihood points per step"),
    "conversions_lost": _("conversions lost without it"),
}
