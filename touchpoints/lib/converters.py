"""Path converters for download URLs: a URL names its format, and only the formats its view writes
resolve. Any other format is a 404 before the view runs, so no view checks its ``fmt`` again::

    path("export.<data:fmt>", views.export, name="export")  # export.csv, export.xlsx, export.json

``reverse`` refuses a format the converter does not list, so a template cannot link to one either.
An app with its own set registers it beside its URLs with :func:`formats`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import register_converter


class Formats:
    """Matches one of ``formats`` (the text after the dot); the view gets it unchanged."""

    formats: tuple[str, ...] = ()
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in self.formats:
            raise ValueError(f"not one of {self.formats}: {value}")
        return value


def formats(names: Iterable[str]) -> type[Formats]:
    """A converter class matching exactly ``names`` (a tuple, or a dict of content types)."""
    listed = tuple(names)
    return type("Formats", (Formats,), {"formats": listed, "regex": "|".join(map(re.escape, listed))})


TABLE = ("csv", "xlsx")
DATA = (*TABLE, "json")
IMAGE = ("svg", "png")
DOCUMENT = ("pdf", *IMAGE)

# The sets several apps share; the root URLconf imports this module before any app's URLs.
register_converter(formats(TABLE), "table")  # a spreadsheet: csv or xlsx
register_converter(formats(DATA), "data")  # a spreadsheet or JSON: csv, xlsx or json
register_converter(formats(IMAGE), "image")  # svg or png
register_converter(formats(DOCUMENT), "document")  # pdf, svg or png
