"""What sets customers' negative comments apart from their positive ones: the words said more
often in one than in the other, beyond what chance gives (pure: no ORM).

Each comment is cut into words (letters only, three or more), and each word is reduced to its stem
in the comment's language (Snowball's stemmers for English, Russian and Spanish), so that
"терминал" and "терминала", "precio" and "precios" count as one. A stem counts once per comment.

Function words ("the", "что", "para": ``stopwords/<language>.txt``, articles, pronouns,
prepositions, conjunctions and auxiliaries only, so "website" or "сайт" stay) are left out first.

The comparison counts comments, the unit a reader opens: for each stem, the odds that a negative
comment holds it against the odds that a positive one does. Its log odds ratio, with 0.5 added to
each cell of the 2 × 2 table (the Haldane–Anscombe correction, so a word of one side only has a
finite ratio), divided by Woolf's standard error (the square root of the sum of the cells'
reciprocals), is a z (Agresti, *Categorical Data Analysis*, 3rd ed., 2013, §3.1). A word listed has
a z of at least ``Z`` (1.96, a 95% two-sided test, word by word) and stands in at least ``MINIMUM``
comments of its side. The word shown is the form written most often, then the first alphabetically.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

Z = 1.96
MINIMUM = 3
TOP = 10
READ = 5000  # the newest comments a page compares: a bounded read on any study or campaign
STEMMERS = {"en": "english", "ru": "russian", "es": "spanish"}
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class KeyWord:
    word: str  # the form written most often
    stem: str
    negative: int  # negative comments holding it
    positive: int  # positive comments holding it
    z: float  # positive: said more in negative comments


@dataclass(frozen=True)
class Contrast:
    negative_comments: int
    positive_comments: int
    negative: list[KeyWord] = field(default_factory=list)  # said more when negative, most distinctive first
    positive: list[KeyWord] = field(default_factory=list)  # said more when positive


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    name = STEMMERS.get(language)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=8)
def stopwords(language: str) -> frozenset[str]:
    """The function words of ``language`` (en, ru, es; none for another)."""
    path = Path(__file__).with_name("stopwords") / f"{language}.txt"
    if language not in STEMMERS or not path.exists():
        return frozenset()
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return frozenset(w.casefold() for line in lines for w in line.split())


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """``word`` (case-folded) reduced to its stem in ``language`` (en, ru, es; others unchanged)."""
    stemmer = _stemmer(language)
    folded = word.casefold().replace("ё", "е")
    return stemmer.stemWord(folded) if stemmer else folded


def words(text: str) -> list[str]:
    """The words of ``text``: runs of three or more letters, case-folded."""
    return [w.casefold() for w in _WORD.findall(text)]


def contrast(
    comments: Iterable[tuple[str, str, int]],
    *,
    top: int = TOP,
    minimum: int = MINIMUM,
    z: float = Z,
    default_language: str = "en",
) -> Contrast:
    """``comments``: (text, language, positivity) triples; neutral ones (0) are not compared."""
    docs = {True: Counter[str](), False: Counter[str]()}  # negative? → stem → comments holding it
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    n = {True: 0, False: 0}
    for text, language, positivity in comments:
        if not positivity:
            continue
        negative = positivity < 0
        n[negative] += 1
        seen = set()
        language = language or default_language
        skip = stopwords(language)
        for w in words(text):
            if w in skip:
                continue
            s = stem(w, language)
            forms[s][w] += 1
            seen.add(s)
        docs[negative].update(seen)
    result = Contrast(negative_comments=n[True], positive_comments=n[False])
    if not n[True] or not n[False]:
        return result
    neg, pos = docs[True], docs[False]
    scored = []
    for s in neg.keys() | pos.keys():
        y_neg, y_pos = neg[s], pos[s]
        score = log_odds_z(y_neg, n[True], y_pos, n[False])
        if abs(score) < z or (y_neg if score > 0 else y_pos) < minimum:
            continue
        shown = min(forms[s].items(), key=lambda item: (-item[1], item[0]))[0]
        scored.append(KeyWord(word=shown, stem=s, negative=y_neg, positive=y_pos, z=round(score, 3)))
    result.negative.extend(sorted((k for k in scored if k.z > 0), key=lambda k: (-k.z, k.word))[:top])
    result.positive.extend(sorted((k for k in scored if k.z < 0), key=lambda k: (k.z, k.word))[:top])
    return result


def log_odds_z(holding_a: int, of_a: int, holding_b: int, of_b: int) -> float:
    """The z of the log odds ratio of holding a word, in ``of_a`` comments against ``of_b``, with
    0.5 added to each cell and Woolf's standard error."""
    cells = (holding_a + 0.5, of_a - holding_a + 0.5, holding_b + 0.5, of_b - holding_b + 0.5)
    log_ratio = math.log(cells[0] * cells[3] / (cells[1] * cells[2]))
    return log_ratio / math.sqrt(sum(1 / x for x in cells))
