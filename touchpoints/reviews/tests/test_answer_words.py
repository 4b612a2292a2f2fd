"""The review answers page's panel of what unhappy customers say that promoters do not (lib.words)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from touchpoints.reviews.models import Answer, Campaign

pytestmark = pytest.mark.django_db


def _answers(campaign: Campaign, rows: list[tuple[int, str, str]], language: str = "en", visit: str = "") -> None:
    Answer.objects.bulk_create(
        [
            Answer(campaign=campaign, language=language, visit=visit, recommend=score, liked=liked, improve=improve)
            for score, liked, improve in rows
        ]
    )


def test_the_words_of_unhappy_customers_and_of_promoters_each_open_their_answers(
    world: Any, campaign: Campaign
) -> None:
    _answers(
        campaign,
        [(2, "", "The queue at reception was long"), (4, "Kind nurse", "Queue again"), (5, "", "A queue and no chairs")]
        + [(6, "", "Queue, queue, queue"), (8, "Fine", "The queue")]  # a passive (8) is not compared
        + [(10, "Friendly nurse", ""), (9, "Friendly and quick", ""), (10, "So friendly", "Nothing"), (9, "Nurse", "")],
    )
    _answers(campaign, [(1, "", "Rude queue")] * 5, visit="Other clinic")
    client = world.client("viewer")
    base = f"/w/{world.slug}/reviews/{campaign.pk}/answers/"
    body = client.get(f"{base}?visit=&score_min=9").content.decode()  # whatever the score shown
    assert "What unhappy customers say that promoters do not" in body
    assert "by the 9 unhappy customers" in body and "than by the 4 promoters" in body
    assert ">queue</a>" in body and ">friendly</a>" in body and "nurse</a>" not in body  # nurse: on both sides
    link = body[body.index("Said more by unhappy customers") :].split('href="', 1)[1].split('"', 1)[0]
    link = link.replace("&amp;", "&")
    assert parse_qs(urlparse(link).query) == {"score_max": ["6"], "q": ["queue"]}
    opened = client.get(base + link).content.decode()
    assert "A queue and no chairs" in opened and "The queue</td>" not in opened  # the passive is not among them


def test_no_panel_without_promoters(world: Any, campaign: Campaign) -> None:
    _answers(campaign, [(2, "", "The queue")] * 4)
    body = world.client("viewer").get(f"/w/{world.slug}/reviews/{campaign.pk}/answers/").content.decode()
    assert "What unhappy customers say" not in body and "The queue" in body


def test_the_api_gives_the_same_words_with_the_same_filters(world: Any, campaign: Campaign) -> None:
    _answers(campaign, [(2, "", "The queue")] * 6 + [(10, "Friendly", "")] * 6, visit="Reception")
    _answers(campaign, [(1, "", "Parking")] * 6 + [(9, "Garden", "")] * 6, visit="Car park")
    url = f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/answer-words"
    body = world.client("viewer").get(url, {"visit": "Reception"}).json()
    assert (body["negative_comments"], body["positive_comments"]) == (6, 6)
    assert [(w["word"], w["negative_comments"], w["positive_comments"]) for w in body["negative"]] == [("queue", 6, 0)]
    assert [w["word"] for w in body["positive"]] == ["friendly"]
    everyone = world.client("viewer").get(url).json()
    assert {w["word"] for w in everyone["negative"]} == {"queue", "parking"}
