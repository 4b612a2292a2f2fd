"""The one palette of brand colours (and chart categories): colour-blind safe.

The first seven are the Okabe–Ito colours (Okabe & Ito, "Color Universal Design", 2008) without
its yellow, which is unreadable on white; four of Tableau 10 follow for workspaces with more
brands. A new brand gets the first colour no brand of its workspace uses yet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#8C564B",  # brown (Tableau)
    "#7F7F7F",  # grey (Tableau)
    "#BCBD22",  # olive (Tableau)
    "#17BECF",  # cyan (Tableau)
)
# What every brand was before brands got colours of their own.
OLD_DEFAULT = "#1565c0"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def next_colour(used: Iterable[str]) -> str:
    """The first palette colour not in ``used``; when all are taken, the least used one."""
    counts = Counter(u.lower() for u in used if u)
    for colour in PALETTE:
        if colour.lower() not in counts:
            return colour
    return min(PALETTE, key=lambda c: (counts[c.lower()], PALETTE.index(c)))


def colours_for(count: int) -> list[str]:
    """``count`` colours in palette order (repeating after the last)."""
    return [PALETTE[i % len(PALETTE)] for i in range(count)]
