"""The page side of ``lib.words``: the panel of the words that set customers' negative comments apart
from their positive ones (``templates/_words_panel.html``), each word linked to the comments of its
side that hold it, the page's other filters kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpRequest

from touchpoints.lib.words import READ, Contrast, KeyWord


@dataclass(frozen=True)
class WordPanel:
    said: Contrast
    negative: list[tuple[KeyWord, str]]  # each word with the link to the negative comments holding it
    positive: list[tuple[KeyWord, str]]
    read: int = READ  # the most comments compared (the newest)


def word_panel(
    request: HttpRequest, said: Contrast, *, negative: Mapping[str, str], positive: Mapping[str, str]
) -> WordPanel:
    """``negative``/``positive``: the query parameters that show one side's comments (a value of ""
    drops the parameter); each link also searches the word (``q``) and starts at the first page."""

    def linked(found: list[KeyWord], side: Mapping[str, str]) -> list[tuple[KeyWord, str]]:
        out = []
        for word in found:
            query = request.GET.copy()
            query.pop("page", None)
            for key, value in {**side, "q": word.word}.items():
                if value:
                    query[key] = value
                else:
                    query.pop(key, None)
            out.append((word, "?" + query.urlencode()))
        return out

    return WordPanel(said, linked(said.negative, negative), linked(said.positive, positive))
