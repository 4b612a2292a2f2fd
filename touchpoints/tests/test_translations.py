"""One word, one translation: Django merges every app's catalogue into one per language, so a message
translated differently by two apps shows whichever catalogue wins on every page. Where the meaning
differs (a study that is "Open" and a panel to "Open"), the message carries a context instead."""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("language", ["ru", "es"])
def test_no_message_has_two_translations(language: str) -> None:
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    catalogues = sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.mo"))
    assert len(catalogues) > 10
    for mo in catalogues:
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for msgid, msgstr in catalog.items():
            if isinstance(msgid, str) and msgid and msgstr:
                seen[msgid][str(mo.relative_to(ROOT))] = msgstr
    clashes = {m: by for m, by in seen.items() if len(set(by.values())) > 1}
    assert not clashes, "\n".join(f"{m!r}: {by}" for m, by in sorted(clashes.items())[:20])


def test_a_context_tells_the_meanings_apart(settings: object) -> None:
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("ru"):
        assert pgettext("study status", "Open") == "Открыт"
        assert gettext("Open") != "Открыт"
        assert pgettext("person", "Name") == "Имя"
        assert gettext("Name") == "Название"
    with translation.override("es"):
        assert pgettext("study status", "Closed") == "Cerrado"
        assert gettext("Closed") == "Cerrada"
