"""How wide a text is drawn, and a label fitted into a box (two lines at most, an ellipsis beyond).

Widths come from the DejaVu Sans metrics through Pillow when the font is on the machine (Pillow
comes with WeasyPrint); otherwise from an estimate per character class. DejaVu Sans is among the
widest sans-serif fonts, so a label measured with it fits whatever sans-serif the browser picks.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
ELLIPSIS = "…"


@lru_cache(maxsize=8)
def _font(size: float, bold: bool) -> Any:
    try:
        from PIL import ImageFont

        return ImageFont.truetype(FONT_FILES[bold], size=max(1, round(size)))
    except (ImportError, OSError):
        return None


def _estimate(text: str, size: float, bold: bool) -> float:
    """Em widths per character class, close to DejaVu Sans (rounded up)."""
    em = 0.0
    for ch in text:
        if ch.isspace():
            em += 0.32
        elif ch in "il.,:;'|!ıjtfI()[]":
            em += 0.36
        elif ch in "mwMW@%ЖШЩЮЫшщжюы—":
            em += 0.95
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            em += 1.0
        elif ch.isupper() or ch.isdigit() or "\u0400" <= ch <= "\u04ff":
            em += 0.72
        else:
            em += 0.62
    return em * size * (1.08 if bold else 1.0)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float = 12.0, bold: bool = False) -> float:
    font = _font(size, bold)
    if font is not None:
        return float(font.getlength(text)) * size / max(1, round(size))
    return _estimate(text, size, bold)


def shorten(text: str, width: float, size: float = 12.0, bold: bool = False) -> str:
    """The text, or its longest start that fits ``width`` with an ellipsis."""
    if text_width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def wrap(text: str, width: float, size: float = 12.0, bold: bool = False, lines: int = 2) -> list[str]:
    """The text broken at spaces into at most ``lines`` lines that each fit ``width``; a word too
    long for a line is cut, and the last line ends with an ellipsis when the text goes on."""
    text = " ".join(text.split())
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1:
        if text_width(rest, size, bold) <= width:
            break
        words = rest.split(" ")
        line = words[0]
        taken = 1
        for word in words[1:]:
            if text_width(line + " " + word, size, bold) > width:
                break
            line += " " + word
            taken += 1
        if text_width(line, size, bold) > width:  # one long word: cut it where it stops fitting
            cut = len(shorten(line, width, size, bold)) - 1
            cut = max(1, cut)
            out.append(line[:cut])
            rest = (line[cut:] + " " + " ".join(words[taken:])).strip()
        else:
            out.append(line)
            rest = " ".join(words[taken:])
    if rest:
        out.append(shorten(rest, width, size, bold))
    return out or [""]
