"""The three scales of an audit and their one mapping to 0–100 (documented in docs/audits.md).

Every answer is kept as given (``raw``) and normalised by the *position of the answer on its
scale*: the lowest answer a scale allows maps to 0, the highest to 100, and answers in between
linearly::

    normalised = 100 × (raw − lowest) / (highest − lowest)

    points 1–10    1 → 0, 2 → 11.1, 5 → 44.4, 10 → 100
    percent 1–100  1 → 0, 50 → 49.5, 80 → 79.8, 100 → 100
    words          awful → 0, bad → 25, normal → 50, excellent → 75, ideal → 100

So the worst answer on any scale is 0 and the best is 100, whatever scale an audit used, and
audits on different scales compare. Pure functions: no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

POINTS, PERCENT, WORDS = "points", "percent", "words"
WORD_ORDER: tuple[str, ...] = ("awful", "bad", "normal", "excellent", "ideal")


class ScaleError(ValueError):
    """An answer that the scale does not allow; the message says what it allows."""


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    lowest: int
    highest: int
    words: tuple[str, ...] = ()

    @property
    def is_words(self) -> bool:
        return bool(self.words)

    @property
    def steps(self) -> list[str]:
        """Every answer the scale allows, worst first (as raw strings)."""
        if self.words:
            return list(self.words)
        return [str(i) for i in range(self.lowest, self.highest + 1)]


SCALES: dict[str, ScaleSpec] = {
    POINTS: ScaleSpec(POINTS, 1, 10),
    PERCENT: ScaleSpec(PERCENT, 1, 100),
    WORDS: ScaleSpec(WORDS, 0, len(WORD_ORDER) - 1, WORD_ORDER),
}


def spec(scale: str) -> ScaleSpec:
    try:
        return SCALES[scale]
    except KeyError:
        raise ScaleError(_("Unknown scale “%(scale)s”.") % {"scale": scale}) from None


def describe(scale: str) -> str:
    s = spec(scale)
    if s.is_words:
        return _("one of: %(words)s") % {"words": ", ".join(s.words)}
    return _("a whole number from %(lo)s to %(hi)s") % {"lo": s.lowest, "hi": s.highest}


def parse(scale: str, raw: Any) -> str:
    """The answer in its canonical raw form ("7", "85", "excellent"), or ScaleError."""
    s = spec(scale)
    text = str(raw if raw is not None else "").strip()
    if s.is_words:
        word = text.lower()
        if word not in s.words:
            raise ScaleError(
                _("“%(raw)s” is not on this audit's scale: give %(allowed)s.")
                % {"raw": text, "allowed": describe(scale)}
            )
        return word
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ScaleError(
            _("“%(raw)s” is not on this audit's scale: give %(allowed)s.") % {"raw": text, "allowed": describe(scale)}
        ) from None
    if not number.is_finite() or number != number.to_integral_value() or not s.lowest <= number <= s.highest:
        raise ScaleError(
            _("“%(raw)s” is not on this audit's scale: give %(allowed)s.") % {"raw": text, "allowed": describe(scale)}
        )
    return str(int(number))


def position(scale: str, raw: str) -> int:
    """The answer as a number on the scale's own axis (words: 0 for awful … 4 for ideal)."""
    s = spec(scale)
    canonical = parse(scale, raw)
    return s.words.index(canonical) if s.is_words else int(canonical)


def normalise(scale: str, raw: Any) -> float:
    """The answer on the common 0–100 axis (see the module docstring)."""
    s = spec(scale)
    return 100.0 * (position(scale, raw) - s.lowest) / (s.highest - s.lowest)


def nearest_raw(scale: str, value: float) -> str:
    """The answer of a scale closest to a 0–100 value (to show a normalised figure in scale units)."""
    s = spec(scale)
    value = min(100.0, max(0.0, float(value)))
    pos = s.lowest + round(value / 100.0 * (s.highest - s.lowest))
    return s.words[pos] if s.is_words else str(pos)
