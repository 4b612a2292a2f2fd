"""Messages for people (errors, progress) that an application can show in its user's language.

The engine does not depend on Django, so it writes English; but each message is a :class:`Text`:
a ``str`` (the English sentence, for the command line and logs) that also keeps its template and
values. The web app translates the template with its catalogue (``localize``) and fills in the
values, translating the ones that are themselves :class:`Text`. Templates are marked with
``gettext_noop`` so that ``makemessages`` (xgettext) collects them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogues; returns it unchanged."""
    return message


class Text(str):
    """English text (``template % values``) that keeps its template and values."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Text:
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text

    def localize(self, translate: Callable[[str], str]) -> str:
        """The message in another language, given the application's ``gettext``."""
        values = {k: v.localize(translate) if isinstance(v, Text) else v for k, v in self.values.items()}
        try:
            return translate(self.template) % values if values else translate(self.template)
        except (KeyError, TypeError, ValueError):  # a faulty translation: the English text, not a crash
            return self.template % values if values else self.template


def localize(message: object, translate: Callable[[str], str]) -> str:
    """``message`` in the language of ``translate`` when it is a :class:`Text`, else as it is."""
    return message.localize(translate) if isinstance(message, Text) else str(message)
