"""The API's shape of ``lib.words.contrast``: the words that set customers' negative comments apart
from their positive ones (the feedback comments' and the review answers' panels)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from touchpoints.lib.words import Contrast, KeyWord


class WordOut(Schema):
    word: str = Field(description="The form written most often.")
    negative_comments: int = Field(description="Negative comments (or unhappy answers) holding it, in any form.")
    positive_comments: int = Field(description="Positive comments (or promoters' answers) holding it.")
    z: float = Field(description="Positive when said more on the negative side; listed from |z| ≥ 1.96.")


class WordsOut(Schema):
    negative_comments: int = Field(
        description="Negative comments compared (the newest 5,000 at most, with the other side)."
    )
    positive_comments: int
    negative: list[WordOut] = Field(description="Said more on the negative side, most distinctive first.")
    positive: list[WordOut] = Field(description="Said more on the positive side.")


def words_out(said: Contrast) -> dict[str, Any]:
    def listed(found: list[KeyWord]) -> list[dict[str, Any]]:
        return [
            {"word": w.word, "negative_comments": w.negative, "positive_comments": w.positive, "z": w.z} for w in found
        ]

    return {
        "negative_comments": said.negative_comments,
        "positive_comments": said.positive_comments,
        "negative": listed(said.negative),
        "positive": listed(said.positive),
    }
