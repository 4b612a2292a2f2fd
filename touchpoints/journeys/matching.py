"""Which inventory touchpoint a library template step most likely stands for, when nobody added it
from the library (the demo's "Contextual ad" for the library's "Contextual (search) ads").

Pure: names in any of the product languages are cut into crude word stems (an English plural "s"
dropped, then the first five letters of each word), and two names are as similar as the share of stems they have in common (Jaccard).
The same channel adds to the score, a shared purchase stage a little. Only a suggestion: the
"from template" page shows it and the user confirms or changes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
STEM = 5
CHANNEL_BONUS = 0.3
STAGE_BONUS = 0.1
# A suggestion is taken by default only when the names alone share this much and the channel matches.
AUTO_NAME_SCORE = 0.34


def _stem(word: str) -> str:
    if len(word) >= 3 and word.endswith("s") and not word.endswith("ss"):  # ads → ad, sites → site
        word = word[:-1]
    return word[:STEM]


def stems(text: str) -> frozenset[str]:
    return frozenset(_stem(word) for word in WORD.findall(text.lower()))


def name_similarity(a: Iterable[str], b: frozenset[str]) -> float:
    """The best Jaccard similarity between any of the names ``a`` and the stems ``b``."""
    best = 0.0
    for name in a:
        sa = stems(name)
        if sa and b:
            best = max(best, len(sa & b) / len(sa | b))
    return best


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    channel: str = ""
    stages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    id: int
    name: str
    score: float
    name_score: float
    same_channel: bool

    @property
    def confident(self) -> bool:
        return self.same_channel and self.name_score >= AUTO_NAME_SCORE


def suggest(
    names: Sequence[str], channel: str, stages: Sequence[str], candidates: Sequence[Candidate], limit: int = 5
) -> list[Suggestion]:
    """The best ``limit`` candidates for a template known by ``names``, best first; candidates
    whose names share nothing are left out."""
    out: list[Suggestion] = []
    stage_set = set(stages)
    for candidate in candidates:
        name_score = name_similarity(names, stems(candidate.name))
        if name_score == 0:
            continue
        same_channel = bool(channel) and candidate.channel == channel
        score = (
            name_score
            + (CHANNEL_BONUS if same_channel else 0)
            + (STAGE_BONUS if stage_set & set(candidate.stages) else 0)
        )
        out.append(Suggestion(candidate.id, candidate.name, round(score, 3), round(name_score, 3), same_channel))
    out.sort(key=lambda s: (-s.score, s.name, s.id))
    return out[:limit]
