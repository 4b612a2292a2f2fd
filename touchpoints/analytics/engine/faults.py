"""What a reader says about a bad log: the words for each field and fault, shared by both engines.

Every fault is a :class:`~.errors.LogError` naming the column and, for a faulty value, the first
rows at fault (1-based data rows; for CSV also the line of the file).
"""

from __future__ import annotations

from .errors import LogError
from .messages import Text, gettext_noop

# The typed column each reader makes of a field; a NULL there is a faulty value of the field.
TYPED_COLUMNS: dict[str, str] = {
    "customer": "cust",
    "timestamp": "ts_us",
    "touchpoint": "ch",
    "conversion": "conv",
    "value": "val",
}

# What is wrong with a faulty value, per field.
FAULT_PROBLEMS: dict[str, Text] = {
    "customer": Text(gettext_noop("is empty (every row needs a customer or journey id)")),
    "timestamp": Text(gettext_noop("is not a timestamp (use ISO 8601 such as 2024-05-01 13:45:00, or epoch seconds)")),
    "touchpoint": Text(gettext_noop("is empty (every row needs a touchpoint or channel)")),
    "conversion": Text(gettext_noop("is not a conversion flag (use 1/0, true/false or yes/no)")),
    "value": Text(gettext_noop("is not a number")),
}
FIELD_NAMES: dict[str, Text] = {
    "customer": Text(gettext_noop("customer")),
    "timestamp": Text(gettext_noop("timestamp")),
    "touchpoint": Text(gettext_noop("touchpoint")),
    "conversion": Text(gettext_noop("conversion")),
    "value": Text(gettext_noop("value")),
    "segment": Text(gettext_noop("segment")),
}
EMPTY_FILE = Text(gettext_noop("the log is empty: the file has no rows"))


def missing_file(path: str) -> Text:
    return Text(gettext_noop("log file %(path)r does not exist"), path=path)


def unreadable(name: str, fmt: str, reason: str) -> Text:
    return Text(gettext_noop("cannot read %(name)r as %(format)s: %(reason)s"), name=name, format=fmt, reason=reason)


def no_rows(name: str) -> Text:
    return Text(gettext_noop("the log is empty: %(name)r has no data rows"), name=name)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (a reader's error can run to pages)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def fault_error(*, numbers: list[int], bad: int, column: str, field_name: str, value: object, csv: bool) -> LogError:
    """The error for ``bad`` faulty values of ``field_name``, the first at rows ``numbers``:
    ``row 7 (line 8 of the file): column 'ts' (timestamp) value 'x' is not a timestamp ...``"""
    first = numbers[0]
    where = (
        Text(gettext_noop("row %(row)s (line %(line)s of the file)"), row=first, line=first + 1)
        if csv
        else Text(gettext_noop("row %(row)s"), row=first)
    )
    others = (
        ""
        if bad == 1
        else Text(
            gettext_noop("; %(count)s rows in all, the first at rows %(rows)s"),
            count=bad,
            rows=", ".join(map(str, numbers)),
        )
    )
    message = Text(
        gettext_noop("%(where)s: column %(column)r (%(field)s) value %(value)r %(problem)s%(others)s"),
        where=where,
        column=column,
        field=FIELD_NAMES.get(field_name, field_name),
        value=value,
        problem=FAULT_PROBLEMS[field_name],
        others=others,
    )
    return LogError(message, column=column, row=first)
