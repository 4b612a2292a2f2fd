"""Text stored in the three product languages (library data): pick the user's, fall back to English."""

from __future__ import annotations

from typing import Any, overload

from django.utils.formats import number_format
from django.utils.translation import get_language

PRODUCT_LANGUAGES = ("en", "ru", "es")


def current_language() -> str:
    lang = (get_language() or "en")[:2]
    return lang if lang in PRODUCT_LANGUAGES else "en"


def grouped(n: int) -> str:
    """A count written as the reader groups thousands: 5,194 in English, 5 194 in Russian, 5.194 in
    Spanish. For the number shown in a plural text (``ngettext(...) % {"n": grouped(n)}``, its
    message with ``%(n)s``) and the ``grouped`` template filter; the plural form is chosen from the
    count itself."""
    return number_format(int(n), force_grouping=True)


def figure(value: float, digits: int) -> str:
    """A measured figure rounded to ``digits`` decimals and grouped as the reader writes it
    (12,345.7 / 12 345,7). Rounded first: Django's ``number_format`` cuts a float's decimals."""
    return number_format(round(float(value), digits), digits, force_grouping=True)


def pick(obj: Any, field: str, lang: str | None = None) -> str:
    lang = lang or current_language()
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_en", "")


def pick_dict(values: dict[str, str] | None, lang: str | None = None) -> str:
    if not values:
        return ""
    lang = lang or current_language()
    return values.get(lang) or values.get("en") or next(iter(values.values()), "")


class Picked:
    """A model's text in the reader's language, read-only: ``process = Picked()`` next to the
    fields ``process_en``, ``process_ru`` and ``process_es`` reads as :func:`pick` of them."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Picked: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> Picked | str:
        if obj is None:
            return self
        return pick(obj, self.field)
