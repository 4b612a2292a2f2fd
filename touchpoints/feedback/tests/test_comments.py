"""The comments page: filters, search, the face chosen, planning an action from a comment, the
exports, the panel of what sets negative comments apart (lib.words) and its API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from touchpoints.feedback.models import Study
from touchpoints.feedback.tests.helpers import answers_with_comments, store_answers
from touchpoints.lib.tests.test_words import NEGATIVE, POSITIVE


@dataclass(frozen=True)
class Places:
    own: Any  # the study's own brand
    rival: Any
    front: int  # its first touchpoint's id
    phone: int  # its second


def _places(study: Study) -> Places:
    own, rival = study.brands.order_by("-is_own", "name")
    front, phone = [e.touchpoint_id for e in study.study_touchpoints.order_by("position")]
    return Places(own, rival, front, phone)


@pytest.mark.django_db
def test_comments_filters_and_export(world: Any, study: Study) -> None:
    at = _places(study)
    own, rival, front, phone = at.own, at.rival, at.front, at.phone
    answers_with_comments(
        study,
        [
            (own.pk, front, 2, 9, "Lovely staff"),
            (own.pk, phone, -2, 1, '=HYPERLINK("x")'),
            (rival.pk, phone, 0, 5, "Meh"),
        ],
    )
    answers_with_comments(study, [(own.pk, front, 1, 8, "Old one")], when=timezone.now() - dt.timedelta(days=40))
    client = world.client("viewer")
    base = f"/w/{world.slug}/feedback/{study.pk}/comments"
    body = client.get(f"{base}/?sentiment=negative").content.decode()
    assert "HYPERLINK" in body and "Lovely" not in body
    body = client.get(f"{base}/?brand={rival.pk}").content.decode()
    assert "Meh" in body and "Lovely" not in body
    since = (timezone.now() - dt.timedelta(days=7)).date().isoformat()
    body = client.get(f"{base}/?since={since}").content.decode()
    assert "Old one" not in body and "Lovely" in body
    csv = client.get(f"/w/{world.slug}/feedback/{study.pk}/comments.csv?touchpoint={phone}").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "Lovely" not in csv  # formulas neutralised


@pytest.mark.django_db
def test_comments_search_words_in_any_case_and_export_the_same(world: Any, study: Study) -> None:
    at = _places(study)
    own, front, phone = at.own, at.front, at.phone
    answers_with_comments(
        study,
        [
            (own.pk, front, -1, 3, "Терминал для карт не работал"),
            (own.pk, phone, -2, 1, "Nadie contestó el TELÉFONO"),
            (own.pk, phone, 1, 8, "Quick answer on the phone"),
        ],
    )
    client = world.client("viewer")
    base = f"/w/{world.slug}/feedback/{study.pk}/comments"
    body = client.get(f"{base}/?q=ТЕРМИНАЛ").content.decode()
    assert "Терминал для карт" in body and "Nadie" not in body and "1 comment." in body
    body = client.get(f"{base}/?q=teléfono").content.decode()
    assert "Nadie contestó" in body and "Quick answer" not in body
    body = client.get(f"{base}/?q=phone+quick").content.decode()  # every word, in any order
    assert "Quick answer" in body and "Nadie" not in body
    csv = client.get(f"{base}.csv?q=терминал").content.decode("utf-8-sig")
    assert "Терминал" in csv and "Nadie" not in csv


@pytest.mark.django_db
def test_a_comment_shows_the_face_chosen_and_starts_an_action(world: Any, study: Study) -> None:
    at = _places(study)
    own, front = at.own, at.front
    long = "The card terminal was not working, " + "again and again " * 60
    answers_with_comments(study, [(own.pk, front, -1, 3, long)])
    base = f"/w/{world.slug}/feedback/{study.pk}/comments/"
    body = world.client("viewer").get(base).content.decode()
    assert "Bad (-1)" in body and "likelihood 3 of 10" in body
    assert "Plan an action" not in body  # a viewer cannot plan
    response = world.client("editor").get(base)
    (row,) = response.context["rows"]
    assert "Plan an action" in response.content.decode() and row.plan_url.startswith(f"/w/{world.slug}/actions/new/?")
    assert len(row.plan_url) < 4000  # servers refuse longer request lines
    form = world.client("editor").get(row.plan_url).context["form"]
    assert form.initial["touchpoint"] == str(front)
    assert form.initial["title"].startswith("Follow up: The card terminal was not working")
    assert len(form.initial["title"]) <= 200
    description = form.initial["description"]
    assert "Bad" in description and "3 of 10" in description and own.name in description
    assert "“The card terminal was not working, again" in description and description.endswith("…”")


def _store(study: Study, rows: list[tuple[str, str, int]], **fields: Any) -> None:
    for text, language, positivity in rows:
        store_answers(study, [(positivity, 5)], comment=text, language=language, **fields)


@pytest.mark.django_db
def test_the_comments_page_lists_them_each_linked_to_its_comments(world: Any, study: Study) -> None:
    at = _places(study)
    own, rival, front, phone = at.own, at.rival, at.front, at.phone
    _store(study, NEGATIVE, brand_id=own.pk, touchpoint_id=phone)
    _store(study, POSITIVE, brand_id=own.pk, touchpoint_id=front)
    _store(study, [("Horrible rival parking", "en", -2)] * 6, brand_id=rival.pk, touchpoint_id=front)
    client = world.client("viewer")
    base = f"/w/{world.slug}/feedback/{study.pk}/comments/"
    body = client.get(f"{base}?brand={own.pk}&sentiment=positive&page=2").content.decode()
    assert "What sets negative comments apart" in body
    assert "the 8 negative comments" in body  # of the brand chosen, whatever the sentiment shown
    link = body[body.index("Said more when negative") :].split('href="', 1)[1].split('"', 1)[0]
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query == {"brand": [str(own.pk)], "sentiment": ["negative"], "q": ["phone"]}
    assert ">phone</a>" in body and ">friendly</a>" in body and "parking" not in body
    opened = client.get(base + link.replace("&amp;", "&")).content.decode()
    assert "6 comments." in opened and "Nobody picked up the phone" in opened


@pytest.mark.django_db
def test_no_panel_without_both_sides(world: Any, study: Study) -> None:
    own = study.brands.get(is_own=True)
    tp = study.study_touchpoints.first().touchpoint_id
    _store(study, NEGATIVE, brand_id=own.pk, touchpoint_id=tp)
    body = world.client("viewer").get(f"/w/{world.slug}/feedback/{study.pk}/comments/").content.decode()
    assert "What sets negative comments apart" not in body and "8 comments." in body


@pytest.mark.django_db
def test_the_api_gives_the_same_words_for_a_brand_and_refuses_a_bad_filter(world: Any, study: Study) -> None:
    own, rival = study.brands.order_by("-is_own", "name")
    tp = study.study_touchpoints.first().touchpoint_id
    _store(study, NEGATIVE + POSITIVE, brand_id=own.pk, touchpoint_id=tp)
    _store(
        study,
        [("Horrible parking", "en", -2)] * 6 + [("Lovely garden", "en", 2)] * 6,
        brand_id=rival.pk,
        touchpoint_id=tp,
    )
    client = world.client("viewer")
    url = f"/api/v1/workspaces/{world.slug}/feedback/studies/{study.pk}/comment-words"
    body = client.get(url, {"brand_id": own.pk}).json()
    assert (body["negative_comments"], body["positive_comments"]) == (8, 8)
    assert [(w["word"], w["negative_comments"], w["positive_comments"]) for w in body["negative"]] == [("phone", 6, 0)]
    assert [w["word"] for w in body["positive"]] == ["friendly"] and body["positive"][0]["z"] < -1.96
    assert "parking" in [w["word"] for w in client.get(url).json()["negative"]]  # every brand
    bad = client.get(url, {"brand_id": "phone"})
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_each_touchpoint_of_the_results_opens_its_comments_with_the_same_filters(world: Any, study: Study) -> None:
    at = _places(study)
    own, front, phone = at.own, at.front, at.phone
    segment = world.workspace.segments.get()
    _store(study, NEGATIVE[:3], brand_id=own.pk, touchpoint_id=phone, segment_id=segment.pk)
    _store(study, POSITIVE[:2], brand_id=own.pk, touchpoint_id=front, segment_id=segment.pk)
    _store(study, [("Another segment's phone call", "en", -1)], brand_id=own.pk, touchpoint_id=phone)
    client = world.client("viewer")
    body = client.get(f"/w/{world.slug}/feedback/{study.pk}/results/?segment={segment.pk}").content.decode()
    link = f"/w/{world.slug}/feedback/{study.pk}/comments/?touchpoint={phone}&amp;segment={segment.pk}"
    assert f'href="{link}"' in body
    opened = client.get(link.replace("&amp;", "&")).content.decode()
    assert "3 comments." in opened and "Nobody picked up the phone" in opened and "Friendly" not in opened
