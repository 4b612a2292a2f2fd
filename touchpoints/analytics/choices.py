"""Choice lists of journey analytics, each defined once with translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from touchpoints.analytics.engine.io import ALL_FIELDS
from touchpoints.analytics.engine.io import REQUIRED_FIELDS as ENGINE_REQUIRED_FIELDS


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


STATUS_COLORS: dict[str, str] = {
    RunStatus.QUEUED: "#667085",
    RunStatus.RUNNING: "#1565c0",
    RunStatus.DONE: "#2e7d32",
    RunStatus.FAILED: "#c62828",
    RunStatus.CANCELLED: "#475467",
}


class LogFormat(models.TextChoices):
    CSV = "csv", "CSV"
    PARQUET = "parquet", "Parquet"
    JSONL = "jsonl", "JSON Lines"


class EngineChoice(models.TextChoices):
    DUCKDB = "duckdb", _("Embedded (DuckDB)")
    SPARK = "spark", _("Apache Spark")


# The log's fields are the engine's (engine.io.ALL_FIELDS, REQUIRED_FIELDS); here only their
# labels in the reader's language, keyed by the engine's names.
FIELD_LABELS = {
    "customer": _("Customer or journey id"),
    "timestamp": _("Timestamp"),
    "touchpoint": _("Touchpoint or channel"),
    "conversion": _("Conversion flag"),
    "value": _("Conversion value"),
    "segment": pgettext_lazy("log field", "Segment"),
}
LOG_FIELDS = tuple((name, FIELD_LABELS[name]) for name in ALL_FIELDS)
REQUIRED_FIELDS = ENGINE_REQUIRED_FIELDS


# Attribution models: the engine's keys with labels in the reader's language. Markov keys are
# markov_1..markov_3 and are labelled from MARKOV_LABEL.
MODEL_LABELS = {
    "first_touch": _("First touch"),
    "last_touch": _("Last touch"),
    "linear": _("Linear"),
    "time_decay": _("Time decay"),
    "position_based": _("Position based 40/20/40"),
    "shapley": _("Shapley value"),
    "shapley_incremental": _("Shapley value (incremental)"),
    "counterfactual": _("Counterfactual (logistic model)"),
}
MARKOV_LABEL = _("Markov, order %(k)s")

MODEL_DEFINITIONS = {
    "first_touch": _("All the credit for a conversion goes to the journey's first touch."),
    "last_touch": _("All the credit goes to the journey's last touch, the one that converted."),
    "linear": _("Every touch of the journey gets an equal share; a channel touched twice gets two shares."),
    "time_decay": _(
        "Touches closer to the conversion get more credit: the weight halves every half-life before the conversion."
    ),
    "position_based": _("40% to the first touch, 40% to the last, 20% spread over the touches between."),
    "markov": _(
        "Removal effect in the absorbing Markov chain of order %(k)s: how much the probability of "
        "converting drops when the channel is taken out, solved exactly, then shared out over the "
        "conversions."
    ),
    "shapley": _(
        "Shapley value of the coalition game where a set of channels earns the conversions of the "
        "journeys that used only those channels."
    ),
    "shapley_incremental": _(
        "Shapley value of the conversion rate of journeys within a set of channels: "
        "what each channel adds to the rate; negative values count as zero."
    ),
    "counterfactual": _(
        "Expected conversions lost if the channel were removed from every journey, from a logistic "
        "model of converting on the channels a journey touched; the positive losses are shared out."
    ),
}

# Time-to-conversion histogram buckets as the engine names them.
TIME_BUCKET_LABELS = {
    "under 1 hour": _("under 1 hour"),
    "1 hour to 1 day": _("1 hour to 1 day"),
    "1 to 7 days": _("1 to 7 days"),
    "7 to 30 days": _("7 to 30 days"),
    "30 days or more": _("30 days or more"),
}

MATCHED_BY_LABELS = {
    "code": _("by code"),
    "name": _("by name"),
    "added": _("added from this log"),
}


def model_label(key: str) -> str:
    if key.startswith("markov_") and key[7:].isdigit():
        return str(MARKOV_LABEL % {"k": key[7:]})
    return str(MODEL_LABELS.get(key, key))


def model_definition(key: str) -> str:
    if key.startswith("markov_") and key[7:].isdigit():
        return str(MODEL_DEFINITIONS["markov"] % {"k": key[7:]})
    return str(MODEL_DEFINITIONS.get(key, ""))
