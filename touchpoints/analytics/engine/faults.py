"""What a reader says about a bad log: the words for each field and fault, shared by both engines.

Every fault is a :class:`~.errors.LogError` naming the column and, for a faulty value, the first
rows at fault (1-based data rows; for CSV also the line of the file).
"""

from __future__ import annotations

from .errors import LogError
from .fields import BY_NAME, LOG_FIELDS, field_label
from .messages import Text, gettext_noop

# The typed column each reader makes of a field; a NULL there is a faulty value of the field.
TYPED_COLUMNS: dict[str, str] = {f.name: f.typed_column for f in LOG_FIELDS if f.typed_column}
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
        field=field_label(field_name),
        value=value,
        problem=BY_NAME[field_name].problem,
        others=others,
    )
    return LogError(message, column=column, row=first)
