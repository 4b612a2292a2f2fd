"""The one error type the engine raises for a bad log or bad options.

The message is meant for a person: it names the column, and the row (1-based, counting data rows
only, so row 1 is the first line after a CSV header) where the fault is.
"""

from __future__ import annotations


class LogError(ValueError):
    """A log that cannot be analysed as given; ``str(error)`` says why and where."""

    def __init__(self, message: str, *, column: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message  # a messages.Text keeps what an application needs to translate it
        self.column = column
        self.row = row
