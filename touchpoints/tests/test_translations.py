"""One word, one translation: Django merges every app's catalogue into one per language, so a message
translated differently by two apps shows whichever catalogue wins on every page. Where the meaning
differs (a study that is "Open" and a panel to "Open"), the message carries a context instead."""

from __future__ import annotations

import gettext
import re
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


# A placeholder: %(name)s with any flags and conversion, a bare %s or %d, a template's {{ name }},
# a str.format field {name}. "%%" is a percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}")
SAMPLE_NUMBERS = [*range(200), 1_000, 1_000_000, 2_000_000]


def _placeholders(text: str) -> set[str]:
    return {re.sub(r"\s", "", m) for m in PLACEHOLDER.findall(text.split("\x04")[-1])}


@pytest.mark.parametrize("language", ["ru", "es"])
def test_every_translation_keeps_the_placeholders_of_its_source(language: str) -> None:
    """A translation that drops %(name)s shows less than its source; one that renames it fails on
    the page. A plural message is kept in the .mo by its singular: every form keeps the singular's
    placeholders, and the forms a language uses for numbers other than one all show the same ones,
    the count included (Russian uses its "one" form for 21 too); a form only for one may leave the
    count out ("once"). Every form the language's plural rule gives is there: a catalogue whose header
    counts three Spanish forms and a message with two shows English for 700."""
    faults = []
    catalogues = sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.mo"))
    assert len(catalogues) > 10
    for mo in catalogues:
        with mo.open("rb") as fh:
            translations = gettext.GNUTranslations(fh)
        catalog: dict[str | tuple[str, int], str] = translations._catalog  # type: ignore[attr-defined]
        plural = translations.plural  # type: ignore[attr-defined]
        forms: dict[str, dict[int, str]] = defaultdict(dict)
        for key, msgstr in catalog.items():
            if isinstance(key, tuple):
                forms[key[0]][key[1]] = msgstr
            elif key and msgstr and _placeholders(msgstr) != _placeholders(key):
                faults.append(f"{mo.relative_to(ROOT)}: {key!r} -> {msgstr!r}")
        needed = {plural(n) for n in SAMPLE_NUMBERS}
        for msgid, translated in forms.items():
            if needed - set(translated):
                faults.append(f"{mo.relative_to(ROOT)}: {msgid!r} lacks forms {sorted(needed - set(translated))}")
            many = {}
            for form, msgstr in translated.items():
                if not _placeholders(msgid) <= _placeholders(msgstr):
                    faults.append(f"{mo.relative_to(ROOT)}: {msgid!r}[{form}] -> {msgstr!r}")
                if [n for n in SAMPLE_NUMBERS if plural(n) == form] != [1]:
                    many[form] = _placeholders(msgstr)
            sets = {frozenset(s) for s in many.values()}
            if len(sets) > 1 or any(len(s - _placeholders(msgid)) > 1 for s in sets):
                faults.append(f"{mo.relative_to(ROOT)}: {msgid!r} forms differ: {sorted(map(sorted, sets))}")
    assert not faults, "\n".join(faults[:30])
