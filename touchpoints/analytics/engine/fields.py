"""The fields of an interaction log, one record a field: the one definition the readers, their
messages, the web app, the API and the command line derive theirs from (``io`` names the lists they
use)."""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Text, gettext_noop


@dataclass(frozen=True)
class LogField:
    name: str
    required: bool
    description: str  # what it holds, in a few words (help texts, the API's description)
    label: Text  # its name in the messages about a log
    # The typed column each reader makes of the field, and what is wrong with a value that is NULL
    # there (a faulty value); None for a field kept as the text it is.
    typed_column: str | None = None
    problem: Text | None = None


LOG_FIELDS: tuple[LogField, ...] = (
    LogField(
        "customer",
        required=True,
        description="customer or journey id",
        label=Text(gettext_noop("customer")),
        typed_column="cust",
        problem=Text(gettext_noop("is empty (every row needs a customer or journey id)")),
    ),
    LogField(
        "timestamp",
        required=True,
        description="timestamp",
        label=Text(gettext_noop("timestamp")),
        typed_column="ts_us",
        problem=Text(gettext_noop("is not a timestamp (use ISO 8601 such as 2024-05-01 13:45:00, or epoch seconds)")),
    ),
    LogField(
        "touchpoint",
        required=True,
        description="touchpoint or channel",
        label=Text(gettext_noop("touchpoint")),
        typed_column="ch",
        problem=Text(gettext_noop("is empty (every row needs a touchpoint or channel)")),
    ),
    LogField(
        "conversion",
        required=True,
        description="conversion flag",
        label=Text(gettext_noop("conversion")),
        typed_column="conv",
        problem=Text(gettext_noop("is not a conversion flag (use 1/0, true/false or yes/no)")),
    ),
    LogField(
        "value",
        required=False,
        description="conversion value",
        label=Text(gettext_noop("value")),
        typed_column="val",
        problem=Text(gettext_noop("is not a number")),
    ),
    LogField("segment", required=False, description="segment", label=Text(gettext_noop("segment"))),
)
BY_NAME: dict[str, LogField] = {f.name: f for f in LOG_FIELDS}


def field_label(name: str) -> str:
    """How messages name the field ``name`` (the name itself when it is not a field)."""
    field = BY_NAME.get(name)
    return field.label if field else name
