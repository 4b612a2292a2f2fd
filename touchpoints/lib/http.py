"""HTTP helpers shared by every download and every view that reads an id from a request."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.http import HttpResponseBase
from django.utils.http import content_disposition_header


def safe_filename(name: str, default: str = "download") -> str:
    """The name without control characters or path parts (a header must stay one line)."""
    name = "".join(ch for ch in str(name) if unicodedata.category(ch)[0] != "C")
    name = name.replace("/", "_").replace("\\", "_").strip().strip(".")
    return name[:200] or default


def set_filename(response: HttpResponseBase, filename: str, *, inline: bool = False) -> HttpResponseBase:
    """``Content-Disposition`` through Django's ``content_disposition_header``: quoted and escaped
    for ASCII names, RFC 6266 ``filename*=utf-8''…`` for any other (Cyrillic, accents, emoji)."""
    header = content_disposition_header(not inline, safe_filename(filename))
    response["Content-Disposition"] = header or ("inline" if inline else "attachment")
    return response


def int_param(value: object) -> int | None:
    """A whole number from a query string, a posted field or stored JSON: the number for ASCII
    digits, else None. ``str.isdigit`` also accepts "²" and "①", which ``int`` refuses: a check
    with it let a typed URL such as ``?brand=²`` end in a 500."""
    text = "" if value is None else str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def int_params(values: Iterable[object]) -> list[int]:
    """The whole numbers among ``values`` (ids posted as a list, or split from "1,2,3"), read as
    ``int_param`` reads one; the rest are dropped."""
    return [number for number in map(int_param, values) if number is not None]
